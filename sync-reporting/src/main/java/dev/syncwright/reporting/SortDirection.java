package dev.syncwright.reporting;

/** Ascending or descending; ties are always broken by sync id in the same direction. */
public enum SortDirection {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC
}
