package dev.syncwright.core;

import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A checkpoint never passes a record whose delivery is not final unless that delivery is carried to the next
 * run: SENT deliveries and re-sends still owed when a run stops are kept next to the position and finished by
 * the next run of the same sync.
 */
class NothingLostTest {
    private static final RetryPolicy NO_WAIT = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

    private static SyncEngine.Builder fastConfirmations() {
        return SyncEngine.builder().confirmationPollInterval(Duration.ofMillis(10));
    }

    private static SyncRequest request(String name, InMemorySource source, ControllableDestination destination,
                                       RecordingListener listener) {
        return SyncRequest.builder(name).source(source).destination(destination).retryPolicy(NO_WAIT).listener(listener).build();
    }

    @Test
    void sentRecordsOutstandingAtCancelAreDeliveredByTheNextRun() throws Exception {
        // given 1,000 records answered SENT and confirmed by poll only later
        InMemorySource source = InMemorySource.builder().entities(1, 1_000).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.sent("d-" + record.key(), null));
        RunJournal checkpoints = RunJournal.inMemory();
        try (SyncEngine engine = fastConfirmations().batchSize(500).journal(checkpoints).build()) {
            SyncExecution first = engine.start(request("sent", source, destination, new RecordingListener()));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.progress().deliveries().sent() == 1_000);

            // when the run is cancelled with every record still SENT
            first.cancel();
            assertThat(first.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(checkpoints.checkpoints("sent").get("entity-1").outstanding()).hasSize(1_000);

            // and the destination confirms them before the next run polls
            for (SyncRecord r : source.records("entity-1")) {
                destination.settleForPoll("d-" + r.key(), DeliveryOutcome.ok(null));
            }
            RecordingListener listener = new RecordingListener();
            SyncResult second = engine.start(request("sent", source, destination, listener)).await(Duration.ofSeconds(10));

            // then the next run polls the carried deliveries: every record is delivered, none written twice
            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(second.progress().deliveries()).isEqualTo(new DeliveryCounts(1_000, 0, 0, 0));
            assertThat(destination.receivedCount()).isEqualTo(1_000);
            assertThat(destination.totalWrites()).isEqualTo(1_000);
            assertThat(listener.latestOutcomes()).hasSize(1_000).allSatisfy(o -> assertThat(o.status()).isEqualTo(DeliveryStatus.OK));
            assertThat(checkpoints.checkpoints("sent").get("entity-1").outstanding()).isEmpty();
        }
    }

    @Test
    void sentRecordsNeverConfirmedAreResentByTheNextRunAfterTheConfirmationTimeout() throws Exception {
        // given deliveries that are never confirmed (a push that was lost), then accepted on the next attempt
        InMemorySource source = InMemorySource.builder().entities(2, 100).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> attempt == 1
                ? DeliveryOutcome.sent("d-" + record.key(), null) : DeliveryOutcome.ok("dest-" + record.key()));
        RunJournal checkpoints = RunJournal.inMemory();
        try (SyncEngine engine = fastConfirmations().batchSize(30).journal(checkpoints).build()) {
            SyncExecution first = engine.start(SyncRequest.builder("lost").source(source).destination(destination)
                    .retryPolicy(NO_WAIT).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> first.progress().deliveries().sent() == 200);
            first.cancel();
            assertThat(first.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);
        }
        // when the sync runs again, on an engine (a restarted host, say) that waits 50 ms for a confirmation
        try (SyncEngine engine = fastConfirmations().batchSize(30).journal(checkpoints)
                .confirmationTimeout(Duration.ofMillis(50)).build()) {
            SyncResult second = engine.start(SyncRequest.builder("lost").source(source).destination(destination)
                    .retryPolicy(NO_WAIT).build()).await(Duration.ofSeconds(10));

            // then every record reached the destination, written exactly twice (the lost delivery and its re-send)
            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
            for (String entity : List.of("entity-1", "entity-2")) {
                assertThat(destination.received(entity)).hasSize(100);
                for (SyncRecord r : source.records(entity)) {
                    assertThat(destination.writeCount(entity, r.key())).as(r.key()).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void aRecordMadePendingByAConfirmationTimeoutAfterItsPageCommittedIsCarriedToTheNextRun() throws Exception {
        // given records whose delivery times out after their page committed, and whose re-send then waits an hour
        InMemorySource source = InMemorySource.builder().entities(1, 10).build();
        ControllableDestination destination = new ControllableDestination();
        java.util.concurrent.atomic.AtomicBoolean recovered = new java.util.concurrent.atomic.AtomicBoolean();
        destination.outcomeFunction((entity, record, attempt) -> attempt == 1 ? DeliveryOutcome.sent("d-" + record.key(), null)
                : recovered.get() ? DeliveryOutcome.ok(null) : DeliveryOutcome.retry("destination busy"));
        RetryPolicy patient = RetryPolicy.builder().initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1)).build();
        RunJournal checkpoints = RunJournal.inMemory();
        try (SyncEngine engine = fastConfirmations().journal(checkpoints).confirmationTimeout(Duration.ofMillis(50)).build()) {
            SyncExecution first = engine.start(SyncRequest.builder("owed").source(source).destination(destination)
                    .retryPolicy(patient).build());
            // every delivery timed out (the re-sends that got written wait an hour for their retry)
            await().atMost(Duration.ofSeconds(10)).until(() -> first.progress().deliveries().pending() == 10
                    && destination.totalWrites() > 10);

            // when the run is cancelled while the re-sends wait for their backoff
            first.cancel();
            assertThat(first.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(checkpoints.checkpoints("owed").get("entity-1").outstanding())
                    .hasSize(10).allSatisfy(d -> assertThat(d.awaitingResend()).isTrue());

            // then the next run re-sends them
            recovered.set(true);
            SyncResult second = engine.start(SyncRequest.builder("owed").source(source).destination(destination)
                    .retryPolicy(NO_WAIT).build()).await(Duration.ofSeconds(10));
            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(second.progress().deliveries().ok()).isEqualTo(10);
            assertThat(destination.receivedCount()).isEqualTo(10);
            assertThat(checkpoints.checkpoints("owed").get("entity-1").outstanding()).isEmpty();
        }
    }

    @Test
    void aCarriedRecordNoLongerInTheSourceIsFailedWithTheReason() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 20).build();
        String gone = source.records("entity-1").get(7).key();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> attempt == 1
                ? DeliveryOutcome.sent("d-" + record.key(), null) : DeliveryOutcome.ok(null));
        RunJournal checkpoints = RunJournal.inMemory();
        try (SyncEngine engine = fastConfirmations().journal(checkpoints).build()) {
            SyncExecution first = engine.start(request("gone", source, destination, new RecordingListener()));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.progress().deliveries().sent() == 20);
            first.cancel();
            first.await(Duration.ofSeconds(10));
        }
        try (SyncEngine engine = fastConfirmations().journal(checkpoints).confirmationTimeout(Duration.ofMillis(50)).build()) {
            source.remove("entity-1", gone);
            RecordingListener listener = new RecordingListener();
            SyncResult second = engine.start(request("gone", source, destination, listener)).await(Duration.ofSeconds(10));

            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            RecordOutcome failed = listener.latest.get("entity-1/" + gone);
            assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(failed.message()).isEqualTo("record no longer exists in the source");
            assertThat(destination.received("entity-1")).hasSize(19).doesNotContainKey(gone);
        }
    }
}
