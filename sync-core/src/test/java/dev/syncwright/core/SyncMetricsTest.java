package dev.syncwright.core;

import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.metrics.SyncMetrics;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics SPI sees the same status transitions the progress counts come from. */
class SyncMetricsTest {
    private static final RetryPolicy NO_WAIT = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

    /** Sums what the engine reports, per entity. */
    private static final class Recording implements SyncMetrics {
        final Map<String, DeliveryCounts> current = new ConcurrentHashMap<>();
        final Map<String, DeliveryCounts> entered = new ConcurrentHashMap<>();
        final Map<String, List<String>> statuses = new ConcurrentHashMap<>();
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger batchRecords = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger negativeLatencies = new AtomicInteger();
        final List<RunStatus> ended = new CopyOnWriteArrayList<>();

        @Override
        public void deliveriesChanged(RunInfo run, String entity, DeliveryCounts in, DeliveryCounts out) {
            current.merge(entity, minus(in, out), DeliveryCounts::plus);
            entered.merge(entity, in, DeliveryCounts::plus);
        }

        private static DeliveryCounts minus(DeliveryCounts a, DeliveryCounts b) {
            return new DeliveryCounts(a.ok() - b.ok(), a.sent() - b.sent(), a.pending() - b.pending(), a.failed() - b.failed());
        }

        @Override
        public void entityStatusChanged(RunInfo run, String entity, EntityStatus from, EntityStatus to) {
            statuses.computeIfAbsent(entity, k -> new CopyOnWriteArrayList<>()).add(from + "->" + to);
        }

        @Override
        public void batchWritten(RunInfo run, String entity, int records, Duration latency, boolean failed) {
            batches.incrementAndGet();
            batchRecords.addAndGet(records);
            if (latency.isNegative()) {
                negativeLatencies.incrementAndGet();
            }
        }

        @Override
        public void retryScheduled(RunInfo run, String entity, int records, Duration backoff) {
            retries.addAndGet(records);
        }

        @Override
        public void runFinished(RunInfo run, RunStatus status, Duration elapsed) {
            ended.add(status);
        }
    }

    @Test
    void metricsAddUpToTheSameCountsAsTheProgressOfTheRun() throws Exception {
        // given records that are OK, retried then OK, SENT then confirmed, and permanently rejected
        InMemorySource source = InMemorySource.builder().entities(2, 60).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> {
            int n = Integer.parseInt(record.key().substring(record.key().lastIndexOf('-') + 1));
            if (n % 10 == 0) {
                return DeliveryOutcome.failed("rejected");
            }
            if (n % 7 == 0 && attempt == 1) {
                return DeliveryOutcome.retry("busy");
            }
            if (n % 5 == 0) {
                destination.settleForPoll("d-" + record.key(), DeliveryOutcome.ok(null));
                return DeliveryOutcome.sent("d-" + record.key(), null);
            }
            return DeliveryOutcome.ok(null);
        });
        Recording metrics = new Recording();

        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().batchSize(15).metrics(metrics).retryPolicy(NO_WAIT)
                .confirmationPollInterval(Duration.ofMillis(5)).build()) {
            result = engine.start(SyncRequest.builder("metrics").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(20));
        }

        // then per entity, entered minus left is exactly the final progress, and the other figures agree
        for (EntityProgress e : result.progress().entities()) {
            assertThat(metrics.current.get(e.entity())).as(e.entity()).isEqualTo(e.deliveries());
            assertThat(metrics.entered.get(e.entity()).sent()).as("records that were SENT").isEqualTo(6);
            assertThat(metrics.statuses.get(e.entity())).containsExactly("null->WAITING", "WAITING->PROCESSING",
                    "PROCESSING->COMPLETE");
        }
        assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(108, 0, 0, 12));
        assertThat(metrics.retries.get()).as("records retried").isEqualTo(2 * 8);
        assertThat(metrics.batchRecords.get()).as("records written, retries included").isEqualTo(120 + 2 * 8);
        assertThat(metrics.negativeLatencies.get()).isZero();
        assertThat(metrics.ended).containsExactly(RunStatus.COMPLETED_WITH_ERRORS);
    }

    @Test
    void metricsThatThrowChangeNothing() throws Exception {
        SyncMetrics throwing = new SyncMetrics() {
            @Override
            public void deliveriesChanged(RunInfo run, String entity, DeliveryCounts entered, DeliveryCounts left) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        try (SyncEngine engine = SyncEngine.builder().metrics(throwing).build()) {
            SyncResult result = engine.start(SyncRequest.builder("m").source(InMemorySource.builder().entities(1, 20).build())
                    .destination(new ControllableDestination()).build()).await(Duration.ofSeconds(10));
            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().records()).isEqualTo(20);
        }
    }
}
