package dev.syncwright.core;

import dev.syncwright.testkit.MutableClock;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryAndRetryTest {
    private static final RetryPolicy NO_WAIT = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

    private static SyncResult run(InMemorySource source, ControllableDestination destination, RecordingListener listener,
                                  SyncEngine.Builder engine) throws Exception {
        try (SyncEngine e = engine.listener(listener).build()) {
            return e.start(SyncRequest.builder("delivery").source(source).destination(destination).retryPolicy(NO_WAIT).build())
                    .await(Duration.ofSeconds(30));
        }
    }

    @Test
    void transientFailuresSucceedOnALaterAttempt() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 50).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> attempt < 3 ? DeliveryOutcome.retry("throttled")
                : DeliveryOutcome.ok("dest-" + record.key()));
        RecordingListener listener = new RecordingListener();

        SyncResult result = run(source, destination, listener, SyncEngine.builder().batchSize(20));

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(50, 0, 0, 0));
        assertThat(result.progress().records()).isEqualTo(50); // counted once, not once per attempt
        assertThat(listener.latestOutcomes()).hasSize(50).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(o.attempts()).isEqualTo(3);
            assertThat(o.endpointId()).isEqualTo("dest-" + o.key());
        });
        assertThat(destination.receivedCount()).isEqualTo(50);
    }

    @Test
    void retriesExhaustedFailAfterExactlyOnePlusMaxRetriesAttempts() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 10).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.retry("destination down"));
        RecordingListener listener = new RecordingListener();

        SyncResult result = run(source, destination, listener, SyncEngine.builder());

        assertThat(result.progress().deliveries().failed()).isEqualTo(10);
        for (SyncRecord r : source.records("entity-1")) {
            assertThat(destination.writeCount("entity-1", r.key())).isEqualTo(1 + NO_WAIT.maxRetries());
        }
        assertThat(listener.latestOutcomes()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(o.attempts()).isEqualTo(5);
            assertThat(o.message()).contains("retries exhausted").contains("destination down");
        });
        // every record failed: the entity is ERROR
        assertThat(result.progress().entities().get(0).status()).isEqualTo(EntityStatus.ERROR);
    }

    @Test
    void permanentFailuresFailAfterOneAttemptAndTheEntityStaysCompleteWhenOthersSucceed() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 10).build();
        ControllableDestination destination = new ControllableDestination();
        String rejected = source.records("entity-1").get(3).key();
        destination.outcomeFunction((entity, record, attempt) -> record.key().equals(rejected)
                ? DeliveryOutcome.failed("field 'price' changed type") : DeliveryOutcome.ok("dest-" + record.key()));
        RecordingListener listener = new RecordingListener();

        SyncResult result = run(source, destination, listener, SyncEngine.builder());

        assertThat(destination.writeCount("entity-1", rejected)).isEqualTo(1);
        RecordOutcome failed = listener.latest.get("entity-1/" + rejected);
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.message()).isEqualTo("field 'price' changed type");
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        EntityProgress entity = result.progress().entities().get(0);
        assertThat(entity.status()).isEqualTo(EntityStatus.COMPLETE);
        assertThat(entity.deliveries()).isEqualTo(new DeliveryCounts(9, 0, 0, 1));
    }

    @Test
    void retryingABatchResendsOnlyTheRecordsStillPending() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 40).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) ->
                record.key().hashCode() % 2 == 0 && attempt == 1 ? DeliveryOutcome.retry("busy") : DeliveryOutcome.ok(null));

        SyncResult result = run(source, destination, new RecordingListener(), SyncEngine.builder().batchSize(40));

        assertThat(result.progress().deliveries().ok()).isEqualTo(40);
        for (SyncRecord r : source.records("entity-1")) {
            int expected = r.key().hashCode() % 2 == 0 ? 2 : 1;
            assertThat(destination.writeCount("entity-1", r.key())).as(r.key()).isEqualTo(expected);
        }
    }

    @Test
    void aWholeBatchTransientFailureIsRetried() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 30).build();
        ControllableDestination destination = new ControllableDestination();
        AtomicInteger calls = new AtomicInteger();
        destination.outcomeFunction((entity, record, attempt) -> {
            if (attempt == 1) {
                throw ConnectorException.transientFailure("503 service unavailable", null);
            }
            return DeliveryOutcome.ok(null);
        });
        RecordingListener listener = new RecordingListener();
        SyncResult result = run(source, destination, listener, SyncEngine.builder().batchSize(10));
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(listener.latestOutcomes()).hasSize(30).allSatisfy(o -> assertThat(o.attempts()).isEqualTo(2));
        assertThat(listener.allOutcomes).anySatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(o.message()).contains("503");
        });
    }

    @Test
    void sentBecomesOkWhenTheDestinationPushesAConfirmation() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 10).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.sent("d-" + record.key(), null));
        RecordingListener listener = new RecordingListener();
        try (SyncEngine engine = SyncEngine.builder().listener(listener).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("push").source(source).destination(destination).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> run.progress().deliveries().sent() == 10);
            assertThat(run.completion()).isNotDone(); // the entity waits for its confirmations

            for (SyncRecord r : source.records("entity-1")) {
                destination.confirm("d-" + r.key(), DeliveryOutcome.ok("remote-" + r.key()));
            }
            SyncResult result = run.await(Duration.ofSeconds(10));

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(10, 0, 0, 0));
            assertThat(listener.latestOutcomes()).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(DeliveryStatus.OK);
                assertThat(o.endpointId()).isEqualTo("remote-" + o.key());
            });
        }
    }

    @Test
    void sentBecomesOkWhenAPollFindsItConfirmed() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 10).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.sent("d-" + record.key(), null));
        try (SyncEngine engine = SyncEngine.builder().confirmationPollInterval(Duration.ofMillis(10)).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("poll").source(source).destination(destination).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> run.progress().deliveries().sent() == 10);

            for (SyncRecord r : source.records("entity-1")) {
                destination.settleForPoll("d-" + r.key(), DeliveryOutcome.ok(null));
            }
            SyncResult result = run.await(Duration.ofSeconds(10));
            assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(10, 0, 0, 0));
        }
    }

    @Test
    void aRejectedConfirmationIsRetriedOrFailedByItsKind() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 2).build();
        String first = source.records("entity-1").get(0).key();
        String second = source.records("entity-1").get(1).key();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> attempt == 1
                ? DeliveryOutcome.sent("d-" + record.key(), null) : DeliveryOutcome.ok(null));
        RecordingListener listener = new RecordingListener();
        try (SyncEngine engine = SyncEngine.builder().listener(listener).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("reject").source(source).destination(destination).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> run.progress().deliveries().sent() == 2);
            destination.confirm("d-" + first, DeliveryOutcome.retry("checksum mismatch, send again"));
            destination.confirm("d-" + second, DeliveryOutcome.failed("rejected by validation"));
            run.await(Duration.ofSeconds(10));
        }
        assertThat(listener.latest.get("entity-1/" + first).status()).isEqualTo(DeliveryStatus.OK);
        assertThat(listener.latest.get("entity-1/" + first).attempts()).isEqualTo(2);
        assertThat(listener.latest.get("entity-1/" + second).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(listener.latest.get("entity-1/" + second).message()).isEqualTo("rejected by validation");
    }

    @Test
    void aSentDeliveryNeverConfirmedBecomesPendingAfterTheTimeoutAndIsResent() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 5).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> attempt == 1
                ? DeliveryOutcome.sent("d-" + record.key(), null) : DeliveryOutcome.ok(null));
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RecordingListener listener = new RecordingListener();
        try (SyncEngine engine = SyncEngine.builder().clock(clock).listener(listener)
                .confirmationTimeout(Duration.ofMinutes(1)).confirmationPollInterval(Duration.ofMillis(10)).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("timeout").source(source).destination(destination).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> run.progress().deliveries().sent() == 5);

            clock.advance(Duration.ofMinutes(2));
            SyncResult result = run.await(Duration.ofSeconds(10));

            assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(5, 0, 0, 0));
        }
        assertThat(listener.latestOutcomes()).allSatisfy(o -> assertThat(o.attempts()).isEqualTo(2));
        assertThat(listener.allOutcomes).anySatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(o.message()).contains("not confirmed within");
        });
    }

    @Test
    void aRecordWhoseDeliveryTimesOutWhileItsBatchWaitsForARetryIsResentOnceAndTheRunEnds() throws Exception {
        // one batch of two: the first record is answered SENT and never confirmed, the second PENDING. The
        // delivery times out while the batch waits out its backoff, so the first record is due again both in
        // its batch's retry and as a re-send of its own: it must be written once more, not twice.
        InMemorySource source = InMemorySource.builder().entities(1, 2).build();
        String sentKey = source.records("entity-1").get(0).key();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> {
            if (!record.key().equals(sentKey)) {
                return attempt == 1 ? DeliveryOutcome.retry("throttled") : DeliveryOutcome.ok(null);
            }
            String delivery = "d-" + attempt;
            if (attempt > 1) {
                destination.settleForPoll(delivery, DeliveryOutcome.ok(null));
            }
            return DeliveryOutcome.sent(delivery, null);
        });
        RetryPolicy slow = RetryPolicy.builder().maxRetries(4).initialBackoff(Duration.ofSeconds(1)).jitter(0).build();
        RecordingListener listener = new RecordingListener();
        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().listener(listener).confirmationTimeout(Duration.ofMillis(50))
                .confirmationPollInterval(Duration.ofMillis(10)).build()) {
            result = engine.start(SyncRequest.builder("resend").source(source).destination(destination).retryPolicy(slow).build())
                    .await(Duration.ofSeconds(30));
        }

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(2, 0, 0, 0));
        assertThat(destination.writeCount("entity-1", sentKey)).isEqualTo(2);
        assertThat(listener.latest.get("entity-1/" + sentKey).attempts()).isEqualTo(2);
    }

    @Test
    void cancelDuringBackoffReturnsPromptlyAndReportsTheWaitingRecordsAsPending() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 30).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.retry("destination down"));
        RecordingListener listener = new RecordingListener();
        RetryPolicy patient = RetryPolicy.builder().initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1)).build();
        try (SyncEngine engine = SyncEngine.builder().batchSize(30).listener(listener).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("backoff").source(source).destination(destination)
                    .retryPolicy(patient).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> run.progress().deliveries().pending() == 30);

            run.cancel();
            SyncResult result = run.await(Duration.ofSeconds(5)); // an hour's backoff must not be waited out

            assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(0, 0, 30, 0));
        }
        assertThat(listener.latestOutcomes()).hasSize(30).allSatisfy(o -> assertThat(o.status()).isEqualTo(DeliveryStatus.PENDING));
    }

    @Test
    void retriesOfAllEntitiesTogetherNeverExceedTheEngineLimit() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(6, 10).build();
        ControllableDestination destination = new ControllableDestination();
        AtomicInteger inRetry = new AtomicInteger();
        AtomicInteger maxInRetry = new AtomicInteger();
        destination.outcomeFunction((entity, record, attempt) -> attempt == 1 ? DeliveryOutcome.retry("down") : DeliveryOutcome.ok(null));
        destination.beforeWrite((entity, attempt) -> {
            if (attempt > 1) {
                maxInRetry.accumulateAndGet(inRetry.incrementAndGet(), Math::max);
            }
        });
        destination.afterWrite((entity, attempt) -> {
            if (attempt > 1) {
                inRetry.decrementAndGet();
            }
        });
        destination.latency(Duration.ofMillis(20));
        try (SyncEngine engine = SyncEngine.builder().parallelism(6).maxConcurrentRetries(2).build()) {
            SyncResult result = engine.start(SyncRequest.builder("storm").source(source).destination(destination)
                    .retryPolicy(NO_WAIT).build()).await(Duration.ofSeconds(30));
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(maxInRetry.get()).isBetween(1, 2);
    }
}
