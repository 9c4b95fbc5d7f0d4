package dev.syncwright.core.journal;

/** What a {@link SyncLogEvent} is about. */
public enum SyncLogKind {
    /** An entity ended ERROR (a connector failure that was not retryable, or every record failed). */
    ENTITY_FAILED,
    /** Records ended FAILED (a permanent rejection, or retries exhausted). */
    RECORDS_FAILED,
    /** The run was cancelled; unfinished work stays for the next run. */
    RUN_CANCELLED,
    /** The run could not start or go on. */
    RUN_FAILED,
    /** A resync could not re-send some records. */
    RESYNC_FAILED,
    /** Any other event a host application adds. */
    OTHER
}
