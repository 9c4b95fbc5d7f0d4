/**
 * Callbacks of a run: {@link dev.syncwright.core.event.SyncListener} and the values it receives.
 */
package dev.syncwright.core.event;
