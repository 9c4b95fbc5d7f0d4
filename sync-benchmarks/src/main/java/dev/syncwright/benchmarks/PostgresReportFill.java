package dev.syncwright.benchmarks;

import dev.syncwright.core.journal.JournalEntry;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fills a PostgreSQL report quickly with the entries {@link ReportFill} writes through a store's journal (the
 * same values, ids, runs and times): COPY straight into the store's entries table, as its writes would leave
 * the rows, with the secondary indexes dropped during the load and built again afterwards (a bulk build is many
 * times faster than growing them row by row), then VACUUM ANALYZE, as autovacuum would do on a live database.
 * The store's triggers keep its rolled-up counts during the COPY.
 */
final class PostgresReportFill {
    private static final int ROWS_PER_COPY = 1_000_000;

    private PostgresReportFill() {
    }

    /**
     * @param table the entries table, quoted and qualified
     * @return seconds taken
     */
    static double fill(DataSource db, String schema, String table, int count, int runs, Instant first, long step)
            throws SQLException, IOException {
        long start = System.nanoTime();
        List<String> indexes = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            try (PreparedStatement q = c.prepareStatement("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ?"
                    + " AND tablename = ? AND indexname NOT LIKE '%pkey'")) {
                q.setString(1, schema);
                q.setString(2, table.substring(table.lastIndexOf('.') + 2, table.length() - 1));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        s.execute("DROP INDEX \"" + schema + "\".\"" + rs.getString(1) + "\"");
                        indexes.add(rs.getString(2));
                    }
                }
            }
        }
        String copy = "COPY " + table + " (id, created, updated, attempts, status, passed, open, sync_name, run_id,"
                + " system, system_lc, entity, reference, reference_lc, source_id, message, message_lc, delivery_id)"
                + " FROM STDIN";
        for (int from = 0; from < count; from += ROWS_PER_COPY) {
            int end = Math.min(count, from + ROWS_PER_COPY);
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try (OutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class), copy, 1 << 20)) {
                    StringBuilder row = new StringBuilder(256);
                    for (int i = from; i < end; i++) {
                        row.setLength(0);
                        int run = (int) ((long) i * runs / count);
                        appendRow(row, ReportFill.entry(i + 1L, i, first.plusNanos(step * i)), "run-" + run,
                                "entity-" + i % ReportFill.ENTITIES);
                        out.write(row.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
                c.commit();
            }
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '1GB'");
            for (String index : indexes) {
                s.execute(index);
            }
            s.execute("UPDATE \"" + schema + "\".\"syncwright_id_blocks\" SET next_id = " + (count + 1L));
            s.execute("VACUUM ANALYZE " + table);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void appendRow(StringBuilder b, JournalEntry e, String run, String entity) {
        String time = e.time().toString();
        b.append(e.id()).append('\t').append(time).append('\t').append(time).append('\t').append(e.attempts())
                .append('\t').append(e.status().ordinal()).append('\t').append(e.passed() ? 't' : 'f').append('\t')
                .append(e.status().isFinal() ? 'f' : 't').append('\t');
        text(b, "bench").append('\t');
        text(b, run).append('\t');
        text(b, ReportFill.SYSTEM).append('\t');
        String systemLc = ReportFill.SYSTEM.toLowerCase(Locale.ROOT);
        text(b, systemLc.equals(ReportFill.SYSTEM) ? null : systemLc).append('\t');
        text(b, entity).append('\t');
        text(b, e.reference()).append('\t');
        text(b, lower(e.reference())).append('\t');
        text(b, e.sourceId()).append('\t');
        text(b, e.message()).append('\t');
        text(b, lower(e.message())).append('\t');
        text(b, e.deliveryId()).append('\n');
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** Appends a value in COPY's text format: \N for null, backslash, tab and line breaks escaped. */
    private static StringBuilder text(StringBuilder b, String v) {
        if (v == null) {
            return b.append("\\N");
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b;
    }

    /** @return the step between entries' creation times that spreads {@code count} entries over {@code span} */
    static long step(Duration span, int count) {
        return span.toNanos() / count;
    }
}
