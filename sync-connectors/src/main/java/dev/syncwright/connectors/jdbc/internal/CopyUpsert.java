package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.SyncRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's bulk path: a batch is {@code COPY}'d (text format, through pgjdbc's {@code CopyManager}) into a
 * temporary staging table and upserted from there with one {@code INSERT .. SELECT .. ON CONFLICT (key) DO UPDATE},
 * in one transaction. The staging table is made once per connection and set of columns, {@code ON COMMIT DELETE
 * ROWS}, with the target's column types but none of its constraints; it lives as long as the connection's session.
 *
 * <p>Outcomes are exactly those of writing the rows one after another: a value that does not fit its column is
 * FAILED before anything is sent; when the same key comes twice, the later row is written (the earlier counts as
 * written and overwritten); when the database rejects the bulk statement for a row's data (a constraint, a value
 * out of range), the transaction is rolled back and the batch written row by row to FAIL only the bad rows. A lost
 * connection or a timeout (the statement timeout holds for the COPY too) is thrown, so the engine retries the
 * batch; the upsert makes the retry store each key once.
 *
 * <p>Loads pgjdbc's classes: call only when {@link #supports} said yes. Stateless.
 */
public final class CopyUpsert {
    private static final Logger LOG = LoggerFactory.getLogger(CopyUpsert.class);

    private CopyUpsert() {
    }

    /**
     * @return true when the connection is, or wraps, one of PostgreSQL's JDBC driver; false when that driver is
     *         not on the class path
     */
    public static boolean supports(Connection c) {
        try {
            return Holder.isPg(c);
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Keeps pgjdbc's classes out of {@link #supports}'s own class, so that a missing driver is only a false. */
    private static final class Holder {
        static boolean isPg(Connection c) {
            try {
                return c.isWrapperFor(PGConnection.class);
            } catch (SQLException e) {
                return false;
            }
        }
    }

    /**
     * @param c              a pgjdbc connection in auto-commit mode; left in a transaction the caller's release ends
     * @param upsert         the dialect's row upsert, for finding bad rows one by one
     * @param timeoutSeconds the statement timeout of every statement, COPY included
     * @param entity         the entity's name, for the log
     * @return one outcome per record
     * @throws SQLException when the batch failed as a whole (transient or not) rather than on a row's data
     */
    public static List<DeliveryOutcome> write(Connection c, TargetTable table, List<TargetTable.Column> columns,
                                              List<SyncRecord> batch, String upsert, int timeoutSeconds, String entity)
            throws SQLException {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        CopyText text = new CopyText(batch.size() * 64);
        int[] from = new int[batch.size()];
        int[] to = new int[batch.size()];
        List<Integer> encoded = new ArrayList<>(batch.size());
        Map<String, Integer> lastWithKey = new HashMap<>(batch.size() * 2);
        for (int i = 0; i < batch.size(); i++) {
            from[i] = text.size();
            try {
                String key = null;
                for (int p = 0; p < columns.size(); p++) {
                    if (p > 0) {
                        text.tab();
                    }
                    int start = text.size();
                    text.value(table.convert(columns.get(p), batch.get(i)));
                    if (p == 0) {
                        key = text.since(start); // the key column comes first
                    }
                }
                text.endRow();
                to[i] = text.size();
                encoded.add(i);
                Integer earlier = lastWithKey.put(key, i);
                if (earlier != null) {
                    to[earlier] = from[earlier]; // written over by this row: not sent, which ON CONFLICT could not take
                }
            } catch (Values.BadValue e) {
                text.truncate(from[i]);
                to[i] = from[i];
                outcomes[i] = DeliveryOutcome.failed(e.getMessage());
            }
        }
        if (encoded.isEmpty()) {
            return Arrays.asList(outcomes);
        }
        Statements sql = statements(table, columns, timeoutSeconds);
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute(sql.prepare);
            }
            copy(c, sql.copy, text, from, to);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(sql.upsert);
            }
            c.commit();
            for (int i : encoded) {
                outcomes[i] = DeliveryOutcome.ok(batch.get(i).key());
            }
        } catch (SQLException e) {
            StatementUpsert.rollback(c);
            if (SqlErrors.isTransient(e) || !StatementUpsert.isRowError(e)) {
                throw e;
            }
            LOG.debug("Bulk upsert of entity {} failed ({}); writing it row by row", Texts.oneLine(entity), Texts.describe(e));
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                ps.setQueryTimeout(timeoutSeconds);
                StatementUpsert.rowByRow(c, ps, table, columns, batch, encoded, outcomes);
            }
        }
        return Arrays.asList(outcomes);
    }

    /** Sends the rows' bytes, skipping rows not to be sent, in as few messages as their order allows. */
    private static void copy(Connection c, String sql, CopyText text, int[] from, int[] to) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            int start = -1;
            int end = -1;
            for (int i = 0; i < from.length; i++) {
                if (to[i] == from[i]) {
                    continue;
                }
                if (from[i] != end) {
                    if (end > start) {
                        in.writeToCopy(text.bytes(), start, end - start);
                    }
                    start = from[i];
                }
                end = to[i];
            }
            if (end > start) {
                in.writeToCopy(text.bytes(), start, end - start);
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException e) {
                    LOG.debug("Cancelling a COPY failed: {}", Texts.describe(e));
                }
            }
        }
    }

    /** The statements of one batch: make the staging table and set the timeout, COPY into it, upsert from it. */
    private record Statements(String prepare, String copy, String upsert) {
    }

    private static Statements statements(TargetTable table, List<TargetTable.Column> columns, int timeoutSeconds) {
        String list = String.join(", ", table.quoted(columns));
        String stage = "pg_temp." + stageName(table.sql(), list);
        return new Statements("SET LOCAL statement_timeout = " + timeoutSeconds * 1000L + "; CREATE TEMP TABLE IF NOT EXISTS "
                + stage + " ON COMMIT DELETE ROWS AS SELECT " + list + " FROM " + table.sql() + " WITH NO DATA",
                "COPY " + stage + " FROM STDIN",
                "INSERT INTO " + table.sql() + " (" + list + ") SELECT " + list + " FROM " + stage
                        + Sql.onConflict(table.quotedKey(), table.quoted(columns)));
    }

    /** @return a name for the staging table of these columns of this table, the same on every call */
    static String stageName(String table, String columns) {
        long h = 0xcbf29ce484222325L; // 64-bit FNV-1a: names of other tables and column sets collide with odds of 2^-64
        String both = table + '\0' + columns;
        for (int i = 0; i < both.length(); i++) {
            h = (h ^ both.charAt(i)) * 0x100000001b3L;
        }
        return "\"syncwright_stage_" + Long.toHexString(h) + "\"";
    }
}
