package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The small pool the JDBC connectors keep for a URL when the host gives no {@code DataSource}. At most
 * {@code maxConnections} connections are handed out at once; a borrower waits for one at most
 * {@code acquireTimeout}, then fails with a transient error (class 08). A connection given back is reused as
 * it is when it was in use less than {@link #CHECK_IDLE_AFTER} ago, so batches that follow each other pay no
 * round trip for a check; one idle for longer is checked with {@link Connection#isValid} before it is handed out
 * again. A connection that failed (lost, or reset in error) is closed, and so are the idle ones, which a
 * restarted server has lost too; the failure itself is transient, so the engine retries the batch on a new
 * connection. Thread-safe.
 */
public final class ConnectionPool implements Connections {
    /** Idle time after which a connection is checked before reuse (as HikariCP does): the server may have dropped it. */
    public static final Duration CHECK_IDLE_AFTER = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** Opens a new physical connection. */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private record Idle(Connection connection, long since) {
    }

    private final Opener opener;
    private final int maxConnections;
    private final long acquireTimeoutNanos;
    private final LongSupplier nanoTime;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /**
     * @param opener         opens a connection
     * @param maxConnections how many connections may be handed out at once, at least 1
     * @param acquireTimeout how long {@link #borrow} waits for one
     * @param nanoTime       the clock idle times are measured with ({@code System::nanoTime})
     */
    public ConnectionPool(Opener opener, int maxConnections, Duration acquireTimeout, LongSupplier nanoTime) {
        this.opener = opener;
        this.maxConnections = maxConnections;
        this.acquireTimeoutNanos = acquireTimeout.toNanos();
        this.nanoTime = nanoTime;
        this.permits = new Semaphore(maxConnections, true);
    }

    /** @return a pool of connections to the URL from {@link DriverManager} */
    public static ConnectionPool forUrl(String url, String user, Secret password, int maxConnections, Duration acquireTimeout) {
        return new ConnectionPool(() -> {
            Properties properties = new Properties();
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password.reveal());
            }
            return DriverManager.getConnection(url, properties);
        }, maxConnections, acquireTimeout, System::nanoTime);
    }

    /**
     * @throws SQLTransientConnectionException (SQLSTATE 08001) when all {@code maxConnections} stayed in use for
     *                                         the whole acquire timeout, or the wait was interrupted
     */
    @Override
    public Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("the connector is closed", "08003");
        }
        acquire();
        try {
            for (Idle i = idle.pollFirst(); i != null; i = idle.pollFirst()) {
                if (nanoTime.getAsLong() - i.since() < CHECK_IDLE_AFTER.toNanos() || valid(i.connection())) {
                    return i.connection();
                }
                closeQuietly(i.connection());
            }
            return opener.open();
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    private void acquire() throws SQLException {
        try {
            if (!permits.tryAcquire(acquireTimeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new SQLTransientConnectionException("no connection came free within "
                        + Duration.ofNanos(acquireTimeoutNanos).toMillis() + " ms: all " + maxConnections
                        + " (maxConnections) are in use", "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection", "08001", e);
        }
    }

    @Override
    public void release(Connection c, boolean broken) {
        if (c == null) {
            return;
        }
        try {
            if (broken) {
                closeQuietly(c);
                closeIdle();
            } else if (closed || !Connections.reset(c)) {
                closeQuietly(c);
            } else {
                idle.addFirst(new Idle(c, nanoTime.getAsLong()));
            }
        } finally {
            permits.release();
        }
        if (closed) {
            close();
        }
    }

    /** @return how many connections are idle in the pool now */
    public int idleCount() {
        return idle.size();
    }

    /** Closes every idle connection; connections in use are closed when given back. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Idle i = idle.pollFirst(); i != null; i = idle.pollFirst()) {
            closeQuietly(i.connection());
        }
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing a JDBC connection failed: {}", Texts.describe(e));
        }
    }
}
