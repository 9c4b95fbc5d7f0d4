package dev.syncwright.core;

/** How a run ended. */
public enum RunStatus {
    /** Every entity is COMPLETE with no failed record. */
    COMPLETED,
    /** Every entity finished, but at least one is ERROR or has FAILED records. */
    COMPLETED_WITH_ERRORS,
    /** {@link SyncExecution#cancel()} stopped the run; a re-run continues where it stopped. */
    CANCELLED,
    /** The run could not start or go on at all (a connector failed to open, an unknown entity). */
    FAILED
}
