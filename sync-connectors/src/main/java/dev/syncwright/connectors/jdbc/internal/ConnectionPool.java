package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A minimal pool of JDBC connections from {@link DriverManager}: idle connections are kept for reuse and
 * checked before they are handed out; a connection that failed is dropped. Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);
    private final String url;
    private final String user;
    private final Secret password;
    private final int maxIdle;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * @param url      the JDBC URL
     * @param user     the user, may be null
     * @param password the password, may be null
     * @param maxIdle  how many idle connections to keep
     */
    public ConnectionPool(String url, String user, Secret password, int maxIdle) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.maxIdle = maxIdle;
    }

    /** @return the URL without credentials, for messages */
    public String safeUrl() {
        return Texts.redactUrl(url);
    }

    /**
     * @return a connection in auto-commit mode
     * @throws SQLException when no connection can be made
     */
    public Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("the connector is closed", "08003");
        }
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            if (valid(c)) {
                return c;
            }
            closeQuietly(c);
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password.reveal());
        }
        return DriverManager.getConnection(url, properties);
    }

    /**
     * Gives a connection back.
     *
     * @param c      the connection, may be null
     * @param broken true when it failed in a way that makes it unusable
     */
    public void release(Connection c, boolean broken) {
        if (c == null) {
            return;
        }
        if (broken || closed || idle.size() >= maxIdle) {
            closeQuietly(c);
            return;
        }
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            idle.addFirst(c);
        } catch (SQLException e) {
            closeQuietly(c);
        }
        if (closed) {
            close();
        }
    }

    /** Closes every idle connection; connections in use are closed when given back. */
    @Override
    public void close() {
        closed = true;
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            closeQuietly(c);
        }
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing a JDBC connection failed: {}", Texts.describe(e));
        }
    }
}
