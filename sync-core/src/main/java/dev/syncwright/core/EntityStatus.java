package dev.syncwright.core;

/**
 * Where one entity of a run stands: {@code WAITING → PROCESSING → COMPLETE | ERROR}.
 *
 * <p>The rule for the end state: an entity is ERROR when it stopped on a failure that is not retryable
 * (its source or destination threw a non-transient {@link dev.syncwright.spi.ConnectorException}), or when
 * every one of its records FAILED. An entity that read through to its end with only some records FAILED is
 * COMPLETE, and {@link EntityProgress#deliveries()} says how many failed. An entity a cancel interrupted goes
 * back to WAITING, with {@link EntityProgress#interrupted()} set, keeping its committed checkpoint for the next
 * run.
 */
public enum EntityStatus {
    /**
     * Not started (yet, or ever: a cancelled run leaves unstarted entities WAITING), or stopped by a cancel
     * after it started ({@link EntityProgress#interrupted()}).
     */
    WAITING,
    /** Batches are being read and written. */
    PROCESSING,
    /** Every record was attempted; some may have FAILED (see {@link EntityProgress#deliveries()}). */
    COMPLETE,
    /** The entity stopped on an error that was not retryable, or every one of its records failed. */
    ERROR;

    /** @return true for COMPLETE and ERROR */
    public boolean isFinished() {
        return this == COMPLETE || this == ERROR;
    }
}
