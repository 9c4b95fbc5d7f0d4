package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a batch as one transaction of batched upsert statements, the dialect's SQL, and finds the bad rows one by
 * one when the batch fails on its data. Works on every database. Stateless.
 */
public final class StatementUpsert {
    private static final Logger LOG = LoggerFactory.getLogger(StatementUpsert.class);

    private StatementUpsert() {
    }

    /**
     * @param c              a connection in auto-commit mode; left in a transaction that the caller's release ends
     * @param sql            the dialect's upsert of the written columns
     * @param timeoutSeconds the query timeout
     * @param entity         the entity's name, for the log
     * @return one outcome per record: OK, or FAILED for a value that does not fit or a row the database rejects
     * @throws SQLException when the batch failed as a whole (transient or not) rather than on a row's data
     */
    public static List<DeliveryOutcome> write(Connection c, String sql, TargetTable table, List<TargetTable.Column> columns,
                                              List<SyncRecord> batch, int timeoutSeconds, String entity) throws SQLException {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        List<Integer> bound = new ArrayList<>(batch.size());
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < batch.size(); i++) {
                try {
                    table.bind(ps, columns, batch.get(i));
                    ps.addBatch();
                    bound.add(i);
                } catch (Values.BadValue e) {
                    outcomes[i] = DeliveryOutcome.failed(e.getMessage());
                    ps.clearParameters();
                }
            }
            if (!bound.isEmpty()) {
                try {
                    ps.executeBatch();
                    c.commit();
                    for (int i : bound) {
                        outcomes[i] = DeliveryOutcome.ok(batch.get(i).key());
                    }
                } catch (SQLException e) {
                    rollback(c);
                    if (SqlErrors.isTransient(e) || !(isRowError(e) || e instanceof BatchUpdateException)) {
                        throw e;
                    }
                    LOG.debug("Batch of entity {} failed ({}); writing it row by row", Texts.oneLine(entity), Texts.describe(e));
                    ps.clearBatch();
                    rowByRow(c, ps, table, columns, batch, bound, outcomes);
                }
            }
        }
        return Arrays.asList(outcomes);
    }

    /**
     * Writes the rows one by one inside one transaction, with a savepoint per row, and commits: the rows the
     * database rejects are FAILED with its message, the others OK.
     *
     * @param c        a connection in a transaction with nothing written yet
     * @param ps       the upsert statement
     * @param rows     the indexes in the batch of the rows to write
     * @param outcomes where each row's outcome is put
     * @throws SQLException when a row failed in a way that is not its own (transient), after a rollback
     */
    public static void rowByRow(Connection c, PreparedStatement ps, TargetTable table, List<TargetTable.Column> columns,
                                List<SyncRecord> batch, List<Integer> rows, DeliveryOutcome[] outcomes) throws SQLException {
        for (int i : rows) {
            Savepoint savepoint = c.setSavepoint();
            try {
                table.bind(ps, columns, batch.get(i));
                ps.executeUpdate();
                outcomes[i] = DeliveryOutcome.ok(batch.get(i).key());
            } catch (Values.BadValue e) {
                outcomes[i] = DeliveryOutcome.failed(e.getMessage());
            } catch (SQLException e) {
                if (SqlErrors.isTransient(e)) {
                    rollback(c);
                    throw e;
                }
                c.rollback(savepoint);
                outcomes[i] = DeliveryOutcome.failed("rejected by the database: " + Texts.describe(e));
            }
        }
        c.commit();
    }

    /**
     * @return true for a failure of the whole statement caused by some row's data: a constraint violation, a bad
     *         value, or the same key twice in one statement (21000)
     */
    public static boolean isRowError(SQLException e) {
        return SqlErrors.isDataError(e) || SqlErrors.state(e).equals("21000");
    }

    static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed: {}", Texts.describe(e));
        }
    }
}
