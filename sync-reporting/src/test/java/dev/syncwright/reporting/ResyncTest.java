package dev.syncwright.reporting;

import dev.syncwright.testkit.MutableClock;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResyncTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    static final RetryPolicy NO_WAIT = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryReportStore store = new InMemoryReportStore(clock);
    private final InMemorySource source = InMemorySource.builder().entities(2, 20).build();
    private final ControllableDestination destination = new ControllableDestination();
    private volatile boolean down = true;
    private Set<String> failing;
    private SyncEngine engine;
    private String firstRun;

    @BeforeEach
    void firstRunFailsSomeRecords() throws Exception {
        failing = source.records("entity-1").stream().map(SyncRecord::key).filter(k -> k.hashCode() % 3 == 0)
                .collect(Collectors.toSet());
        destination.outcomeFunction((entity, record, attempt) -> down && failing.contains(record.key())
                ? DeliveryOutcome.failed("destination rejected it") : DeliveryOutcome.ok("dest-" + record.key()));
        engine = SyncEngine.builder().clock(clock).batchSize(7).retryPolicy(NO_WAIT)
                .listener(new ReportingListener(store, clock)).build();
        SyncResult first = engine.start(SyncRequest.builder("crm").source(source).destination(destination).build())
                .await(Duration.ofSeconds(30));
        firstRun = first.progress().runId();
        assertThat(failing).isNotEmpty();
        assertThat(store.count(ReportQuery.builder().statuses(DeliveryStatus.FAILED).build())).isEqualTo(failing.size());
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private Resync resync() {
        return Resync.builder(store, engine).source(source).destination(destination).clock(clock).build();
    }

    private Map<Long, ReportEntry> snapshot() {
        return Writes.all(store, ReportQuery.builder().build()).stream().collect(Collectors.toMap(ReportEntry::syncId, Function.identity()));
    }

    @Test
    void resyncOfFailedEntriesAfterRecoveryTurnsThemOkAndUpdatesThem() throws Exception {
        Map<Long, ReportEntry> before = snapshot();
        down = false;
        clock.advance(Duration.ofHours(1));

        SyncExecution run = resync().matching(ReportQuery.builder().statuses(DeliveryStatus.FAILED).build());
        run.await(Duration.ofSeconds(30));

        Map<Long, ReportEntry> after = snapshot();
        assertThat(store.size()).isEqualTo(40);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(store.count(ReportQuery.builder().statuses(DeliveryStatus.FAILED).build())).isZero();
        after.forEach((id, entry) -> {
            ReportEntry old = before.get(id);
            if (old.status() == DeliveryStatus.FAILED) {
                assertThat(entry.status()).isEqualTo(DeliveryStatus.OK);
                assertThat(entry.attempts()).isEqualTo(old.attempts() + 1);
                assertThat(entry.message()).isNull();
                assertThat(entry.runId()).isEqualTo(firstRun);
                assertThat(entry.created()).isEqualTo(old.created());
                assertThat(entry.updated()).isEqualTo(NOW.plus(Duration.ofHours(1)));
                assertThat(entry.latestSync()).isEqualTo(new LatestSyncInfo(NOW.plus(Duration.ofHours(1)),
                        DeliveryStatus.OK, run.runId()));
            } else {
                assertThat(entry).isEqualTo(old);
            }
        });
        for (String key : failing) {
            assertThat(destination.received("entity-1")).containsKey(key);
        }
    }

    @Test
    void resyncByIdsOfARecordNoLongerInTheSourceFailsWithReason() throws Exception {
        down = false;
        List<ReportEntry> failed = Writes.all(store, ReportQuery.builder().statuses(DeliveryStatus.FAILED).build());
        ReportEntry gone = failed.get(0);
        source.remove("entity-1", gone.sourceId());
        List<Long> ids = failed.stream().map(ReportEntry::syncId).toList();

        SyncExecution run = resync().entries(ids);
        run.await(Duration.ofSeconds(30));

        assertThat(store.get(gone.syncId()).orElseThrow()).satisfies(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(e.message()).isEqualTo(Resync.MISSING);
            assertThat(e.latestSync().runId()).isEqualTo(run.runId());
        });
        assertThat(store.getAll(ids)).filteredOn(e -> e.syncId() != gone.syncId())
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.OK));
        assertThat(store.size()).isEqualTo(40);
    }

    @Test
    void resyncWhileDestinationStillRejectsKeepsThemFailedWithMoreAttempts() throws Exception {
        List<ReportEntry> failed = Writes.all(store, ReportQuery.builder().statuses(DeliveryStatus.FAILED).build());

        resync().entries(failed.stream().map(ReportEntry::syncId).toList()).await(Duration.ofSeconds(30));

        assertThat(store.getAll(failed.stream().map(ReportEntry::syncId).toList())).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.message()).isEqualTo("destination rejected it");
        });
    }

    @Test
    void selectionWithNothingToResyncIsRejected() {
        assertThatThrownBy(() -> resync().entries(List.of(9_999L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no entry");
    }
}
