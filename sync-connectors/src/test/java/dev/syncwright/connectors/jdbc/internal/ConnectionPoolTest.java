package dev.syncwright.connectors.jdbc.internal;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionPoolTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<FakeConnection> opened = new ArrayList<>();

    /** A connection that counts validity checks and knows whether it was closed. */
    private static final class FakeConnection {
        final AtomicInteger validityChecks = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean valid = new AtomicBoolean(true);
        final Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, method, args) -> switch (method.getName()) {
                    case "isValid" -> {
                        validityChecks.incrementAndGet();
                        yield valid.get();
                    }
                    case "close" -> {
                        closed.set(true);
                        yield null;
                    }
                    case "getAutoCommit" -> true;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> null;
                });
    }

    private ConnectionPool pool(int max, Duration timeout) {
        return new ConnectionPool(() -> {
            FakeConnection c = new FakeConnection();
            synchronized (opened) {
                opened.add(c);
            }
            return c.proxy;
        }, max, timeout, nanos::get);
    }

    @Test
    void aConnectionGivenBackMomentsAgoIsReusedWithoutAValidityCheck() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(5));
        Connection first = pool.borrow();
        pool.release(first, false);
        nanos.addAndGet(ConnectionPool.CHECK_IDLE_AFTER.toNanos() - 1);

        Connection again = pool.borrow();

        assertThat(again).isSameAs(first);
        assertThat(opened).singleElement().satisfies(c -> assertThat(c.validityChecks).hasValue(0));
    }

    @Test
    void aConnectionIdleLongerThanTheWindowIsCheckedAndReplacedWhenTheServerDroppedIt() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(5));
        Connection first = pool.borrow();
        pool.release(first, false);
        opened.get(0).valid.set(false);
        nanos.addAndGet(ConnectionPool.CHECK_IDLE_AFTER.toNanos());

        Connection next = pool.borrow();

        assertThat(next).isNotSameAs(first);
        assertThat(opened.get(0).validityChecks).hasValue(1);
        assertThat(opened.get(0).closed).isTrue();
        assertThat(opened).hasSize(2);
    }

    @Test
    void noMoreThanMaxConnectionsAreHandedOutAndAWaitingBorrowerGetsTheNextOneGivenBack() throws Exception {
        ConnectionPool pool = pool(2, Duration.ofSeconds(30));
        Connection a = pool.borrow();
        pool.borrow();

        CompletableFuture<Connection> third = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.borrow();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !third.isDone());
        pool.release(a, false);

        assertThat(third.get()).isSameAs(a);
        assertThat(opened).hasSize(2);
    }

    @Test
    void aBorrowerWaitingLongerThanTheTimeoutGetsATransientErrorNamingTheCap() throws SQLException {
        ConnectionPool pool = pool(1, Duration.ofMillis(50));
        pool.borrow();

        assertThatThrownBy(pool::borrow)
                .isInstanceOfSatisfying(SQLTransientConnectionException.class,
                        e -> assertThat(SqlErrors.isTransient(e)).isTrue())
                .hasMessageContaining("all 1 (maxConnections) are in use");
    }

    @Test
    void aLostConnectionIsClosedWithTheIdleOnesAndFreesItsPlace() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofMillis(50));
        Connection idle = pool.borrow();
        Connection lost = pool.borrow();
        pool.release(idle, false);

        pool.release(lost, true);
        Connection next = pool.borrow();
        Connection another = pool.borrow();

        assertThat(opened.get(0).closed).isTrue();
        assertThat(opened.get(1).closed).isTrue();
        assertThat(List.of(next, another)).doesNotContain(idle, lost);
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void aClosedPoolClosesConnectionsAsTheyComeBackAndLendsNoMore() throws SQLException {
        ConnectionPool pool = pool(2, Duration.ofSeconds(5));
        Connection inUse = pool.borrow();
        pool.release(pool.borrow(), false);

        pool.close();
        pool.release(inUse, false);

        assertThat(opened).allSatisfy(c -> assertThat(c.closed).isTrue());
        assertThatThrownBy(pool::borrow).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }
}
