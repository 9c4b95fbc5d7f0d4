package dev.syncwright.core;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Every run ends: no server delay, memory pressure, error, slow poll, setting or source keeps one going. */
class NothingStuckTest {
    private static final RetryPolicy QUICK = RetryPolicy.builder().initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(20)).build();

    @Test
    void aHugeRetryAfterIsCappedByTheRetryPolicysMaxBackoff() throws Exception {
        // a server asking to wait 86,400,000 s (1,000 days) before the batch is tried again
        assertRetryAfterIsCapped(Duration.ofSeconds(86_400_000L));
    }

    @Test
    void aRetryAfterOfLongMaxValueSecondsNeitherOverflowsNorLeavesRecordsPending() throws Exception {
        assertRetryAfterIsCapped(Duration.ofSeconds(Long.MAX_VALUE));
    }

    private static void assertRetryAfterIsCapped(Duration retryAfter) throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 20).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> {
            if (attempt == 1) {
                throw new ConnectorException(ConnectorException.Kind.TRANSIENT, "503 service unavailable", null, retryAfter);
            }
            return attempt == 2 ? DeliveryOutcome.retry("429 too many requests", retryAfter) : DeliveryOutcome.ok(null);
        });
        try (SyncEngine engine = SyncEngine.builder().batchSize(10).build()) {
            SyncResult result = engine.start(SyncRequest.builder("capped").source(source).destination(destination)
                    .retryPolicy(QUICK).build()).await(Duration.ofSeconds(10));

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(20, 0, 0, 0));
        }
    }

    @Test
    void outstandingSentDeliveriesAreBoundedInBytesAndTheEngineWaitsForConfirmationsBeforeReadingOn() throws Exception {
        // given records of about 2 MB each, answered SENT, and confirmed one at a time by a slow receiver
        long bound = 32L << 20; // the documented default of maxOutstandingBytes
        BlobSource source = new BlobSource(200, 1 << 20);
        SlowReceiver destination = new SlowReceiver();
        source.beforeEachRead = () -> assertThat(destination.unconfirmedBytes())
                .as("bytes awaiting confirmation when the engine reads on").isLessThan(bound);
        try (SyncEngine engine = SyncEngine.builder().batchSize(10).maxBatchBytes(64L << 20).maxRecordBytes(8L << 20).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("blobs").source(source).destination(destination).build());
            Thread receiver = new Thread(destination::confirmUntilStopped, "receiver");
            receiver.start();
            SyncResult result;
            try {
                result = run.await(Duration.ofSeconds(30));
            } finally {
                destination.stop();
                receiver.join(5_000);
            }

            // then every record was delivered, and no read happened while the bound was reached
            assertThat(source.violations).isEmpty();
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().deliveries().ok()).isEqualTo(200);
        }
    }

    @Test
    void anErrorInAnEntitysWorkEndsThatEntityAsErrorAndTheRunCompletes() throws Exception {
        InMemorySource source = InMemorySource.builder().entity("doomed", 10).entity("fine", 10).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> {
            if (entity.equals("doomed")) {
                throw new OutOfMemoryError("simulated: Java heap space");
            }
            return DeliveryOutcome.ok(null);
        });
        try (SyncEngine engine = SyncEngine.builder().build()) {
            SyncResult result = engine.start(SyncRequest.builder("error").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(10));

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            EntityProgress doomed = result.progress().entities().get(0);
            assertThat(doomed.status()).isEqualTo(EntityStatus.ERROR);
            assertThat(doomed.error()).contains("OutOfMemoryError").contains("Java heap space");
            assertThat(result.progress().entities().get(1).status()).isEqualTo(EntityStatus.COMPLETE);
        }
    }

    @Test
    void anErrorThrownWhileOpeningTheSourceFailsTheRunInsteadOfHangingIt() throws Exception {
        SourceConnector source = new InMemorySourceWrapper(InMemorySource.builder().entities(1, 5).build()) {
            @Override
            public void open() {
                throw new NoClassDefFoundError("com/example/Driver");
            }
        };
        try (SyncEngine engine = SyncEngine.builder().build()) {
            SyncResult result = engine.start(SyncRequest.builder("open-error").source(source)
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));
            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.failure()).contains("NoClassDefFoundError").contains("com/example/Driver");
        }
    }

    @Test
    void aSlowPollDelaysOnlyItsOwnRunsDeliveries() throws Exception {
        // given a run whose destination's poll hangs, and another run that needs quick retry timers
        CountDownLatch pollMayReturn = new CountDownLatch(1);
        CountDownLatch pollStarted = new CountDownLatch(1);
        ControllableDestination hanging = new ControllableDestination();
        hanging.beforePoll(() -> {
            pollStarted.countDown();
            try {
                pollMayReturn.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        hanging.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.sent("d-" + record.key(), null));
        ControllableDestination flaky = new ControllableDestination();
        flaky.outcomeFunction((entity, record, attempt) -> attempt < 4 ? DeliveryOutcome.retry("busy") : DeliveryOutcome.ok(null));
        try (SyncEngine engine = SyncEngine.builder().confirmationPollInterval(Duration.ofMillis(10)).build()) {
            SyncExecution slow = engine.start(SyncRequest.builder("slow").source(InMemorySource.builder().entities(1, 5).build())
                    .destination(hanging).build());
            assertThat(pollStarted.await(10, TimeUnit.SECONDS)).isTrue();

            // when the other run retries while that poll hangs
            SyncResult quick;
            try {
                quick = engine.start(SyncRequest.builder("quick").source(InMemorySource.builder().entities(2, 50).build())
                        .destination(flaky).retryPolicy(QUICK).build()).await(Duration.ofSeconds(10));
            } finally {
                pollMayReturn.countDown();
                slow.cancel();
            }

            // then it completes without waiting for the hanging poll
            assertThat(quick.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(slow.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);
        }
    }

    @Test
    void aBatchSizeOfIntegerMaxValueSyncsEveryRecord() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 5_000).build();
        ControllableDestination destination = new ControllableDestination();
        try (SyncEngine engine = SyncEngine.builder().batchSize(Integer.MAX_VALUE).build()) {
            SyncResult result = engine.start(SyncRequest.builder("huge-batch").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(30));
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(destination.receivedCount()).isEqualTo(10_000);
        }
    }

    @Test
    void aSourceThatNeverAdvancesEndsItsEntityAsErrorWithTheReason() throws Exception {
        // given a source whose "stuck" entity always answers an empty page, more to come, at the same checkpoint
        InMemorySource healthy = InMemorySource.builder().entity("stuck", 10).entity("fine", 10).build();
        SourceConnector source = new InMemorySourceWrapper(healthy) {
            @Override
            public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
                return entity.name().equals("stuck") ? new Page(List.of(), from, true) : super.read(entity, from, maxRecords);
            }
        };
        try (SyncEngine engine = SyncEngine.builder().build()) {
            SyncResult result = engine.start(SyncRequest.builder("stuck").source(source)
                    .destination(new ControllableDestination()).retryPolicy(QUICK).build()).await(Duration.ofSeconds(10));

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            EntityProgress stuck = result.progress().entities().get(0);
            assertThat(stuck.status()).isEqualTo(EntityStatus.ERROR);
            assertThat(stuck.error()).contains("no progress");
            assertThat(result.progress().entities().get(1).status()).isEqualTo(EntityStatus.COMPLETE);
        }
    }

    @Test
    void resetStartsASyncOverFromTheFirstRecord() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 100).build();
        ControllableDestination destination = new ControllableDestination();
        try (SyncEngine engine = SyncEngine.builder().batchSize(30).build()) {
            SyncRequest incremental = SyncRequest.builder("again").source(source).destination(destination)
                    .mode(SyncMode.INCREMENTAL).build();
            engine.start(incremental).await(Duration.ofSeconds(10));
            assertThat(engine.start(incremental).await(Duration.ofSeconds(10)).progress().records()).isZero();

            engine.reset("again");
            SyncResult over = engine.start(incremental).await(Duration.ofSeconds(10));

            assertThat(over.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(over.progress().records()).isEqualTo(200);
            assertThat(destination.totalWrites()).isEqualTo(400);
        }
    }

    @Test
    void resetIsRefusedWhileARunOfThatSyncIsGoing() throws Exception {
        ControllableDestination destination = new ControllableDestination();
        destination.hold();
        try (SyncEngine engine = SyncEngine.builder().build()) {
            SyncExecution run = engine.start(SyncRequest.builder("busy").source(InMemorySource.builder().entities(1, 10).build())
                    .destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();

            assertThatThrownBy(() -> engine.reset("busy")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("busy").hasMessageContaining(run.runId());
            engine.reset("another"); // other names are not affected

            destination.release();
            assertThat(run.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    /** Hands every call to an {@link InMemorySource}, so a test can override one method. */
    private static class InMemorySourceWrapper implements SourceConnector {
        private final InMemorySource delegate;

        InMemorySourceWrapper(InMemorySource delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<EntityDescriptor> entities() {
            return delegate.entities();
        }

        @Override
        public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
            return delegate.read(entity, from, maxRecords);
        }

        @Override
        public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
            return delegate.readByKeys(entity, keys);
        }
    }

    /** Records of one large shared text (so the test's heap stays small while their estimated size is large). */
    private static final class BlobSource implements SourceConnector {
        private final int count;
        private final String blob;
        final List<String> violations = new ArrayList<>();
        volatile Runnable beforeEachRead = () -> { };

        BlobSource(int count, int chars) {
            this.count = count;
            this.blob = "x".repeat(chars);
        }

        @Override
        public List<EntityDescriptor> entities() {
            return List.of(EntityDescriptor.of("blobs", "id", List.of()));
        }

        @Override
        public synchronized Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
            try {
                beforeEachRead.run();
            } catch (AssertionError e) {
                violations.add(e.getMessage());
            }
            int start = from.isStart() ? 0 : Integer.parseInt(from.value());
            int end = (int) Math.min(count, (long) start + maxRecords);
            List<SyncRecord> records = new ArrayList<>();
            for (int i = start; i < end; i++) {
                records.add(SyncRecord.of("blobs", "blob-" + i, Map.of("body", blob)));
            }
            return new Page(records, Checkpoint.of(Integer.toString(end)), end < count);
        }

        @Override
        public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
            return keys.stream().map(k -> SyncRecord.of("blobs", k, Map.of("body", blob))).toList();
        }
    }

    /** Answers SENT and confirms the deliveries one by one, oldest first, on its own thread. */
    private static final class SlowReceiver implements DestinationConnector {
        private final Map<String, Long> unconfirmed = new ConcurrentHashMap<>();
        private final java.util.concurrent.LinkedBlockingQueue<String> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private final AtomicLong next = new AtomicLong();
        private volatile DestinationContext context;
        private volatile boolean stopped;

        @Override
        public void open(DestinationContext context) {
            this.context = context;
        }

        @Override
        public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
            List<DeliveryOutcome> out = new ArrayList<>();
            for (SyncRecord r : batch) {
                String id = "d-" + next.incrementAndGet();
                unconfirmed.put(id, r.estimatedBytes());
                queue.add(id);
                out.add(DeliveryOutcome.sent(id, null));
            }
            return out;
        }

        long unconfirmedBytes() {
            return unconfirmed.values().stream().mapToLong(Long::longValue).sum();
        }

        void confirmUntilStopped() {
            try {
                while (!stopped) {
                    String id = queue.poll(10, TimeUnit.MILLISECONDS);
                    if (id != null) {
                        Thread.sleep(1); // a receiver slower than the engine, so deliveries pile up
                        unconfirmed.remove(id);
                        context.confirmations().confirm(id, DeliveryOutcome.ok(null));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void stop() {
            stopped = true;
        }
    }
}
