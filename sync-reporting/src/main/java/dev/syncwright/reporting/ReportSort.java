package dev.syncwright.reporting;

import java.util.Objects;

/**
 * The order of report entries: a column and a direction; ties are broken by sync id in the same direction, so
 * the order is total. Immutable.
 *
 * @param column    the sort column, not null
 * @param direction the direction, not null
 */
public record ReportSort(ReportColumn column, SortDirection direction) {
    /** Newest first: sync id descending (the default). */
    public static final ReportSort NEWEST_FIRST = new ReportSort(ReportColumn.SYNC_ID, SortDirection.DESC);

    /**
     * Creates the value, checking its components.
     *
     * @param column the sort column, not null
     * @param direction the direction, not null
     */
    public ReportSort {
        Objects.requireNonNull(column, "sort column must not be null");
        Objects.requireNonNull(direction, "sort direction must not be null");
    }

    /**
     * @param column the column to sort on, not null
     * @param direction ascending or descending, not null
     * @return the sort on {@code column} in {@code direction}
     */
    public static ReportSort by(ReportColumn column, SortDirection direction) {
        return new ReportSort(column, direction);
    }
}
