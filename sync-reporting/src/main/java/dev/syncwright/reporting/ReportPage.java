package dev.syncwright.reporting;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query's result. Immutable.
 *
 * @param entries    the entries of this page in the request's order, unmodifiable
 * @param total      how many entries match the filter (all pages), when the page was read
 * @param nextCursor where the next page starts (pass it to {@link PageRequest#after(ReportCursor)}), or null on
 *                   the last page
 */
public record ReportPage(List<ReportEntry> entries, long total, ReportCursor nextCursor) {
    /**
     * Creates the value, checking its components.
     *
     * @param entries the entries of this page in the request's order, unmodifiable
     * @param total how many entries match the filter (all pages), when the page was read
     * @param nextCursor where the next page starts (pass it to {@link PageRequest#after(ReportCursor)}), or null on
     *                   the last page
     */
    public ReportPage {
        entries = List.copyOf(entries);
    }

    /** @return the next page's cursor, empty on the last page */
    public Optional<ReportCursor> next() {
        return Optional.ofNullable(nextCursor);
    }
}
