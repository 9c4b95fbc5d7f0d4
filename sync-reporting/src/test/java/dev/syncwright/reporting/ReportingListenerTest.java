package dev.syncwright.reporting;

import dev.syncwright.testkit.MutableClock;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ReportingListenerTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    static final RetryPolicy NO_WAIT = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryReportStore store = new InMemoryReportStore(clock);

    private SyncEngine.Builder engine() {
        return SyncEngine.builder().clock(clock).batchSize(50).confirmationPollInterval(Duration.ofMillis(5))
                .listener(new ReportingListener(store, clock));
    }

    @Test
    void realRunRecordsOneEntryPerRecord() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 120).build();
        InMemoryDestination destination = new InMemoryDestination();
        SyncResult result;
        try (SyncEngine e = engine().build()) {
            result = e.start(SyncRequest.builder("crm").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(30));
        }

        ReportQuery query = ReportQuery.builder().runId(result.progress().runId()).withIds(true).build();
        List<ReportEntry> entries = Writes.all(store, query);
        assertThat(store.size()).isEqualTo(240);
        assertThat(entries).hasSize(240).allSatisfy(entry -> {
            assertThat(entry.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(entry.system()).isEqualTo("memory-source → memory");
            assertThat(entry.endpointId()).isEqualTo("dest-" + entry.sourceId());
            assertThat(entry.attempts()).isEqualTo(1);
        });
        Set<String> keys = entries.stream().map(e -> e.entity() + "/" + e.sourceId() + "/" + e.reference())
                .collect(Collectors.toSet());
        Set<String> expected = source.records("entity-1").stream().map(r -> "entity-1/" + r.key() + "/" + r.reference())
                .collect(Collectors.toSet());
        source.records("entity-2").forEach(r -> expected.add("entity-2/" + r.key() + "/" + r.reference()));
        assertThat(keys).isEqualTo(expected);
    }

    @Test
    void sentThenConfirmedUpdatesTheSameEntry() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 30).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> {
            destination.settleForPoll("d-" + record.key(), DeliveryOutcome.ok("dest-" + record.key()));
            return DeliveryOutcome.sent("d-" + record.key(), null);
        });
        Set<String> sentSeen = ConcurrentHashMap.newKeySet();
        SyncListener sentWatcher = new SyncListener() {
            @Override
            public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
                outcomes.stream().filter(o -> o.status() == DeliveryStatus.SENT).forEach(o -> sentSeen.add(o.key()));
            }
        };
        try (SyncEngine e = engine().listener(sentWatcher).build()) {
            e.start(SyncRequest.builder("files").source(source).destination(destination).build()).await(Duration.ofSeconds(30));
        }

        assertThat(sentSeen).hasSize(30);
        assertThat(store.size()).isEqualTo(30);
        assertThat(store.countByStatus(ReportQuery.builder().build())).containsEntry(DeliveryStatus.OK, 30L)
                .containsEntry(DeliveryStatus.SENT, 0L);
        assertThat(Writes.all(store, ReportQuery.builder().build()))
                .allSatisfy(entry -> assertThat(entry.endpointId()).isEqualTo("dest-" + entry.sourceId()));
    }

    @Test
    void failuresGoToTheSyncLogOnOneLine() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 20).build();
        ControllableDestination destination = new ControllableDestination();
        Set<String> rejected = source.records("entity-1").stream().limit(3).map(SyncRecord::key).collect(Collectors.toSet());
        destination.outcomeFunction((entity, record, attempt) -> rejected.contains(record.key())
                ? DeliveryOutcome.failed("bad price\r\nFORGED LINE") : DeliveryOutcome.ok("dest-" + record.key()));
        destination.failEntity("entity-2", ConnectorException.permanent("table dropped", null));
        SyncResult result;
        try (SyncEngine e = engine().build()) {
            result = e.start(SyncRequest.builder("crm").source(source).destination(destination).retryPolicy(NO_WAIT).build())
                    .await(Duration.ofSeconds(30));
        }

        List<SyncLogEvent> log = store.syncLog(result.progress().runId());
        assertThat(log).filteredOn(ev -> ev.kind() == SyncLogKind.RECORDS_FAILED && "entity-1".equals(ev.entity()))
                .singleElement().satisfies(ev -> {
                    assertThat(ev.level()).isEqualTo(SyncLogLevel.ERROR);
                    assertThat(ev.message()).startsWith("3 records FAILED: bad price").doesNotContain("\n").doesNotContain("\r");
                    rejected.forEach(k -> assertThat(ev.message()).contains(k.toUpperCase()));
                });
        assertThat(log).filteredOn(ev -> ev.kind() == SyncLogKind.ENTITY_FAILED).singleElement()
                .satisfies(ev -> {
                    assertThat(ev.entity()).isEqualTo("entity-2");
                    assertThat(ev.message()).contains("table dropped");
                });
        assertThat(store.count(ReportQuery.builder().statuses(DeliveryStatus.FAILED).entity("entity-1").build())).isEqualTo(3);
        assertThat(store.syncLog(NOW.minusSeconds(1), NOW.plusSeconds(1))).containsExactlyElementsOf(log);
        assertThat(store.syncLog("another-run")).isEmpty();
    }

    @Test
    void cancelledRunIsLoggedAsWarning() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 200).build();
        ControllableDestination destination = new ControllableDestination();
        destination.hold();
        SyncResult result;
        try (SyncEngine e = engine().build()) {
            SyncExecution run = e.start(SyncRequest.builder("crm").source(source).destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();
            run.cancel();
            destination.release();
            result = run.await(Duration.ofSeconds(30));
        }

        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.syncLog(result.progress().runId())).singleElement().satisfies(ev -> {
            assertThat(ev.level()).isEqualTo(SyncLogLevel.WARN);
            assertThat(ev.kind()).isEqualTo(SyncLogKind.RUN_CANCELLED);
        });
        assertThat(store.size()).isEqualTo(50); // the in-flight batch committed, nothing after it
    }
}
