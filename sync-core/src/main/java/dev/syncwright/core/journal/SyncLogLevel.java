package dev.syncwright.core.journal;

/** How serious a {@link SyncLogEvent} is. */
public enum SyncLogLevel {
    /** Something the user should look at, the run went on (e.g. a run cancelled). */
    WARN,
    /** Something failed: an entity, records after their retries, a run. */
    ERROR
}
