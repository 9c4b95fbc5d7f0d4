package dev.syncwright.store.jdbc.internal;

import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportCursor;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportPage;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.spi.DeliveryStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The report's reads: pages with their total, counts, the export stream, entries by id. A page and its total
 * are read in one consistent transaction; counts over a time window alone add up the rolled-up counts per hour
 * when the dialect keeps them, reading entries only for the partial hour at the window's edges. Thread-safe.
 */
final class ReportReads {
    /** Ids per statement when reading entries by id. */
    static final int IDS_PER_READ = 1_000;

    private final Db db;
    private final Tables t;
    private final Dialect dialect;
    private final int fetchSize;

    ReportReads(Db db, Dialect dialect, int fetchSize) {
        this.db = db;
        this.t = dialect.tables;
        this.dialect = dialect;
        this.fetchSize = fetchSize;
    }

    ReportPage page(ReportFilter filter, PageRequest page, Instant now) {
        FilterSql where = FilterSql.of(filter, now);
        List<Object> params = new ArrayList<>(where.params());
        boolean allMatchesFirst = dialect.pagesSearchesFromAllMatches() && FilterSql.searchesText(filter);
        String after = page.after() == null ? "" : (allMatchesFirst ? " WHERE " : " AND ") + SortSql.after(page.after(), params);
        String order = " ORDER BY " + SortSql.orderBy(page.sort());
        String sql;
        if (allMatchesFirst) {
            // A text search matches rows scattered over the whole table, so an index walk in the page's order,
            // stopping at a page of matches, may read most of it. The matches' ids (and sort values) are found
            // once, through the trigram index where there is one, and give both the page and the total.
            String key = page.sort().column() == ReportColumn.SYNC_ID ? "" : ", " + SortSql.column(page.sort().column());
            sql = "WITH matches AS MATERIALIZED (SELECT id" + key + " FROM " + t.entries() + " WHERE " + where.sql() + ")"
                    + " SELECT " + EntryRows.REPORT_COLUMNS + ", (SELECT count(*) FROM matches) FROM " + t.entries()
                    + " WHERE id IN (SELECT id FROM matches" + after + order + " FETCH FIRST ? ROWS ONLY)" + order;
        } else {
            sql = "SELECT " + EntryRows.REPORT_COLUMNS + " FROM " + t.entries() + " WHERE " + where.sql() + after + order
                    + " FETCH FIRST ? ROWS ONLY";
        }
        params.add(page.pageSize() + 1); // one more tells whether another page follows
        return db.readConsistent("read a page of the report", c -> {
            List<ReportEntry> entries = new ArrayList<>(page.pageSize() + 1);
            long total = -1;
            try (PreparedStatement q = c.prepareStatement(sql)) {
                Values.bind(c, q, params);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        entries.add(EntryRows.report(rs));
                        if (allMatchesFirst) {
                            total = rs.getLong(EntryRows.REPORT_COLUMN_COUNT + 1);
                        }
                    }
                }
            }
            if (total < 0) {
                total = count(c, filter, now);
            }
            if (entries.size() <= page.pageSize()) {
                return new ReportPage(entries, total, null);
            }
            List<ReportEntry> shown = entries.subList(0, page.pageSize());
            return new ReportPage(shown, total, ReportCursor.after(shown.get(shown.size() - 1), page.sort()));
        });
    }

    long count(ReportFilter filter, Instant now) {
        return db.readConsistent("count report entries", c -> count(c, filter, now));
    }

    private long count(Connection c, ReportFilter filter, Instant now) throws SQLException {
        if (rollsUp(filter)) {
            long total = 0;
            for (long n : countByStatus(c, filter, now).values()) {
                total += n;
            }
            return total;
        }
        FilterSql where = FilterSql.of(filter, now);
        try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + t.entries() + " WHERE " + where.sql())) {
            Values.bind(c, q, where.params());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Map<DeliveryStatus, Long> countByStatus(ReportFilter filter, Instant now) {
        return db.readConsistent("count report entries by status", c -> countByStatus(c, filter, now));
    }

    private boolean rollsUp(ReportFilter filter) {
        return dialect.rollsUpCounts() && FilterSql.onlyWindowAndStatus(filter);
    }

    private Map<DeliveryStatus, Long> countByStatus(Connection c, ReportFilter filter, Instant now) throws SQLException {
        long[] counts = new long[DeliveryStatus.values().length];
        Instant from = filter.createdFrom(now);
        Instant to = filter.createdTo();
        Instant firstHour = ceilHour(from);
        Instant lastHour = to == null ? null : to.truncatedTo(ChronoUnit.HOURS);
        if (rollsUp(filter) && (lastHour == null || firstHour.isBefore(lastHour))) {
            // whole hours from the rolled-up counts, the partial hours at the edges from the entries
            StringBuilder sql = new StringBuilder("SELECT status, sum(n) FROM " + t.entryCounts() + " WHERE bucket >= ?");
            List<Object> p = new ArrayList<>(List.of(firstHour));
            if (lastHour != null) {
                sql.append(" AND bucket < ?");
                p.add(lastHour);
            }
            if (filter.statuses() != null) {
                FilterSql.statuses(filter.statuses(), sql, p);
            }
            addCounts(c, sql.append(" GROUP BY status").toString(), p, counts);
            countEntries(c, filter, from, firstHour, counts);
            if (lastHour != null) {
                countEntries(c, filter, lastHour, to, counts);
            }
        } else {
            FilterSql where = FilterSql.of(filter, now);
            addCounts(c, "SELECT status, count(*) FROM " + t.entries() + " WHERE " + where.sql() + " GROUP BY status",
                    where.params(), counts);
        }
        EnumMap<DeliveryStatus, Long> map = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            map.put(s, counts[s.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Adds the counts of entries created in {@code [from, to)} with the filter's statuses. */
    private void countEntries(Connection c, ReportFilter filter, Instant from, Instant to, long[] counts) throws SQLException {
        if (!from.isBefore(to)) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT status, count(*) FROM " + t.entries()
                + " WHERE NOT purged AND created >= ? AND created < ?");
        List<Object> p = new ArrayList<>(List.of(from, to));
        if (filter.statuses() != null) {
            FilterSql.statuses(filter.statuses(), sql, p);
        }
        addCounts(c, sql.append(" GROUP BY status").toString(), p, counts);
    }

    private static void addCounts(Connection c, String sql, List<Object> params, long[] counts) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            Values.bind(c, q, params);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    counts[rs.getShort(1)] += rs.getLong(2);
                }
            }
        }
    }

    private static Instant ceilHour(Instant t) {
        Instant hour = t.truncatedTo(ChronoUnit.HOURS);
        return hour.equals(t) ? t : hour.plus(Duration.ofHours(1));
    }

    /**
     * Every match in order, read through a cursor of {@code fetchSize} rows on a connection held in a read-only
     * transaction until the stream is closed or read to its end.
     */
    Stream<ReportEntry> stream(ReportFilter filter, ReportSort sort, Instant now) {
        FilterSql where = FilterSql.of(filter, now);
        String sql = "SELECT " + EntryRows.REPORT_COLUMNS + " FROM " + t.entries() + " WHERE " + where.sql()
                + " ORDER BY " + SortSql.orderBy(sort);
        Cursor cursor;
        try {
            cursor = Cursor.open(db, sql, where.params(), fetchSize);
        } catch (SQLException e) {
            throw Db.failure("read the report for export", e);
        }
        return StreamSupport.stream(cursor, false).onClose(cursor::close);
    }

    /** A forward-only result read as a spliterator; it lets its connection go at the end or when closed. */
    private static final class Cursor extends Spliterators.AbstractSpliterator<ReportEntry> {
        private final Db.Held held;
        private final PreparedStatement statement;
        private final ResultSet rows;
        private boolean closed;

        private Cursor(Db.Held held, PreparedStatement statement, ResultSet rows) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.held = held;
            this.statement = statement;
            this.rows = rows;
        }

        static Cursor open(Db db, String sql, List<Object> params, int fetchSize) throws SQLException {
            Db.Held held = db.beginConsistent();
            try {
                Connection c = held.connection();
                PreparedStatement q = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                try {
                    q.setFetchSize(fetchSize); // in a transaction, PostgreSQL reads through a server-side cursor
                    Values.bind(c, q, params);
                    return new Cursor(held, q, q.executeQuery());
                } catch (SQLException | RuntimeException e) {
                    q.close();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                held.close();
                throw e;
            }
        }

        @Override
        public boolean tryAdvance(Consumer<? super ReportEntry> action) {
            if (closed) {
                return false;
            }
            ReportEntry next;
            try {
                if (!rows.next()) {
                    close();
                    return false;
                }
                next = EntryRows.report(rows);
            } catch (SQLException e) {
                close();
                throw Db.failure("read the report for export", e);
            }
            action.accept(next);
            return true;
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (held; statement; rows) {
                // closes the rows, the statement, then ends the transaction and lets the connection go
            } catch (SQLException e) {
                throw Db.failure("end an export's read of the report", e);
            }
        }
    }

    /** @return the entries of these ids that are in the report (not purged), in id order */
    List<ReportEntry> getAll(Collection<Long> ids) {
        return byIds("read report entries", EntryRows.REPORT_COLUMNS, ids, EntryRows::report);
    }

    /** @return rows of the entries of these ids that are in the report, in id order, read in slices */
    <T> List<T> byIds(String what, String columns, Collection<Long> ids, RowReader<T> reader) {
        List<Long> sorted = new ArrayList<>(new TreeSet<>(ids));
        if (sorted.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + columns + " FROM " + t.entries() + " WHERE id = ANY(?) AND NOT purged ORDER BY id";
        return db.readConsistent(what, c -> {
            List<T> out = new ArrayList<>();
            for (int from = 0; from < sorted.size(); from += IDS_PER_READ) {
                List<Long> slice = sorted.subList(from, Math.min(sorted.size(), from + IDS_PER_READ));
                try (PreparedStatement q = c.prepareStatement(sql)) {
                    Values.bind(c, q, List.of(Values.ArrayParam.ofLongs(slice)));
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            out.add(reader.read(rs));
                        }
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    long size() {
        String sql = dialect.rollsUpCounts()
                ? "SELECT COALESCE(sum(n), 0) FROM " + t.entryCounts()
                : "SELECT count(*) FROM " + t.entries() + " WHERE NOT purged";
        return db.read("count the report's entries", c -> {
            try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
