package dev.syncwright.reporting;

/**
 * The columns of the sync report, for sorting and exports. Texts sort by Unicode code point with null
 * first; statuses in the order OK, SENT, PENDING, FAILED.
 */
public enum ReportColumn {
    /** The entry id. */
    SYNC_ID,
    /** The run that first attempted the record. */
    RUN_ID,
    /** "source → destination". */
    SYSTEM,
    /** The entity. */
    ENTITY,
    /** The human-readable key. */
    REFERENCE,
    /** The record key at the source (an optional column). */
    SOURCE_ID,
    /** The record id in the destination (an optional column). */
    ENDPOINT_ID,
    /** The delivery status. */
    STATUS,
    /** Writes so far. */
    ATTEMPTS,
    /** Why PENDING or FAILED. */
    MESSAGE,
    /** When the entry was added. */
    CREATED,
    /** When the entry last changed. */
    UPDATED,
    /** When the record was last synced (an optional column). */
    LATEST_SYNC_TIME
}
