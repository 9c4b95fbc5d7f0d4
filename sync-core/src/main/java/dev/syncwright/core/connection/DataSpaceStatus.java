package dev.syncwright.core.connection;

/**
 * The initialization status of a data space shared over a connection:
 * {@code ACTIVATING → ACTIVE | ERROR}, {@code ERROR → ACTIVATING} on a retry, and
 * {@code ACTIVE | ERROR → REMOVING_SHARING} when unshared, after which the data space is gone
 * (or back in {@code ERROR} when removing its data failed).
 */
public enum DataSpaceStatus {
    /** Sharing started; the initial sync of its entities is queued or running. */
    ACTIVATING,
    /** The initial sync completed: every record of its entities reached the companion. */
    ACTIVE,
    /** The initial sync (or removing the data when unsharing) failed; the reason is kept; it can be retried. */
    ERROR,
    /** Unsharing: its entities' data is being removed from the companion. */
    REMOVING_SHARING
}
