package dev.syncwright.core.connection;

import dev.syncwright.testkit.ControllableDestination;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.syncwright.core.connection.ConnectionFixture.ALPHA;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a data space put into the companion must be known from the store alone, so that a host that died during
 * its initial sync can still remove it.
 */
class UnshareAfterCrashDuringInitialSyncTest {

    @Test
    void unsharingAfterACrashDuringTheInitialSyncRemovesEveryEntitysData() throws Exception {
        ConnectionStore durable = ConnectionStore.inMemory();
        SteerableConnectionStore crashing = new SteerableConnectionStore(durable);
        ControllableDestination companion = new ControllableDestination();
        // each entity's second batch waits at the companion until the test is over: the host "dies" there
        Map<String, AtomicInteger> batches = new ConcurrentHashMap<>();
        CountDownLatch atSecondBatch = new CountDownLatch(2);
        CountDownLatch over = new CountDownLatch(1);
        companion.beforeWrite((entity, attempt) -> {
            if (batches.computeIfAbsent(entity, e -> new AtomicInteger()).incrementAndGet() == 2) {
                atSecondBatch.countDown();
                ConnectionFixture.awaitLatch(over, "the end of the test");
            }
        });
        try (ConnectionFixture before = new ConnectionFixture(crashing, Runnable::run)) {
            try {
                theHostDiesDuringTheInitialSyncAndANewManagerUnshares(before, durable, crashing, companion, atSecondBatch);
            } finally {
                over.countDown();
            }
        }
    }

    private static void theHostDiesDuringTheInitialSyncAndANewManagerUnshares(ConnectionFixture before,
            ConnectionStore durable, SteerableConnectionStore crashing, ControllableDestination companion,
            CountDownLatch atSecondBatch) throws InterruptedException {
        // given an initial sync that wrote the first batch of each entity of alpha
        Connection c = before.connectTo(companion);
        c.share(ALPHA);
        assertThat(atSecondBatch.await(ConnectionFixture.timeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(companion.received("a1")).hasSize(10);
        assertThat(companion.received("a2")).hasSize(10);

        // when the host dies there, and a new manager on the same store restores the connection
        crashing.die();
        try (ConnectionFixture after = new ConnectionFixture(durable, Runnable::run)) {
            Connection restored = after.manager.restore(c.id(), after.home, companion);
            assertThat(restored.dataSpace("alpha")).map(DataSpaceState::status).contains(DataSpaceStatus.ERROR);

            // then unsharing alpha removes the data of each of its entities from the companion
            await(restored.unshare("alpha"));

            assertThat(companion.received("a1")).isEmpty();
            assertThat(companion.received("a2")).isEmpty();
            assertThat(restored.dataSpaces()).isEmpty();
            assertThat(durable.load(c.id()).orElseThrow().dataSpaces()).isEmpty();
        }
    }

    @Test
    void anInitialSyncWritesNothingWhenTheStoreCannotRecordWhatItWillWrite() {
        SteerableConnectionStore store = new SteerableConnectionStore(ConnectionStore.inMemory());
        try (ConnectionFixture f = new ConnectionFixture(store, Runnable::run)) {
            Connection c = f.connect();
            store.failSaves(new IllegalStateException("disk full"));

            DataSpaceState alpha = await(c.share(ALPHA));

            assertThat(alpha.status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(alpha.reason()).startsWith("initial sync failed: ")
                    .contains("the connection store could not record the entities of data space 'alpha' before its "
                            + "initial sync wrote to the companion: disk full");
            assertThat(f.companion.totalWrites()).isZero();
        }
    }
}
