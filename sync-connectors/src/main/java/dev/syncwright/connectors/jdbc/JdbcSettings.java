package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.ConnectionPool;
import dev.syncwright.connectors.jdbc.internal.Identifiers;
import dev.syncwright.connectors.jdbc.internal.MetadataDialect;
import dev.syncwright.connectors.jdbc.internal.SqlErrors;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/** How the JDBC connectors reach their database. Immutable; the password is never shown. */
final class JdbcSettings {
    /** Work done on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** An open pool of connections to the database, and how that database names things. */
    record Connected(ConnectionPool pool, Identifiers identifiers) {
    }

    private final String url;
    private final String user;
    private final Secret password;
    private final Duration queryTimeout;
    private final String systemName;

    private JdbcSettings(Builder b) {
        this.url = b.url;
        this.user = b.user;
        this.password = b.password;
        this.queryTimeout = b.queryTimeout;
        this.systemName = b.systemName;
    }

    String url() {
        return url;
    }

    String systemName() {
        return systemName;
    }

    private ConnectionPool openPool() {
        ConnectionPool pool = new ConnectionPool(url, user, password, 8);
        try {
            pool.release(pool.borrow(), false);
        } catch (SQLException e) {
            pool.close();
            throw SqlErrors.connectFailure(e, url);
        }
        return pool;
    }

    /**
     * Makes a pool, checks that a connection can be made, and reads how the database stores and quotes names.
     *
     * @param dialect the dialect to quote with; null for a dialect made from the driver's metadata
     */
    Connected connect(SqlDialect dialect) {
        ConnectionPool pool = openPool();
        try {
            return new Connected(pool, run(pool, "reading the database's metadata",
                    c -> Identifiers.of(c, dialect != null ? dialect : MetadataDialect.of(c.getMetaData()))));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    void timeout(Statement s) throws SQLException {
        s.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds())));
    }

    /** Runs work on a pooled connection, turning SQL failures into connector exceptions. */
    <T> T run(ConnectionPool pool, String what, SqlWork<T> work) {
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
        return "url=" + Texts.redactUrl(url) + ", user=" + user;
    }

    /** Collects and checks the connection settings. Not thread-safe. */
    static final class Builder {
        private String url;
        private String user;
        private Secret password;
        private Duration queryTimeout = Duration.ofMinutes(5);
        private String systemName;

        Builder(String systemName) {
            this.systemName = systemName;
        }

        void url(String url) {
            if (url == null || url.isBlank()) {
                throw new ConfigurationException("url", "must not be blank");
            }
            if (!url.startsWith("jdbc:")) {
                throw new ConfigurationException("url", "must start with 'jdbc:', was '" + Texts.redactUrl(url) + "'");
            }
            this.url = url;
        }

        void user(String user) {
            this.user = user;
        }

        void password(Secret password) {
            this.password = password;
        }

        void queryTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "queryTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ConfigurationException("queryTimeout", "must be positive, was " + timeout);
            }
            this.queryTimeout = timeout;
        }

        void systemName(String name) {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("systemName", "must not be blank");
            }
            this.systemName = name;
        }

        JdbcSettings build() {
            if (url == null) {
                throw new ConfigurationException("url", "is required");
            }
            return new JdbcSettings(this);
        }
    }
}
