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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL's bulk path. A batch is {@code COPY}'d (text format, through pgjdbc's {@code CopyManager}) into a
 * temporary staging table and upserted from there with one {@code INSERT .. SELECT .. ON CONFLICT (key) DO UPDATE},
 * in one transaction. The staging table is made once per connection and set of columns, {@code ON COMMIT DELETE
 * ROWS}, with the target's column types but none of its constraints; it lives as long as the database connection.
 *
 * <p>While a table's batches bring only keys it does not hold yet (a first load), a batch is first {@code COPY}'d
 * straight into the table instead, which costs the server a third of the staged upsert: when no key of the batch is
 * in the table, inserting is upserting. A key already there makes that COPY fail on the key's unique index; the batch
 * is then staged and upserted, and the table's next batches go the staged way for a while (16 batches, doubling up to
 * 1,024 while keys keep being found) before a straight COPY is tried again. Tables without a unique index on the key
 * alone, and tables a COPY cannot write (row-level security, a view), are always staged.
 *
 * <p>Outcomes are exactly those of writing the rows one after another: a value that does not fit its column is
 * FAILED before anything is sent; when the same key comes twice, the later row is written (the earlier counts as
 * written and overwritten); when the database rejects the batch for a row's data (a constraint, a value out of
 * range), the transaction is rolled back and the batch written row by row to FAIL only the bad rows. A lost
 * connection or a timeout (the statement timeout holds for the COPY too) is thrown, so the engine retries the
 * batch; the upsert makes the retry store each key once.
 *
 * <p>Loads pgjdbc's classes: make one only when {@link #supports} said yes. Thread-safe: one per destination,
 * batches of different entities written at once.
 */
public final class CopyUpsert {
    private static final Logger LOG = LoggerFactory.getLogger(CopyUpsert.class);
    private final Map<String, StraightCopy> tables = new ConcurrentHashMap<>();

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

    /** The rows of a batch as COPY text, and which of them are sent. */
    private record Rows(CopyText text, int[] from, int[] to, List<Integer> encoded) {
    }

