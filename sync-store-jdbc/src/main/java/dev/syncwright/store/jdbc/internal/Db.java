package dev.syncwright.store.jdbc.internal;

import dev.syncwright.store.jdbc.JdbcStoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;

/**
 * Runs work on a connection from the host's {@link DataSource}: single reads in auto-commit, consistent reads in
 * one read-only REPEATABLE READ transaction, writes in one transaction. Work is tried again, whole and on another
 * connection, when its connection was lost (closed by the pool, a server restart or an administrator) and, for
 * writes, when the database gave it up for a deadlock, a serialization failure, a lock timeout or a concurrent
 * insert of the same key. Every store's work is idempotent, so a write whose commit was sent before its
 * connection broke may be applied twice safely. The connection's settings are put back before it is closed
 * (returned to its pool). Thread-safe.
 */
public final class Db {
    /** Deadlock, serialization failure (class 40), H2's lock timeout, a unique key inserted concurrently. */
    private static final Set<String> CONFLICTS = Set.of("40001", "40P01", "HYT00", "23505");
    private static final int ATTEMPTS = 5;

    private final DataSource dataSource;
    /** The statement that makes a transaction a read-only REPEATABLE READ one, or null to use the JDBC setters. */
    private final String consistentRead;

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * @param dataSource     the host's data source, not null
     * @param consistentRead the statement that, run first in a transaction, makes it a read-only REPEATABLE READ
     *                       one (nothing to put back afterwards); null to use the JDBC setters and put them back
     */
    public Db(DataSource dataSource, String consistentRead) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        this.consistentRead = consistentRead;
    }

    /**
     * Runs one read (or one statement) in auto-commit.
     *
     * @param what what is being done, for the error message ("read the report")
     */
    public <T> T read(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                try {
                    return work.run(c);
                } catch (SQLException e) {
                    if (attempt < ATTEMPTS && lost(c, e)) {
                        continue;
                    }
                    throw failure(what, e);
                }
            } catch (SQLException e) { // no connection to be had, or closing it failed
                if (attempt < ATTEMPTS && lost(null, e)) {
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    /** Runs reads that must see one moment: a read-only REPEATABLE READ transaction. */
    public <T> T readConsistent(String what, Work<T> work) {
        return transaction(what, true, work);
    }

    /**
     * Runs a write in one transaction, tried again whole after a transient failure. It relies on row locks, not
     * on the isolation level: the connection's own (READ COMMITTED by default) is kept.
     */
    public <T> T write(String what, Work<T> work) {
        return transaction(what, false, work);
    }

    /**
     * Opens a connection in a consistent-read transaction (see {@link #readConsistent}) for a caller that reads on
     * after this method returns, a stream's cursor; closing the returned handle ends it.
     */
    public Held beginConsistent() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            return new Held(c, begin(c, true));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private <T> T transaction(String what, boolean consistent, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                try {
                    Settings before = begin(c, consistent);
                    T result;
                    try {
                        result = work.run(c);
                        c.commit();
                    } catch (SQLException | RuntimeException | Error e) {
                        rollbackQuietly(c, e);
                        before.restoreQuietly(c);
                        throw e;
                    }
                    before.restoreQuietly(c); // committed: a connection that cannot be reset is the pool's to drop
                    return result;
                } catch (SQLException e) {
                    if (attempt < ATTEMPTS && (lost(c, e) || !consistent && CONFLICTS.contains(String.valueOf(e.getSQLState())))) {
                        continue;
                    }
                    throw failure(what, e);
                }
            } catch (SQLException e) { // no connection to be had, or closing it failed
                if (attempt < ATTEMPTS && lost(null, e)) {
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    /** Starts a transaction; @return what to put back afterwards */
    private Settings begin(Connection c, boolean consistent) throws SQLException {
        boolean setters = consistent && consistentRead == null;
        Settings before = new Settings(c.getAutoCommit(), setters ? c.getTransactionIsolation() : -1,
                setters && c.isReadOnly());
        c.setAutoCommit(false);
        if (setters) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
        } else if (consistent) {
            try (Statement s = c.createStatement()) {
                s.execute(consistentRead);
            }
        }
        return before;
    }

    /**
     * @return true when the connection broke or was closed under the work: it says it is closed, or the error is
     *         of SQL state class 08 (connection exception) or 57P (the server is shutting the session down)
     */
    private static boolean lost(Connection c, SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        try {
            return c != null && c.isClosed();
        } catch (SQLException closed) {
            return true;
        }
    }

    /** @return the exception a store throws for a database error */
    public static JdbcStoreException failure(String what, SQLException e) {
        return new JdbcStoreException("could not " + what + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"), e);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    /** A connection's transaction settings, to put back; isolation -1 when it was not changed. */
    private record Settings(boolean autoCommit, int isolation, boolean readOnly) {
        void restoreQuietly(Connection c) {
            try {
                if (isolation >= 0) {
                    c.setReadOnly(readOnly);
                    c.setTransactionIsolation(isolation);
                }
                if (c.getAutoCommit() != autoCommit) {
                    c.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                // a broken connection: closing it hands it back to the pool, which checks it
            }
        }
    }

    /** A connection held in a consistent-read transaction; closing it rolls back, puts back and closes. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;
        private final Settings before;

        private Held(Connection connection, Settings before) {
            this.connection = connection;
            this.before = before;
        }

        /** @return the connection, in its transaction */
        public Connection connection() {
            return connection;
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = connection) {
                try {
                    c.rollback(); // it only read
                } finally {
                    before.restoreQuietly(c);
                }
            }
        }
    }
}
