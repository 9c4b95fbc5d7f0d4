/**
 * The sync engine's public API: build a {@link dev.syncwright.core.SyncEngine}, start a
 * {@link dev.syncwright.core.SyncRequest}, watch its {@link dev.syncwright.core.SyncProgress} through the
 * {@link dev.syncwright.core.SyncExecution} handle or a {@link dev.syncwright.core.event.SyncListener},
 * cancel it gracefully, and re-run it to continue from committed checkpoints.
 *
 * <p>Types in {@code dev.syncwright.core.internal} are not API.
 */
package dev.syncwright.core;
