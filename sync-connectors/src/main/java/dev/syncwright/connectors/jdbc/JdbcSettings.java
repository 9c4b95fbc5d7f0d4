package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.BuiltInDialect;
import dev.syncwright.connectors.jdbc.internal.ConnectionPool;
import dev.syncwright.connectors.jdbc.internal.Connections;
import dev.syncwright.connectors.jdbc.internal.CopyUpsert;
import dev.syncwright.connectors.jdbc.internal.HostDataSource;
import dev.syncwright.connectors.jdbc.internal.Identifiers;
import dev.syncwright.connectors.jdbc.internal.MetadataDialect;
import dev.syncwright.connectors.jdbc.internal.SqlErrors;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** How the JDBC connectors reach their database: a URL (with the built-in pool) or the host's data source. Immutable. */
final class JdbcSettings {
    /** Work done on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Open connections to the database, and how that database names things.
     *
     * @param copy whether the connections are PostgreSQL's own driver's, which can {@code COPY}
     */
    record Connected(Connections pool, Identifiers identifiers, boolean copy) {
        SqlDialect dialect() {
            return identifiers.dialect();
        }
    }

    private final String url;
    private final String user;
    private final Secret password;
    private final DataSource dataSource;
    private final Duration queryTimeout;
    private final int maxConnections;
    private final Duration connectionTimeout;
    private final String systemName;

    JdbcSettings(JdbcConnectorBuilder<?> b) {
        if (b.url == null && b.dataSource == null) {
            throw new ConfigurationException("url", "is required (or give a dataSource)");
        }
        if (b.dataSource != null) {
            if (b.user != null || b.password != null) {
                throw new ConfigurationException(b.user != null ? "user" : "password",
                        "comes from the dataSource when one is given; set it there");
            }
            if (b.maxConnections != null || b.connectionTimeout != null) {
                throw new ConfigurationException(b.maxConnections != null ? "maxConnections" : "connectionTimeout",
                        "applies to the built-in pool only; configure the dataSource's pool instead");
            }
        }
        this.url = b.url;
        this.user = b.user;
        this.password = b.password;
        this.dataSource = b.dataSource;
        this.queryTimeout = b.queryTimeout;
        this.maxConnections = b.maxConnections == null ? JdbcConnectorBuilder.DEFAULT_MAX_CONNECTIONS : b.maxConnections;
        this.connectionTimeout = b.connectionTimeout == null ? JdbcConnectorBuilder.DEFAULT_CONNECTION_TIMEOUT : b.connectionTimeout;
        this.systemName = b.systemName;
    }

    /** @return the JDBC URL, or null when the connections come from a data source */
    String url() {
        return url;
    }

    String systemName() {
        return systemName;
    }

    /**
     * Opens the connections (a pool, or the host's data source), checks that one can be had, and reads how the
     * database stores and quotes names.
     *
     * @param dialect  the dialect to quote with; null to tell it from the database's product name
     * @param required whether a database without a built-in dialect is a configuration error (naming
     *                 {@code dialect}) rather than quoted as the driver's metadata says
     */
    Connected connect(SqlDialect dialect, boolean required) {
        Connections pool = dataSource != null ? new HostDataSource(dataSource)
                : ConnectionPool.forUrl(url, user, password, maxConnections, connectionTimeout);
        try {
            return run(pool, "reading the database's metadata", c -> {
                DatabaseMetaData md = c.getMetaData();
                SqlDialect d = dialect != null ? dialect : BuiltInDialect.forProduct(md.getDatabaseProductName());
                if (d == null && required) {
                    throw new ConfigurationException("dialect", "cannot tell the SQL dialect of "
                            + Texts.shorten(md.getDatabaseProductName(), 80) + "; set dialect (H2, POSTGRESQL or your own)");
                }
                return new Connected(pool, Identifiers.of(c, d != null ? d : MetadataDialect.of(md)), CopyUpsert.supports(c));
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    void timeout(Statement s) throws SQLException {
        s.setQueryTimeout(timeoutSeconds());
    }

    /** @return the query timeout in whole seconds, at least 1 */
    int timeoutSeconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds()));
    }

    /** Runs work on a pooled connection, turning SQL failures into connector exceptions. */
    <T> T run(Connections pool, String what, SqlWork<T> work) {
        Connection c;
        try {
            c = pool.borrow();
        } catch (SQLException e) {
            throw SqlErrors.connectFailure(e, url);
        }
        boolean broken = false;
        try {
            return work.apply(c);
        } catch (SQLException e) {
            broken = SqlErrors.isConnectionLost(e);
            throw SqlErrors.statementFailure(what, e);
        } finally {
            pool.release(c, broken);
        }
    }

    @Override
    public String toString() {
        return dataSource != null ? "dataSource=" + dataSource.getClass().getSimpleName()
                : "url=" + Texts.redactUrl(url) + ", user=" + user;
    }
}
