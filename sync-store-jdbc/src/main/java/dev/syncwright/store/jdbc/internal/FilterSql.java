package dev.syncwright.store.jdbc.internal;

import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link ReportFilter} as an SQL condition on the entries table and its parameters, with the in-memory
 * store's meaning: every filter set must match; texts compared ignoring case through the lower-case columns
 * (lower-cased by Java's {@code Locale.ROOT}, as the in-memory store does); "contains" as LIKE with the
 * filter's text escaped; the search box as system contains OR reference contains OR sync id equals. Purged
 * entries never match. Immutable.
 *
 * @param sql    the condition, never empty
 * @param params its parameters, in order
 */
record FilterSql(String sql, List<Object> params) {
    /** The escape character of LIKE patterns: not a backslash, whose meaning in literals varies by server setting. */
    static final char ESCAPE = '!';
    /** The system in lower case: system_lc is null when the system is in lower case already. */
    private static final String SYSTEM_LC = "COALESCE(system_lc, system)";

    /**
     * @param f   the filter
     * @param now the store's clock reading, for a relative window
     */
    static FilterSql of(ReportFilter f, Instant now) {
        StringBuilder sql = new StringBuilder("NOT purged AND created >= ?");
        List<Object> p = new ArrayList<>();
        p.add(f.createdFrom(now));
        if (f.createdTo() != null) {
            sql.append(" AND created < ?");
            p.add(f.createdTo());
        }
        if (f.statuses() != null) {
            statuses(f.statuses(), sql, p);
        }
        if (f.updatedFrom() != null) {
            sql.append(" AND updated >= ?");
            p.add(f.updatedFrom());
        }
        if (f.updatedTo() != null) {
            sql.append(" AND updated < ?");
            p.add(f.updatedTo());
        }
        if (f.entities() != null) {
            anyOf("entity", Values.ArrayParam.ofTexts(f.entities()), sql, p);
        }
        if (f.runIds() != null) {
            anyOf("run_id", Values.ArrayParam.ofTexts(f.runIds()), sql, p);
        }
        if (f.syncIds() != null) {
            anyOf("id", Values.ArrayParam.ofLongs(f.syncIds()), sql, p);
        }
        if (f.systemEquals() != null) {
            sql.append(" AND " + SYSTEM_LC + " = ?");
            p.add(EntryBatch.lower(f.systemEquals()));
        }
        if (f.systemContains() != null) {
            contains(SYSTEM_LC, f.systemContains(), sql, p);
        }
        if (f.referenceEquals() != null) {
            sql.append(" AND reference_lc = ?");
            p.add(EntryBatch.lower(f.referenceEquals()));
        }
        if (f.referenceContains() != null) {
            contains("reference_lc", f.referenceContains(), sql, p);
        }
        if (f.sourceId() != null) {
            sql.append(" AND source_id = ?");
            p.add(f.sourceId());
        }
        if (f.endpointId() != null) {
            sql.append(" AND endpoint_id = ?");
            p.add(f.endpointId());
        }
        if (f.minAttempts() > 0) {
            sql.append(" AND attempts >= ?");
            p.add(f.minAttempts());
        }
        if (f.maxAttempts() != Integer.MAX_VALUE) {
            sql.append(" AND attempts <= ?");
            p.add(f.maxAttempts());
        }
        if (f.messageContains() != null) {
            contains("message_lc", f.messageContains(), sql, p);
        }
        if (f.search() != null) {
            String pattern = containsPattern(f.search());
            sql.append(" AND (" + SYSTEM_LC + " LIKE ? ESCAPE '").append(ESCAPE).append("' OR reference_lc LIKE ? ESCAPE '")
                    .append(ESCAPE).append('\'');
            p.add(pattern);
            p.add(pattern);
            long id = syncId(f.search());
            if (id > 0) {
                sql.append(" OR id = ?");
                p.add(id);
            }
            sql.append(')');
        }
        return new FilterSql(sql.toString(), List.copyOf(p));
    }

    /**
     * @return true when the filter selects by nothing but the creation time window and statuses, so its counts
     *         can be added up from counts rolled up per hour
     */
    static boolean onlyWindowAndStatus(ReportFilter f) {
        return f.updatedFrom() == null && f.updatedTo() == null && f.search() == null && f.systemEquals() == null
                && f.systemContains() == null && f.syncIds() == null && f.referenceEquals() == null
                && f.referenceContains() == null && f.sourceId() == null && f.endpointId() == null
                && f.entities() == null && f.runIds() == null && f.minAttempts() <= 0
                && f.maxAttempts() == Integer.MAX_VALUE && f.messageContains() == null;
    }

    /** @return true when the filter searches for text inside a column (reference, system, message, the search box) */
    static boolean searchesText(ReportFilter f) {
        return f.referenceContains() != null || f.search() != null || f.systemContains() != null
                || f.messageContains() != null;
    }

    /** Appends {@code AND status IN (...)} for the statuses, in ordinal order. */
    static void statuses(Set<DeliveryStatus> statuses, StringBuilder sql, List<Object> p) {
        sql.append(statuses.size() == 1 ? " AND status = ?" : " AND status IN (" + "?, ".repeat(statuses.size() - 1) + "?)");
        for (DeliveryStatus s : DeliveryStatus.values()) {
            if (statuses.contains(s)) {
                p.add((short) s.ordinal());
            }
        }
    }

    private static void anyOf(String column, Values.ArrayParam values, StringBuilder sql, List<Object> p) {
        sql.append(" AND ").append(column).append(" = ANY(?)");
        p.add(values);
    }

    private static void contains(String column, String text, StringBuilder sql, List<Object> p) {
        sql.append(" AND ").append(column).append(" LIKE ? ESCAPE '").append(ESCAPE).append('\'');
        p.add(containsPattern(text));
    }

    /** @return the LIKE pattern of "contains this text, ignoring case" on a lower-case column */
    static String containsPattern(String text) {
        String lower = EntryBatch.lower(text);
        StringBuilder b = new StringBuilder(lower.length() + 8).append('%');
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (ch == '%' || ch == '_' || ch == ESCAPE) {
                b.append(ESCAPE);
            }
            b.append(ch);
        }
        return b.append('%').toString();
    }

    /** @return the search text as a sync id, or -1 when it is not a number (as the in-memory store reads it) */
    private static long syncId(String search) {
        try {
            return Long.parseLong(search.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
