package dev.syncwright.core.connection;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners and the store are user code: they must run outside the lock that getters and other connections
 * need, and still see each connection's changes in order.
 */
class ConnectionLockTest {
    /** How long a step that must not wait on anything may take before the test calls it stuck. */
    private static final long STUCK_SECONDS = 10;

    private final ExecutorService threads = ConnectionFixture.daemonThreads();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void listenersOfTwoConnectionsReadingEachOthersStatusDoNotDeadlock() throws Exception {
        CountDownLatch bothInCallbacks = new CountDownLatch(2);
        Map<String, Connection> byName = new ConcurrentHashMap<>();
        Map<String, ConnectionStatus> seen = new ConcurrentHashMap<>();
        ConnectionListener readsTheOther = new ConnectionListener() {
            @Override
            public void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
                if (change.to() != ConnectionStatus.INACTIVE) {
                    return;
                }
                // both callbacks run at the same time before either reads the other connection
                bothInCallbacks.countDown();
                try {
                    if (!bothInCallbacks.await(STUCK_SECONDS, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Connection other = byName.get(connection.name().equals("a") ? "b" : "a");
                seen.put(connection.name(), other.status());
            }
        };
        InMemoryDestination companionA = new InMemoryDestination("companion-a");
        InMemoryDestination companionB = new InMemoryDestination("companion-b");
        try (SyncEngine engine = SyncEngine.builder().build();
             ConnectionManager manager = ConnectionManager.builder().engine(engine).listener(readsTheOther).build()) {
            // given two connections whose listener reads the other connection's status
            Connection a = manager.connect("a", InMemorySource.builder().entities(1, 1).build(), companionA);
            Connection b = manager.connect("b", InMemorySource.builder().entities(1, 1).build(), companionB);
            byName.put("a", a);
            byName.put("b", b);
            await(a.connected());
            await(b.connected());

            // when both go INACTIVE at the same time
            companionA.checkResult(ConnectionCheck.unreachable("a down"));
            companionB.checkResult(ConnectionCheck.unreachable("b down"));
            CompletableFuture<ConnectionStatus> checkA = a.check();
            CompletableFuture<ConnectionStatus> checkB = b.check();

            // then both checks end, and each listener read the other's status
            CompletableFuture.allOf(checkA, checkB).get(STUCK_SECONDS * 2, TimeUnit.SECONDS);
            assertThat(seen).containsOnly(Map.entry("a", ConnectionStatus.INACTIVE),
                    Map.entry("b", ConnectionStatus.INACTIVE));
        }
    }

    @Test
    void aBlockedStoreSaveDoesNotBlockStatusOnOtherThreads() throws Exception {
        SteerableConnectionStore store = new SteerableConnectionStore(ConnectionStore.inMemory());
        try (ConnectionFixture f = new ConnectionFixture(store, Runnable::run)) {
            // given a change whose save blocks in the store
            Connection c = f.connect();
            CompletableFuture<ConnectionStatus> checking = goInactiveWithTheSaveHeld(f, store, c);

            try {
                // when another thread asks for the status, then it gets the new one without waiting for the save
                assertThat(onAnotherThread(c::status)).isEqualTo(ConnectionStatus.INACTIVE);
                assertThat(onAnotherThread(c::state).reason())
                        .isEqualTo("companion companion: UNREACHABLE: connection refused");
            } finally {
                store.release();
            }
            assertThat(await(checking)).isEqualTo(ConnectionStatus.INACTIVE);
        }
    }

    @Test
    void aChangeWhileASaveIsBlockedIsNotOverwrittenInTheStoreByTheOlderState() throws Exception {
        SteerableConnectionStore store = new SteerableConnectionStore(ConnectionStore.inMemory());
        try (ConnectionFixture f = new ConnectionFixture(store, Runnable::run)) {
            Connection c = f.connect();
            CompletableFuture<ConnectionStatus> older = goInactiveWithTheSaveHeld(f, store, c);

            // when a newer change happens while the older state's save is blocked
            f.companion.checkResult(ConnectionCheck.ok());
            ConnectionStatus newer;
            try {
                newer = onAnotherThread(() -> await(c.check()));
            } finally {
                store.release();
            }

            // then the change is made at once, and once the saves are done the store holds the newer state
            assertThat(newer).isEqualTo(ConnectionStatus.INCOMPLETE);
            await(older);
            assertThat(store.load(c.id())).contains(c.state());
            assertThat(store.load(c.id()).orElseThrow().status()).isEqualTo(ConnectionStatus.INCOMPLETE);
        }
    }

    @Test
    void listenersSeeEveryChangeOnceAndInTheOrderItHappened() throws Exception {
        TickingClock clock = new TickingClock();
        List<StatusChange<ConnectionStatus>> heard = new CopyOnWriteArrayList<>();
        ConnectionListener recording = new ConnectionListener() {
            @Override
            public void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
                heard.add(change);
            }
        };
        AtomicInteger checks = new AtomicInteger();
        InMemoryDestination flapping = new InMemoryDestination("flapping") {
            @Override
            public ConnectionCheck check() {
                return checks.incrementAndGet() % 2 == 0 ? ConnectionCheck.unreachable("down") : ConnectionCheck.ok();
            }
        };
        try (SyncEngine engine = SyncEngine.builder().build();
             ConnectionManager manager = ConnectionManager.builder().engine(engine).clock(clock).listener(recording)
                     .build()) {
            Connection c = manager.connect("flapping", InMemorySource.builder().entities(1, 1).build(), flapping);
            await(c.connected());
            long before = clock.ticks();

            // when four threads check a connection whose companion answers up and down in turn
            List<CompletableFuture<?>> checking = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                checking.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        await(c.check());
                    }
                }, threads));
            }
            CompletableFuture.allOf(checking.toArray(CompletableFuture[]::new)).get(STUCK_SECONDS * 3, TimeUnit.SECONDS);

            // then the listener heard each change exactly once, in order: during checks the clock is read only to
            // stamp a status change, so the changes are stamped with the clock's ticks one after another
            List<StatusChange<ConnectionStatus>> changes = heard.stream()
                    .filter(ch -> ch.at().isAfter(clock.at(before))).toList();
            List<Instant> expected = new ArrayList<>();
            for (long tick = before + 1; tick <= clock.ticks(); tick++) {
                expected.add(clock.at(tick));
            }
            assertThat(expected).as("the checks changed the status").hasSizeGreaterThan(1);
            assertThat(changes).extracting(StatusChange::at).containsExactlyElementsOf(expected);
            for (int i = 1; i < changes.size(); i++) {
                assertThat(changes.get(i).from()).as("change %d starts where change %d ended", i, i - 1)
                        .isEqualTo(changes.get(i - 1).to());
            }
            assertThat(changes.get(changes.size() - 1).to()).isEqualTo(c.status());
        }
    }

    /** @return what {@code call} returned on another thread, failing the test when it is stuck */
    private <T> T onAnotherThread(Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call, threads).get(STUCK_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Makes the store hold saves, then checks the connection on another thread while its companion is down.
     *
     * @return the check's future; the change to INACTIVE is made and its save is waiting in the store
     */
    private CompletableFuture<ConnectionStatus> goInactiveWithTheSaveHeld(ConnectionFixture f,
            SteerableConnectionStore store, Connection c) throws InterruptedException {
        store.hold();
        f.companion.checkResult(ConnectionCheck.unreachable("connection refused"));
        CompletableFuture<ConnectionStatus> checking = CompletableFuture.supplyAsync(() -> await(c.check()), threads);
        assertThat(store.awaitHeldSave(ConnectionFixture.timeout())).as("the change's save reached the store").isTrue();
        return checking;
    }

    /** A clock that moves one millisecond on at every read. */
    private static final class TickingClock extends Clock {
        private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
        private final AtomicLong ticks = new AtomicLong();

        long ticks() {
            return ticks.get();
        }

        Instant at(long tick) {
            return START.plusMillis(tick);
        }

        @Override
        public Instant instant() {
            return at(ticks.incrementAndGet());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed by the tests");
        }
    }
}
