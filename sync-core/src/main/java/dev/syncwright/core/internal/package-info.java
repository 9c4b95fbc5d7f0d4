/**
 * The engine's implementation. Not API: anything here may change without notice.
 */
package dev.syncwright.core.internal;
