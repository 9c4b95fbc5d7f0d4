package dev.syncwright.store.jdbc.internal;

import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportCursor;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.SortDirection;

import java.util.List;

/**
 * A report order in SQL: the sort column, then the sync id in the same direction; texts null first (ascending)
 * in the columns' byte order; and the keyset condition "sorts strictly after this cursor". Stateless.
 */
final class SortSql {
    private SortSql() {
    }

    /** @return the column a sort orders by */
    static String column(ReportColumn c) {
        return switch (c) {
            case SYNC_ID -> "id";
            case RUN_ID -> "run_id";
            case SYSTEM -> "system";
            case ENTITY -> "entity";
            case REFERENCE -> "reference";
            case SOURCE_ID -> "source_id";
            case ENDPOINT_ID -> "endpoint_id";
            case STATUS -> "status";
            case ATTEMPTS -> "attempts";
            case MESSAGE -> "message";
            case CREATED -> "created";
            case UPDATED, LATEST_SYNC_TIME -> "updated";
        };
    }

    private static boolean nullable(ReportColumn c) {
        return switch (c) {
            case REFERENCE, SOURCE_ID, ENDPOINT_ID, MESSAGE -> true;
            default -> false;
        };
    }

    /** @return the ORDER BY list; NULLS only on nullable columns, so indexes on the others serve the order */
    static String orderBy(ReportSort sort) {
        boolean asc = sort.direction() == SortDirection.ASC;
        String dir = asc ? " ASC" : " DESC";
        if (sort.column() == ReportColumn.SYNC_ID) {
            return "id" + dir;
        }
        String nulls = nullable(sort.column()) ? (asc ? " NULLS FIRST" : " NULLS LAST") : "";
        return column(sort.column()) + dir + nulls + ", id" + dir;
    }

    /**
     * @return the condition that an entry sorts strictly after the cursor, its parameters added to {@code p}
     */
    static String after(ReportCursor cursor, List<Object> p) {
        ReportColumn c = cursor.sort().column();
        boolean asc = cursor.sort().direction() == SortDirection.ASC;
        String op = asc ? " > " : " < ";
        if (c == ReportColumn.SYNC_ID) {
            p.add(cursor.syncId());
            return "id" + op + "?";
        }
        String col = column(c);
        if (!ReportCursor.isNumeric(c) && cursor.text() == null) {
            // the cursor sits among the nulls, which sort first
            p.add(cursor.syncId());
            return asc ? "(" + col + " IS NOT NULL OR id > ?)" : "(" + col + " IS NULL AND id < ?)";
        }
        p.add(value(cursor));
        p.add(cursor.syncId());
        String row = "(" + col + ", id)" + op + "(?, ?)";
        // a null never compares: ascending, nulls come before any text; descending, after it
        return asc || !nullable(c) ? row : "(" + row + " OR " + col + " IS NULL)";
    }

    private static Object value(ReportCursor cursor) {
        return switch (cursor.sort().column()) {
            case STATUS -> (short) cursor.number();
            case ATTEMPTS -> (int) cursor.number();
            case CREATED, UPDATED, LATEST_SYNC_TIME -> cursor.time();
            default -> cursor.text();
        };
    }
}
