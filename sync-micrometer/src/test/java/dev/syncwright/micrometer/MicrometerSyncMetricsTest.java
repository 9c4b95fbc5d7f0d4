package dev.syncwright.micrometer;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's figures in a real Micrometer registry, from real runs and from the metrics SPI's calls. */
class MicrometerSyncMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RunInfo RUN = new RunInfo("orders", "run-1", "crm", "erp",
            Instant.parse("2026-03-02T09:00:00Z"));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SyncResult run(MicrometerSyncMetrics metrics, InMemorySource source, DestinationConnector destination)
            throws Exception {
        RetryPolicy quickRetries = RetryPolicy.builder().maxRetries(3).initialBackoff(Duration.ofMillis(5)).build();
        try (SyncEngine engine = SyncEngine.builder().batchSize(10).metrics(metrics).retryPolicy(quickRetries)
                .build()) {
            return engine.start(SyncRequest.builder("orders").source(source).destination(destination).build())
                    .await(WAIT);
        }
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void aRunRecordsItsRecordsBatchesEntitiesAndItselfByStatus() throws Exception {
        MicrometerSyncMetrics metrics = MicrometerSyncMetrics.builder(registry).tags(Tags.of("app", "bridge")).build();
        InMemorySource source = InMemorySource.builder().entities(2, 25).build();

        SyncResult result = run(metrics, source, new InMemoryDestination());

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(registry.get(SyncwrightMeters.RECORDS).tags("app", "bridge", "sync", "orders", "entity", "entity-1",
                "status", "OK").counter().count()).isEqualTo(25);
        Timer writes = registry.get(SyncwrightMeters.BATCH_WRITE).tags("entity", "entity-1", "outcome", "success")
                .timer();
        assertThat(writes.count()).isEqualTo(3); // 10 + 10 + 5
        assertThat(writes.takeSnapshot().percentileValues()).extracting(p -> p.percentile())
                .containsExactly(0.5, 0.95, 0.99);
        assertThat(registry.get(SyncwrightMeters.BATCH_SIZE).tags("entity", "entity-2").summary().totalAmount())
                .isEqualTo(25);
        assertThat(gauge(SyncwrightMeters.ENTITIES, "sync", "orders", "status", "COMPLETE")).isEqualTo(2);
        assertThat(gauge(SyncwrightMeters.ENTITIES, "sync", "orders", "status", "WAITING")).isZero();
        assertThat(gauge(SyncwrightMeters.RECORDS_OUTSTANDING, "entity", "entity-1", "status", "SENT")).isZero();
        assertThat(registry.get(SyncwrightMeters.RUNS).tags("status", "COMPLETED").timer().count()).isEqualTo(1);
        assertThat(gauge(SyncwrightMeters.RUNS_ACTIVE, "sync", "orders")).isZero();
        assertThat(registry.find(SyncwrightMeters.RETRIES).counters()).isEmpty();
    }

    @Test
    void anotherRunOfTheSyncAddsNoMeterAndNoTagNamesARunOrARecord() throws Exception {
        MicrometerSyncMetrics metrics = MicrometerSyncMetrics.of(registry);
        run(metrics, InMemorySource.builder().entities(2, 5).build(), new InMemoryDestination());
        int meters = registry.getMeters().size();

        run(metrics, InMemorySource.builder().entities(2, 5).build(), new InMemoryDestination());

        assertThat(registry.getMeters()).hasSize(meters);
        Set<String> keys = registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream()).map(Tag::getKey)
                .collect(Collectors.toSet());
        // phi: Micrometer's tag of the published latency percentiles, one series per configured percentile
        assertThat(keys).containsExactlyInAnyOrder("sync", "entity", "status", "outcome", "phi");
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(id -> id.getName())
                .allMatch(name -> name.startsWith("syncwright."));
    }

    @Test
    void retriedBatchesAreCountedWithTheirBackoffAndPendingRecordsCountEachTime() throws Exception {
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> attempt == 1 ? DeliveryOutcome.retry("busy")
                : DeliveryOutcome.ok("dest-" + record.key()));

        SyncResult result = run(MicrometerSyncMetrics.of(registry), InMemorySource.builder().entities(1, 10).build(),
                destination);

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(registry.get(SyncwrightMeters.RETRIES).tags("entity", "entity-1").counter().count()).isEqualTo(1);
        assertThat(registry.get(SyncwrightMeters.RETRY_BACKOFF).tags("entity", "entity-1").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(SyncwrightMeters.RECORDS).tags("status", "PENDING").counter().count()).isEqualTo(10);
        assertThat(registry.get(SyncwrightMeters.RECORDS).tags("status", "OK").counter().count()).isEqualTo(10);
        assertThat(gauge(SyncwrightMeters.RECORDS_OUTSTANDING, "status", "PENDING")).isZero();
    }

    @Test
    void sentRecordsAreOutstandingUntilTheirConfirmationMovesThemOn() {
        MicrometerSyncMetrics metrics = MicrometerSyncMetrics.of(registry);

        metrics.deliveriesChanged(RUN, "invoices", new DeliveryCounts(0, 5, 0, 0), DeliveryCounts.ZERO);
        assertThat(gauge(SyncwrightMeters.RECORDS_OUTSTANDING, "entity", "invoices", "status", "SENT")).isEqualTo(5);

        metrics.deliveriesChanged(RUN, "invoices", new DeliveryCounts(3, 0, 0, 1), new DeliveryCounts(0, 4, 0, 0));

        assertThat(gauge(SyncwrightMeters.RECORDS_OUTSTANDING, "entity", "invoices", "status", "SENT")).isEqualTo(1);
        assertThat(registry.get(SyncwrightMeters.RECORDS).tags("status", "SENT").counter().count()).isEqualTo(5);
        assertThat(registry.get(SyncwrightMeters.RECORDS).tags("status", "OK").counter().count()).isEqualTo(3);
        assertThat(registry.get(SyncwrightMeters.RECORDS).tags("status", "FAILED").counter().count()).isEqualTo(1);
    }

    @Test
    void confirmationsOfDeliveriesSentBeforeARestartNeverMakeTheGaugeNegative() {
        MicrometerSyncMetrics metrics = MicrometerSyncMetrics.of(registry);

        metrics.deliveriesChanged(RUN, "invoices", new DeliveryCounts(2, 0, 0, 0), new DeliveryCounts(0, 2, 0, 0));

        assertThat(gauge(SyncwrightMeters.RECORDS_OUTSTANDING, "entity", "invoices", "status", "SENT")).isZero();
    }

    @Test
    void aFailedWriteIsTimedAsAFailure() {
        MicrometerSyncMetrics metrics = MicrometerSyncMetrics.builder(registry).percentiles().build();

        metrics.batchWritten(RUN, "invoices", 50, Duration.ofMillis(120), true);

        Timer failed = registry.get(SyncwrightMeters.BATCH_WRITE).tags("outcome", "failure").timer();
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
        assertThat(failed.takeSnapshot().percentileValues()).isEmpty();
        assertThat(registry.find(SyncwrightMeters.BATCH_WRITE).tags("outcome", "success").timer()).isNull();
    }

    @Test
    void theEntitiesGaugeShowsTheLatestRunOnly() {
        MicrometerSyncMetrics metrics = MicrometerSyncMetrics.of(registry);
        metrics.runStarted(RUN);
        metrics.entityStatusChanged(RUN, "a", null, EntityStatus.WAITING);
        metrics.entityStatusChanged(RUN, "a", EntityStatus.WAITING, EntityStatus.PROCESSING);
        metrics.entityStatusChanged(RUN, "a", EntityStatus.PROCESSING, EntityStatus.ERROR);
        metrics.runFinished(RUN, RunStatus.COMPLETED_WITH_ERRORS, Duration.ofSeconds(4));
        assertThat(gauge(SyncwrightMeters.ENTITIES, "status", "ERROR")).isEqualTo(1);

        RunInfo next = new RunInfo("orders", "run-2", "crm", "erp", RUN.startedAt().plusSeconds(60));
        metrics.runStarted(next);
        metrics.entityStatusChanged(next, "a", null, EntityStatus.WAITING);

        assertThat(gauge(SyncwrightMeters.ENTITIES, "status", "ERROR")).isZero();
        assertThat(gauge(SyncwrightMeters.ENTITIES, "status", "WAITING")).isEqualTo(1);
        assertThat(gauge(SyncwrightMeters.RUNS_ACTIVE, "sync", "orders")).isEqualTo(1);
        assertThat(registry.get(SyncwrightMeters.RUNS).tags("status", "COMPLETED_WITH_ERRORS").timer()
                .totalTime(TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void withoutTheEntityTagTheFiguresAddUpPerSync() throws Exception {
        MicrometerSyncMetrics metrics = MicrometerSyncMetrics.builder(registry).perEntity(false).build();

        run(metrics, InMemorySource.builder().entities(3, 10).build(), new InMemoryDestination());

        assertThat(registry.get(SyncwrightMeters.RECORDS).tags("sync", "orders", "status", "OK").counter().count())
                .isEqualTo(30);
        assertThat(registry.get(SyncwrightMeters.BATCH_WRITE).timer().count()).isEqualTo(3);
        assertThat(registry.getMeters()).noneMatch(m -> m.getId().getTag("entity") != null);
    }
}
