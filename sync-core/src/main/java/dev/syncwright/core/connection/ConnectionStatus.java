package dev.syncwright.core.connection;

/**
 * Where a {@link Connection} stands:
 * {@code CONNECTING → INCOMPLETE ⇄ ACTIVE}, either of them {@code ⇄ INACTIVE}, and {@code DISCONNECTED} at the end.
 *
 * <p>{@code CONNECTING} goes to {@code INCOMPLETE} when the first check of both ends passes, or to
 * {@code INACTIVE} when it fails. Sharing a data space moves {@code INCOMPLETE} to {@code ACTIVE}; unsharing the
 * last one moves it back. A failed check moves {@code INCOMPLETE} or {@code ACTIVE} to {@code INACTIVE}; a later
 * passed check moves it back to {@code ACTIVE}, or to {@code INCOMPLETE} when nothing is shared.
 */
public enum ConnectionStatus {
    /** The first check of both ends is in progress. */
    CONNECTING,
    /** Both ends answered, but no data space is shared yet; the connection does nothing. */
    INCOMPLETE,
    /** At least one data space is shared (whatever its initial sync's outcome) and both ends answer. */
    ACTIVE,
    /**
     * A check found an end unreachable or gone, or its credentials or licence expired; nothing is synced
     * (no sharing, initial sync, unsharing or metadata round) until a later check passes.
     */
    INACTIVE,
    /** The host disconnected the connection; it is gone from the manager and its store, and does nothing more. */
    DISCONNECTED;

    /** @return true for INCOMPLETE and ACTIVE: both ends answered and data spaces may be shared or unshared */
    public boolean isUsable() {
        return this == INCOMPLETE || this == ACTIVE;
    }
}
