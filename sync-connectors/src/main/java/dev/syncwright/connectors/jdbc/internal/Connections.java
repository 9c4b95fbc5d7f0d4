package dev.syncwright.connectors.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the JDBC connectors get their connections: the built-in {@link ConnectionPool} for a URL, or the host's
 * {@code DataSource} ({@link HostDataSource}). Implementations are thread-safe.
 */
public interface Connections extends AutoCloseable {
    /**
     * @return a connection in auto-commit mode, for one thread until it is {@linkplain #release released}
     * @throws SQLException when none can be had; a transient one (class 08) when waiting or retrying may help
     */
    Connection borrow() throws SQLException;

    /**
     * Gives a borrowed connection back, out of any transaction and in auto-commit mode.
     *
     * @param c      the connection, may be null
     * @param broken true when it failed in a way that makes it unusable (a lost connection)
     */
    void release(Connection c, boolean broken);

    /** Closes what the connectors opened; connections still borrowed are closed when given back. */
    @Override
    void close();

    /**
     * Ends a connection's transaction and puts it back in auto-commit mode.
     *
     * @return false when that failed, so the connection should not be used again
     */
    static boolean reset(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
