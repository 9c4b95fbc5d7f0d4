package dev.syncwright.core;

/** Where each entity starts when a run does not continue an interrupted one. */
public enum SyncMode {
    /** Every entity from its first record. */
    FULL,
    /** Every entity from the checkpoint its last complete run ended at, so only new or changed records move. */
    INCREMENTAL
}