    /**
     * @param c              a pgjdbc connection in auto-commit mode; left in a transaction the caller's release ends
     * @param upsert         the dialect's row upsert, for finding bad rows one by one
     * @param timeoutSeconds the statement timeout of every statement, COPY included
     * @param entity         the entity's name, for the log
     * @return one outcome per record
     * @throws SQLException when the batch failed as a whole (transient or not) rather than on a row's data
     */
    public List<DeliveryOutcome> write(Connection c, TargetTable table, List<TargetTable.Column> columns,
                                       List<SyncRecord> batch, String upsert, int timeoutSeconds, String entity)
            throws SQLException {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        Rows rows = encode(table, columns, batch, outcomes);
        if (rows.encoded().isEmpty()) {
            return Arrays.asList(outcomes);
        }
        String list = String.join(", ", table.quoted(columns));
        String timeout = "SET LOCAL statement_timeout = " + timeoutSeconds * 1000L;
        StraightCopy straight = tables.get(table.sql());
        if (straight == null) {
            tables.putIfAbsent(table.sql(), StraightCopy.of(c, table));
            straight = tables.get(table.sql());
        }
        c.setAutoCommit(false);
        boolean stage = true;
        if (straight.tryNow()) {
            try {
                try (Statement s = c.createStatement()) {
                    s.execute(timeout);
                }
                copy(c, "COPY " + table.sql() + " (" + list + ") FROM STDIN", rows);
                c.commit();
                straight.succeeded();
                return ok(batch, rows, outcomes);
            } catch (SQLException e) {
                StatementUpsert.rollback(c);
                if (SqlErrors.isTransient(e)) {
                    throw e;
                }
                stage = straight.failed(e); // a row error other than a key found: staging would fail the same way
            }
        }
        try {
            if (stage) {
                String stageTable = "pg_temp." + stageName(table.sql(), list);
                try (Statement s = c.createStatement()) {
                    s.execute(timeout + "; CREATE TEMP TABLE IF NOT EXISTS " + stageTable + " ON COMMIT DELETE ROWS AS SELECT "
                            + list + " FROM " + table.sql() + " WITH NO DATA");
                }
                copy(c, "COPY " + stageTable + " FROM STDIN", rows);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO " + table.sql() + " (" + list + ") SELECT " + list + " FROM " + stageTable
                            + Sql.onConflict(table.quotedKey(), table.quoted(columns)));
                }
                c.commit();
                return ok(batch, rows, outcomes);
            }
        } catch (SQLException e) {
            StatementUpsert.rollback(c);
            if (SqlErrors.isTransient(e) || !StatementUpsert.isRowError(e)) {
                throw e;
            }
            LOG.debug("Bulk upsert of entity {} failed ({}); writing it row by row", Texts.oneLine(entity), Texts.describe(e));
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setQueryTimeout(timeoutSeconds);
            StatementUpsert.rowByRow(c, ps, table, columns, batch, rows.encoded(), outcomes);
        }
        return Arrays.asList(outcomes);
    }

    /**
     * Encodes every record that fits its columns; one that does not is FAILED. Of rows with the same key, only the
     * last is sent: one INSERT .. ON CONFLICT cannot touch a row twice.
     */
    private static Rows encode(TargetTable table, List<TargetTable.Column> columns, List<SyncRecord> batch,
                               DeliveryOutcome[] outcomes) {
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
                    TargetTable.Column column = columns.get(p);
                    Object raw = table.raw(column, batch.get(i));
                    if (!(raw instanceof String s && text.verbatim(s, table.fieldTypes()[column.index()],
                            table.withOffset()[column.index()]))) {
                        text.value(table.convert(column, raw));
                    }
                    if (p == 0) {
                        key = text.since(start); // the key column comes first
                    }
                }
                text.endRow();
                to[i] = text.size();
                encoded.add(i);
                Integer earlier = lastWithKey.put(key, i);
                if (earlier != null) {
                    to[earlier] = from[earlier]; // written over by this row: not sent
                }
            } catch (Values.BadValue e) {
                text.truncate(from[i]);
                to[i] = from[i];
                outcomes[i] = DeliveryOutcome.failed(e.getMessage());
            }
        }
        return new Rows(text, from, to, encoded);
    }

    private static List<DeliveryOutcome> ok(List<SyncRecord> batch, Rows rows, DeliveryOutcome[] outcomes) {
        for (int i : rows.encoded()) {
            outcomes[i] = DeliveryOutcome.ok(batch.get(i).key());
        }
        return Arrays.asList(outcomes);
    }

    /** Sends the rows' bytes, skipping rows not to be sent, in as few messages as their order allows. */
    private static void copy(Connection c, String sql, Rows rows) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            int start = -1;
            int end = -1;
            for (int i = 0; i < rows.from().length; i++) {
                if (rows.to()[i] == rows.from()[i]) {
                    continue;
                }
                if (rows.from()[i] != end) {
                    if (end > start) {
                        in.writeToCopy(rows.text().bytes(), start, end - start);
                    }
                    start = rows.from()[i];
                }
                end = rows.to()[i];
            }
            if (end > start) {
                in.writeToCopy(rows.text().bytes(), start, end - start);
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

    /** @return a name for the staging table of these columns of this table, the same on every call */
    static String stageName(String table, String columns) {
        long h = 0xcbf29ce484222325L; // 64-bit FNV-1a: names of other tables and column sets collide with odds of 2^-64
        String both = table + '\0' + columns;
        for (int i = 0; i < both.length(); i++) {
            h = (h ^ both.charAt(i)) * 0x100000001b3L;
        }
        return "\"syncwright_stage_" + Long.toHexString(h) + "\"";
    }

    /** Whether a table's next batch is COPY'd straight into it. Thread-safe. */
    static final class StraightCopy {
        private static final int FIRST_PAUSE = 16;
        private static final int LONGEST_PAUSE = 1_024;
        private boolean possible;
        private int pause = FIRST_PAUSE;
        private int skip;

        private StraightCopy(boolean possible) {
            this.possible = possible;
        }

        /**
         * @param c a connection in auto-commit mode
         * @return the state of a table: possible when a unique index, not partial, is on exactly the key column
         */
        static StraightCopy of(Connection c, TargetTable table) {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a"
                    + " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = ?::regclass AND i.indisunique"
                    + " AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indnkeyatts = 1 AND a.attname = ?)")) {
                ps.setString(1, table.sql());
                ps.setString(2, table.columns().get(table.key()));
                try (ResultSet rs = ps.executeQuery()) {
                    return new StraightCopy(rs.next() && rs.getBoolean(1));
                }
            } catch (SQLException e) {
                LOG.debug("Cannot tell whether table {} has a unique key: {}", Texts.oneLine(table.sql()), Texts.describe(e));
                return new StraightCopy(false);
            }
        }

        synchronized boolean tryNow() {
            if (!possible) {
                return false;
            }
            if (skip > 0) {
                skip--;
                return false;
            }
            return true;
        }

        synchronized void succeeded() {
            pause = FIRST_PAUSE;
        }

        /**
         * Learns from a straight COPY that failed (not transiently).
         *
         * @return true when the batch is to be staged and upserted, false when it is to be written row by row: a row
         *         error other than a unique key found fails the staged upsert too
         */
        synchronized boolean failed(SQLException e) {
            String state = SqlErrors.state(e);
            if (state.equals("23505")) {
                skip = pause;
                pause = Math.min(LONGEST_PAUSE, pause * 2);
                return true;
            }
            if (StatementUpsert.isRowError(e)) {
                return false;
            }
            possible = false; // the table cannot be COPY'd into (a view, row-level security, ..): always staged
            return true;
        }
    }
}
