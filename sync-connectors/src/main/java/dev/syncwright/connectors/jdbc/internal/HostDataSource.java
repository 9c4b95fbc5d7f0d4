package dev.syncwright.connectors.jdbc.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections from the host's {@link DataSource} (its HikariCP pool, say). Each borrow is a
 * {@link DataSource#getConnection()}, each release a {@link Connection#close()} after the transaction is ended
 * and auto-commit restored, so the connection goes back to the host's pool as it came. Sizing, timeouts and
 * checking connections are the host pool's business, and closing this closes nothing. Thread-safe when the
 * data source is, as every pool is.
 */
public final class HostDataSource implements Connections {
    private final DataSource dataSource;

    /** @param dataSource the host's data source, not null */
    public HostDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection borrow() throws SQLException {
        Connection c = dataSource.getConnection();
        if (c == null) {
            throw new SQLException("the dataSource returned no connection", "08001");
        }
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            ConnectionPool.closeQuietly(c);
            throw e;
        }
    }

    /**
     * Closes the connection, which gives it back to the host's pool. A broken one is closed all the same: pools
     * such as HikariCP evict a connection on which a connection error was seen.
     */
    @Override
    public void release(Connection c, boolean broken) {
        if (c != null) {
            if (!broken) {
                Connections.reset(c);
            }
            ConnectionPool.closeQuietly(c);
        }
    }

    /** Does nothing: the data source is the host's. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "dataSource=" + dataSource.getClass().getName();
    }
}
