package dev.syncwright.reporting;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query's result. Immutable.
 *
 * @param entries    the entries of this page in the query's order, unmodifiable
 * @param total      how many entries match the query (all pages), when the page was read
 * @param nextCursor the cursor of the next page (pass it to {@link ReportQuery.Builder#after}), or null on
 *                   the last page
 */
public record ReportPage(List<ReportEntry> entries, long total, String nextCursor) {
    public ReportPage {
        entries = List.copyOf(entries);
    }

    /** @return the next page's cursor, empty on the last page */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
