package dev.syncwright.core;

import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CancelAndResumeTest {

    private static Map<String, EntityStatus> statuses(SyncResult result) {
        return result.progress().entities().stream().collect(Collectors.toMap(EntityProgress::entity, EntityProgress::status));
    }

    @Test
    void cancelLetsInFlightBatchesCommitStartsNothingNewAndRerunCompletesTheRest() throws Exception {
        // given 4 entities, 2 at a time, and a destination that holds the first writes in flight
        InMemorySource source = InMemorySource.builder().entities(4, 1_000).build();
        ControllableDestination destination = new ControllableDestination();
        RunJournal checkpoints = RunJournal.inMemory();
        destination.hold();
        try (SyncEngine engine = SyncEngine.builder().parallelism(2).batchSize(100).journal(checkpoints).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("orders").source(source).destination(destination).build());
            assertThat(destination.awaitBlockedWrites(2, Duration.ofSeconds(10))).isTrue();

            // when the run is cancelled while two batches are being written, then they are let through
            run.cancel();
            destination.release();
            SyncResult cancelled = run.await(Duration.ofSeconds(10));

            // then the in-flight batches committed and nothing after them was written
            assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(destination.receivedCount()).isEqualTo(200);
            assertThat(destination.batchCount()).isEqualTo(2);
            Map<String, EntityStatus> st = statuses(cancelled);
            assertThat(st.get("entity-3")).isEqualTo(EntityStatus.WAITING);
            assertThat(st.get("entity-4")).isEqualTo(EntityStatus.WAITING);
            assertThat(cancelled.progress().records()).isEqualTo(200);
            assertThat(checkpoints.checkpoints("orders").get("entity-1").position().value()).isEqualTo("100");
            assertThat(cancelled.completed()).isEmpty();

            // when the same sync runs again
            SyncResult rerun = engine.start(SyncRequest.builder("orders").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(30));

            // then it completes the rest: no record lost, none written twice (the in-flight batches had committed)
            assertThat(rerun.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(rerun.progress().records()).isEqualTo(4_000 - 200);
            assertDestinationEqualsSource(source, destination, 4);
            assertThat(destination.totalWrites()).isEqualTo(4_000);
        }
    }

    @Test
    void anEntityInterruptedByACancelIsToldApartFromOneThatNeverStarted() throws Exception {
        // given 2 entities, one at a time, the first one's write held in flight
        InMemorySource source = InMemorySource.builder().entities(2, 300).build();
        ControllableDestination destination = new ControllableDestination();
        destination.hold();
        try (SyncEngine engine = SyncEngine.builder().parallelism(1).batchSize(100).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("told-apart").source(source).destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();

            // when the run is cancelled and the in-flight batch is let through
            run.cancel();
            destination.release();
            SyncResult cancelled = run.await(Duration.ofSeconds(10));

            // then both are WAITING, but only the first says it was interrupted, with what this run did
            EntityProgress interrupted = cancelled.progress().entities().get(0);
            EntityProgress notStarted = cancelled.progress().entities().get(1);
            assertThat(interrupted.status()).isEqualTo(EntityStatus.WAITING);
            assertThat(interrupted.interrupted()).isTrue();
            assertThat(interrupted.records()).isEqualTo(100);
            assertThat(notStarted.status()).isEqualTo(EntityStatus.WAITING);
            assertThat(notStarted.interrupted()).isFalse();
            assertThat(notStarted.records()).isZero();
            assertThat(notStarted.elapsed()).isZero();
        }
    }

    @Test
    void rerunSkipsEntitiesCompletedBeforeTheCancelAndResendsAtMostOneBatchPerInterruptedEntity() throws Exception {
        // given a run cancelled after entity-1 completed and while entity-2 has a batch waiting for a retry
        InMemorySource source = InMemorySource.builder().entity("small", 50).entity("big", 1_000).build();
        ControllableDestination destination = new ControllableDestination();
        // "big" fails transiently from its third batch on: the batch stays PENDING, its checkpoint uncommitted
        destination.outcomeFunction((entity, record, attempt) -> entity.equals("big") && keyIndex(record) >= 200
                ? dev.syncwright.spi.DeliveryOutcome.retry("destination busy")
                : dev.syncwright.spi.DeliveryOutcome.ok("dest-" + record.key()));
        RecordingListener listener = new RecordingListener();
        RunJournal checkpoints = RunJournal.inMemory();
        RetryPolicy slow = RetryPolicy.builder().maxRetries(4).initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1)).build();
        try (SyncEngine engine = SyncEngine.builder().parallelism(2).batchSize(100).journal(checkpoints).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("mixed").source(source).destination(destination)
                    .retryPolicy(slow).listener(listener).build());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> run.progress().deliveries().pending() == 100 && run.progress().done() == 1);

            run.cancel();
            SyncResult cancelled = run.await(Duration.ofSeconds(5));
            assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(cancelled.completed()).containsExactly("small");
            assertThat(cancelled.progress().deliveries().pending()).isEqualTo(100);

            // when the destination recovers and the sync runs again
            destination.outcomeFunction((entity, record, attempt) -> dev.syncwright.spi.DeliveryOutcome.ok("dest-" + record.key()));
            SyncResult rerun = engine.start(SyncRequest.builder("mixed").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(30));

            // then "small" is skipped, "big" continues from its last committed batch
            assertThat(rerun.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(rerun.skipped()).containsExactly("small");
            assertThat(rerun.progress().total()).isEqualTo(1);
            assertThat(rerun.progress().records()).isEqualTo(800);
            assertDestinationEqualsSource(source, destination, "small", "big");
            long writtenTwice = source.records("big").stream().filter(r -> destination.writeCount("big", r.key()) > 1).count();
            assertThat(writtenTwice).isLessThanOrEqualTo(100); // at most one batch re-sent
            assertThat(source.records("small").stream().allMatch(r -> destination.writeCount("small", r.key()) == 1)).isTrue();
        }
    }

    @Test
    void aCompletedSyncRunsFullyAgainInFullMode() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 100).build();
        ControllableDestination destination = new ControllableDestination();
        try (SyncEngine engine = SyncEngine.builder().batchSize(30).build()) {
            engine.start(SyncRequest.builder("again").source(source).destination(destination).build()).await();
            SyncResult second = engine.start(SyncRequest.builder("again").source(source).destination(destination).build()).await();
            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(second.progress().records()).isEqualTo(200);
            assertThat(second.skipped()).isEmpty();
            assertThat(destination.totalWrites()).isEqualTo(400);
        }
    }

    @Test
    void incrementalModeMovesOnlyRecordsAddedAfterTheLastCompleteRun() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 300).build();
        ControllableDestination destination = new ControllableDestination();
        try (SyncEngine engine = SyncEngine.builder().batchSize(64).build()) {
            SyncResult first = engine.start(SyncRequest.builder("inc").source(source).destination(destination)
                    .mode(SyncMode.INCREMENTAL).build()).await();
            assertThat(first.progress().records()).isEqualTo(600);

            source.append("entity-1", 25);
            SyncResult second = engine.start(SyncRequest.builder("inc").source(source).destination(destination)
                    .mode(SyncMode.INCREMENTAL).build()).await();

            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(second.progress().records()).isEqualTo(25);
            assertThat(destination.totalWrites()).isEqualTo(625);
            assertDestinationEqualsSource(source, destination, "entity-1", "entity-2");
        }
    }

    private static int keyIndex(SyncRecord record) {
        String key = record.key();
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }

    private static void assertDestinationEqualsSource(InMemorySource source, ControllableDestination destination, int entities) {
        String[] names = new String[entities];
        for (int i = 0; i < entities; i++) {
            names[i] = "entity-" + (i + 1);
        }
        assertDestinationEqualsSource(source, destination, names);
    }

    private static void assertDestinationEqualsSource(InMemorySource source, ControllableDestination destination, String... entities) {
        for (String entity : entities) {
            Map<String, SyncRecord> received = destination.received(entity);
            assertThat(received.keySet()).as(entity)
                    .containsExactlyInAnyOrderElementsOf(source.records(entity).stream().map(SyncRecord::key).toList());
            for (SyncRecord r : source.records(entity)) {
                assertThat(received.get(r.key()).fields()).isEqualTo(r.fields());
            }
        }
    }
}
