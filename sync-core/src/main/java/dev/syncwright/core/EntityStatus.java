package dev.syncwright.core;

/** Where one entity of a run stands: {@code WAITING → PROCESSING → COMPLETE | ERROR}. */
public enum EntityStatus {
    /** Not started (yet, or ever: a cancelled run leaves unstarted entities WAITING). */
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
