package dev.syncwright.core.connection;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A manager on a fake clock whose connection work (checks, removals, metadata rounds) runs on the calling
 * thread, so only initial syncs run on other threads; with a home of entities a1, a2 (data space "alpha") and
 * b1 (data space "beta"), and an in-memory companion.
 */
final class ConnectionFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    static final DataSpace ALPHA = DataSpace.of("alpha", "a1", "a2");
    static final DataSpace BETA = DataSpace.of("beta", "b1");

    final MutableClock clock = new MutableClock(T0);
    final RecordingConnectionListener listener = new RecordingConnectionListener();
    final ConnectionStore store;
    final InMemorySource home = InMemorySource.builder().entity("a1", 30).entity("a2", 20).entity("b1", 10).build();
    final InMemoryDestination companion = new InMemoryDestination("companion");
    final SyncEngine engine = SyncEngine.builder().batchSize(10).clock(clock).build();
    final ConnectionManager manager;

    ConnectionFixture() {
        this(ConnectionStore.inMemory(), Runnable::run);
    }

    ConnectionFixture(ConnectionStore store, Executor executor) {
        this.store = store;
        this.manager = ConnectionManager.builder().engine(engine).store(store).clock(clock).executor(executor)
                .listener(listener).build();
    }

    /** @return a connection to the fixture's companion whose first check passed: INCOMPLETE */
    Connection connect() {
        return connectTo(companion);
    }

    /** @return a connection from the fixture's home to that companion, after its first check */
    Connection connectTo(DestinationConnector other) {
        Connection c = manager.connect("crm to erp", home, other);
        await(c.connected());
        return c;
    }

    /**
     * Shares alpha while the companion holds every write, and waits until the first write is held.
     *
     * @return the sharing's future
     */
    static CompletableFuture<DataSpaceState> shareAlphaHeld(Connection c, ControllableDestination held)
            throws InterruptedException {
        held.hold();
        CompletableFuture<DataSpaceState> sharing = c.share(ALPHA);
        if (!held.awaitBlockedWrites(1, timeout())) {
            throw new AssertionError("no write of alpha's initial sync reached the companion");
        }
        return sharing;
    }

    /** @return a connection with data space alpha shared and ACTIVE */
    Connection connectAndShareAlpha() {
        Connection c = connect();
        DataSpaceState alpha = await(c.share(ALPHA));
        if (alpha.status() != DataSpaceStatus.ACTIVE) {
            throw new AssertionError("alpha did not become ACTIVE: " + alpha);
        }
        return c;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the future did not complete normally", e);
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Waits for a latch, for use inside connectors, stores and listeners a test steers.
     *
     * @throws IllegalStateException naming {@code what} when the latch is not opened within {@link #timeout()}
     */
    static void awaitLatch(CountDownLatch latch, String what) {
        try {
            if (!latch.await(timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(what + " did not happen within " + timeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting until " + what, e);
        }
    }

    /** @return threads for a test to call connections from; daemons, so a thread left stuck cannot hold the JVM */
    static ExecutorService daemonThreads() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "connection-test");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        manager.close();
        engine.close();
    }
}
