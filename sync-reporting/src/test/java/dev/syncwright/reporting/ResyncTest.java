package dev.syncwright.reporting;

import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;
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
        engine = SyncEngine.builder().clock(clock).batchSize(7).retryPolicy(NO_WAIT).journal(store).build();
        SyncResult first = engine.start(SyncRequest.builder("crm").source(source).destination(destination).build())
                .await(Duration.ofSeconds(30));
        firstRun = first.progress().runId();
        assertThat(failing).isNotEmpty();
        assertThat(store.count(failed())).isEqualTo(failing.size());
    }

    private static ReportFilter failed() {
        return ReportFilter.builder().statuses(DeliveryStatus.FAILED).build();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private Resync resync() {
        return Resync.builder(store, engine).source(source).destination(destination).build();
    }

    private Map<Long, ReportEntry> snapshot() {
        return Writes.all(store, ReportFilter.builder().build(), ReportSort.NEWEST_FIRST).stream()
                .collect(Collectors.toMap(ReportEntry::syncId, Function.identity()));
    }

    @Test
    void resyncOfFailedEntriesAfterRecoveryTurnsThemOkAndUpdatesThem() throws Exception {
        Map<Long, ReportEntry> before = snapshot();
        down = false;
        clock.advance(Duration.ofHours(1));

        SyncExecution run = resync().matching(failed());
        SyncResult result = run.await(Duration.ofSeconds(30));

        Map<Long, ReportEntry> after = snapshot();
        assertThat(store.size()).isEqualTo(40);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().records()).isEqualTo(failing.size());
        assertThat(store.count(failed())).isZero();
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
    void aCancelledResyncLeavesItsUnconfirmedDeliveriesToTheNextRunOfTheirSync() throws Exception {
        // given a resync whose re-sends are answered SENT, cancelled before any is confirmed
        List<ReportEntry> failed = Writes.all(store, failed(), ReportSort.NEWEST_FIRST);
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.sent("d-" + record.key(), null));
        SyncExecution resync = resync().entries(failed.stream().map(ReportEntry::syncId).toList());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> resync.progress().deliveries().sent() == failed.size());
        resync.cancel();
        assertThat(resync.await(Duration.ofSeconds(10)).status()).isEqualTo(RunStatus.CANCELLED);

        // when the destination confirms them and the sync they belong to runs again
        for (ReportEntry e : failed) {
            destination.settleForPoll("d-" + e.sourceId(), DeliveryOutcome.ok("dest-" + e.sourceId()));
        }
        SyncResult next;
        try (SyncEngine polling = SyncEngine.builder().clock(clock).batchSize(7).retryPolicy(NO_WAIT).journal(store)
                .confirmationPollInterval(Duration.ofMillis(5)).build()) {
            next = polling.start(SyncRequest.builder("crm").source(source).destination(destination)
                    .mode(dev.syncwright.core.SyncMode.INCREMENTAL).build()).await(Duration.ofSeconds(30));
        }

        // then that run finishes them: the same entries end OK, confirmed, not written again
        assertThat(next.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.getAll(failed.stream().map(ReportEntry::syncId).toList())).hasSize(failed.size())
                .allSatisfy(e -> {
                    assertThat(e.status()).isEqualTo(DeliveryStatus.OK);
                    assertThat(e.runId()).isEqualTo(firstRun);
                    assertThat(e.latestSync().runId()).isEqualTo(next.progress().runId());
                });
        for (ReportEntry e : failed) {
            assertThat(destination.writeCount("entity-1", e.sourceId())).isEqualTo(2);
        }
    }

    @Test
    void resyncByIdsOfARecordNoLongerInTheSourceFailsWithReason() throws Exception {
        down = false;
        List<ReportEntry> failed = Writes.all(store, failed(), ReportSort.NEWEST_FIRST);
        ReportEntry gone = failed.get(0);
        source.remove("entity-1", gone.sourceId());
        List<Long> ids = failed.stream().map(ReportEntry::syncId).toList();

        SyncExecution run = resync().entries(ids);
        run.await(Duration.ofSeconds(30));

        assertThat(store.get(gone.syncId()).orElseThrow()).satisfies(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(e.message()).isEqualTo("record no longer exists in the source");
            assertThat(e.runId()).isEqualTo(firstRun);
            assertThat(e.latestSync().runId()).isEqualTo(run.runId());
        });
        assertThat(store.getAll(ids)).filteredOn(e -> e.syncId() != gone.syncId())
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.OK));
        assertThat(store.size()).isEqualTo(40);
    }

    @Test
    void resyncWhileDestinationStillRejectsKeepsThemFailedWithMoreAttemptsAndLogsIt() throws Exception {
        List<ReportEntry> failed = Writes.all(store, failed(), ReportSort.NEWEST_FIRST);

        SyncExecution run = resync().entries(failed.stream().map(ReportEntry::syncId).toList());
        run.await(Duration.ofSeconds(30));

        assertThat(store.getAll(failed.stream().map(ReportEntry::syncId).toList())).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.message()).isEqualTo("destination rejected it");
            assertThat(e.latestSync().runId()).isEqualTo(run.runId());
        });
        assertThat(store.size()).isEqualTo(40);
        List<SyncLogEvent> log = store.syncLog(run.runId()).stream().filter(ev -> ev.kind() == SyncLogKind.RESYNC_FAILED).toList();
        assertThat(log).isNotEmpty().allSatisfy(ev -> assertThat(ev.message()).startsWith("resync: ")
                .contains("FAILED: destination rejected it"));
        assertThat(log.stream().mapToInt(ev -> Integer.parseInt(ev.message().split(" ")[1])).sum())
                .as("records named by the sync log").isEqualTo(failed.size());
    }

    @Test
    void resyncOfEntriesWithoutASourceIdIsRejected() {
        long keyless = Writes.add(store, TestEntry.of(firstRun, "memory-source → controllable", "entity-1", null, null,
                DeliveryStatus.FAILED, 0, "record has no key", NOW));

        assertThatThrownBy(() -> resync().entries(List.of(keyless)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no entry");
    }

    @Test
    void selectionWithNothingToResyncIsRejected() {
        assertThatThrownBy(() -> resync().entries(List.of(9_999L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no entry");
    }
}
