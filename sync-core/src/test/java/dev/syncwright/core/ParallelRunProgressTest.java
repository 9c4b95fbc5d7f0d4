package dev.syncwright.core;

import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelRunProgressTest {

    @Test
    void progressInvariantsHoldInEverySnapshotTakenDuringAParallelRun() throws Exception {
        // given 8 entities of 3,000 records, synced 3 at a time in small batches
        InMemorySource source = InMemorySource.builder().entities(8, 3_000).build();
        ControllableDestination destination = new ControllableDestination();
        destination.latency(Duration.ofMillis(1));
        try (SyncEngine engine = SyncEngine.builder().parallelism(3).batchSize(100).build()) {
            // when another thread snapshots the progress as fast as it can
            SyncExecution run = engine.start(SyncRequest.builder("progress").source(source).destination(destination).build());
            List<SyncProgress> snapshots = new ArrayList<>();
            while (!run.completion().isDone()) {
                snapshots.add(run.progress());
            }
            SyncResult result = run.await();
            snapshots.add(run.progress());

            // then every snapshot is consistent
            assertThat(snapshots).hasSizeGreaterThan(10);
            boolean sawActive = false;
            for (SyncProgress p : snapshots) {
                assertThat(p.waiting() + p.active() + p.done() + p.errors()).isEqualTo(p.total());
                assertThat(p.records()).isEqualTo(p.entities().stream().mapToLong(EntityProgress::records).sum());
                assertThat(p.deliveries().total()).isEqualTo(p.records());
                assertThat(p.active()).isLessThanOrEqualTo(3);
                assertThat(p.percent() == 100).isEqualTo(p.finished());
                sawActive |= p.active() > 0;
            }
            assertThat(sawActive).isTrue();
            // and the run moved everything
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().done()).isEqualTo(8);
            assertThat(result.progress().records()).isEqualTo(24_000);
            assertThat(result.progress().percent()).isEqualTo(100);
            for (int i = 1; i <= 8; i++) {
                String entity = "entity-" + i;
                assertThat(destination.received(entity).keySet())
                        .containsExactlyInAnyOrderElementsOf(source.records(entity).stream().map(SyncRecord::key).toList());
            }
        }
    }

    @Test
    void percentIsByRecordsWhenEveryEntityHasAnEstimate() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 1_000).build();
        ControllableDestination destination = new ControllableDestination();
        destination.hold();
        try (SyncEngine engine = SyncEngine.builder().parallelism(1).batchSize(250).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("percent").source(source).destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();
            assertThat(run.progress().percent()).isZero();
            // let exactly one batch through, then hold the next
            destination.releaseOne();
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();
            assertThat(run.progress().records()).isEqualTo(250);
            assertThat(run.progress().percent()).isEqualTo(12.5); // 250 of 2,000 estimated
            destination.release();
            assertThat(run.await().progress().percent()).isEqualTo(100);
        }
    }

    @Test
    void listenerCallbacksArriveInAValidOrderPerEntity() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(5, 1_000).build();
        RecordingListener listener = new RecordingListener();
        try (SyncEngine engine = SyncEngine.builder().parallelism(3).batchSize(128).listener(listener).build()) {
            engine.start(SyncRequest.builder("order").source(source).destination(new InMemoryDestination()).build()).await();
        }
        assertThat(listener.runEvents).containsExactly("runStarted", "runFinished");
        Pattern valid = Pattern.compile("started( outcomes+ committed)+ finished:COMPLETE");
        assertThat(listener.entityEvents).hasSize(5);
        listener.entityEvents.forEach((entity, events) ->
                assertThat(String.join(" ", events)).as(entity).matches(valid));
        assertThat(listener.latest).hasSize(5_000);
    }

    @Test
    void aThrowingListenerChangesNothing() throws Exception {
        SyncListener throwing = new SyncListener() {
            @Override
            public void onRunStarted(RunInfo run, SyncProgress progress) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onEntityStarted(RunInfo run, EntityProgress entity) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onRecordOutcomes(RunInfo run, List<dev.syncwright.core.event.RecordOutcome> outcomes) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onBatchCommitted(RunInfo run, EntityProgress entity, int batchRecords) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onEntityFinished(RunInfo run, EntityProgress entity) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void onRunFinished(RunInfo run, SyncResult result) {
                throw new IllegalStateException("boom");
            }
        };
        RecordingListener witness = new RecordingListener();
        InMemorySource source = InMemorySource.builder().entities(3, 500).build();
        InMemoryDestination destination = new InMemoryDestination();
        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().batchSize(100).listener(throwing).listener(witness).build()) {
            result = engine.start(SyncRequest.builder("throwing").source(source).destination(destination).build()).await();
        }
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().records()).isEqualTo(1_500);
        assertThat(destination.receivedCount()).isEqualTo(1_500);
        assertThat(witness.runEvents).containsExactly("runStarted", "runFinished");
        assertThat(witness.latest).hasSize(1_500);
    }

    @Test
    void oneEntityWhoseSourceThrowsEndsErrorWhileTheOthersComplete() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(4, 400).build();
        source.failReads("entity-2", dev.syncwright.spi.ConnectorException.permanent("table entity-2 is locked", null));
        InMemoryDestination destination = new InMemoryDestination();
        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().parallelism(2).batchSize(100).build()) {
            result = engine.start(SyncRequest.builder("one-fails").source(source).destination(destination).build()).await();
        }
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        Map<String, EntityProgress> byName = new java.util.HashMap<>();
        result.progress().entities().forEach(e -> byName.put(e.entity(), e));
        assertThat(byName.get("entity-2").status()).isEqualTo(EntityStatus.ERROR);
        assertThat(byName.get("entity-2").error()).contains("table entity-2 is locked");
        assertThat(result.completed()).containsExactlyInAnyOrder("entity-1", "entity-3", "entity-4");
        assertThat(destination.received("entity-3")).hasSize(400);
        assertThat(result.progress().errors()).isEqualTo(1);
        assertThat(result.progress().done()).isEqualTo(3);
    }

    @Test
    void anEntityWhoseDestinationFailsPermanentlyEndsErrorWhileTheOthersComplete() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(3, 300).build();
        ControllableDestination destination = new ControllableDestination();
        destination.failEntity("entity-1", dev.syncwright.spi.ConnectorException.permanent("schema mismatch", null));
        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().parallelism(3).batchSize(100).build()) {
            result = engine.start(SyncRequest.builder("dest-fails").source(source).destination(destination).build()).await();
        }
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        EntityProgress failed = result.progress().entities().stream().filter(e -> e.entity().equals("entity-1")).findFirst().orElseThrow();
        assertThat(failed.status()).isEqualTo(EntityStatus.ERROR);
        assertThat(failed.error()).contains("schema mismatch");
        assertThat(failed.deliveries().failed()).isEqualTo(100); // the batch that was attempted
        assertThat(result.completed()).containsExactlyInAnyOrder("entity-2", "entity-3");
    }

    @Test
    void connectorsAreOpenedAndClosedByTheEngine() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 10).build();
        InMemoryDestination destination = new InMemoryDestination();
        try (SyncEngine engine = SyncEngine.builder().build()) {
            engine.start(SyncRequest.builder("lifecycle").source(source).destination(destination).build()).await();
        }
        assertThat(destination.isClosed()).isTrue();
    }

    @Test
    void closingTheEngineLeavesAnInjectedExecutorRunning() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            AtomicBoolean ran = new AtomicBoolean();
            try (SyncEngine engine = SyncEngine.builder().executor(pool).build()) {
                engine.start(SyncRequest.builder("injected").source(InMemorySource.builder().entities(2, 50).build())
                        .destination(new InMemoryDestination()).build()).await();
            }
            pool.submit(() -> ran.set(true)).get();
            assertThat(ran).isTrue();
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
