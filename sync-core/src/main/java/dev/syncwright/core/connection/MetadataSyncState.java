package dev.syncwright.core.connection;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a connection's metadata sync. Immutable and thread-safe.
 *
 * @param status         where the metadata sync stands, not null
 * @param pendingChanges how many changes wait for the next round (as last counted, by a round or by
 *                       {@link Connection#checkMetadata()}); in ERROR, the changes that failed
 * @param round          how many rounds have started on this connection (0 before the first)
 * @param lastRoundAt    when the last round ended; null before the first
 * @param reason         why the status is what it is (e.g. "2 of 3 changes failed"); may be null
 * @param errorLog       the log of the last failed round, kept until a round succeeds; may be null
 */
public record MetadataSyncState(MetadataSyncStatus status, int pendingChanges, long round, Instant lastRoundAt,
                                String reason, MetadataErrorLog errorLog) {
    /** Before anything happened. */
    public static final MetadataSyncState INITIAL = new MetadataSyncState(MetadataSyncStatus.IDLE, 0, 0, null, null, null);

    /**
     * Creates the value, checking its components.
     *
     * @param status where the metadata sync stands, not null
     * @param pendingChanges how many changes wait for the next round (as last counted, by a round or by {@link
     *                       Connection#checkMetadata()}); in ERROR, the changes that failed
     * @param round how many rounds have started on this connection (0 before the first)
     * @param lastRoundAt when the last round ended; null before the first
     * @param reason why the status is what it is (e.g. "2 of 3 changes failed"); may be null
     * @param errorLog the log of the last failed round, kept until a round succeeds; may be null
     */
    public MetadataSyncState {
        Objects.requireNonNull(status, "status");
        if (pendingChanges < 0) {
            throw new IllegalArgumentException("pendingChanges must not be negative, was " + pendingChanges);
        }
    }

    /** @return true when a failed round paused metadata syncing (status ERROR) */
    public boolean isPaused() {
        return status == MetadataSyncStatus.ERROR;
    }

    /** @return the log of the last failed round, if one is kept */
    public Optional<MetadataErrorLog> lastErrorLog() {
        return Optional.ofNullable(errorLog);
    }
}
