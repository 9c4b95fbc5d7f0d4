package dev.syncwright.core.connection;

/**
 * Where a connection's metadata sync stands. {@link MetadataSyncState#pendingChanges()} says, in every status,
 * how many changes wait for the next round.
 */
public enum MetadataSyncStatus {
    /** No round has run and no change was found waiting. */
    IDLE,
    /** Changes were found at the home and wait for the next round. */
    PENDING,
    /** A round is applying changes to the companion. */
    IN_PROGRESS,
    /** The last round applied every change it found. */
    SUCCEEDED,
    /**
     * A change of the last round failed. Metadata syncing is paused: no later round runs, on demand or on a
     * schedule, until the host resolves the error ({@link Connection#resolveMetadataError()}).
     */
    ERROR
}
