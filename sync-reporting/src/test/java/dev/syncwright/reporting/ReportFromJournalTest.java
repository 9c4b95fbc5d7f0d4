package dev.syncwright.reporting;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sync report is what the engine commits to its run journal: entries, their updates, and the sync log. */
class ReportFromJournalTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    static final RetryPolicy NO_WAIT = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();
    static final ReportFilter ALL = ReportFilter.builder().build();

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryReportStore store = new InMemoryReportStore(clock);

    private SyncEngine.Builder engine() {
        return SyncEngine.builder().clock(clock).batchSize(50).confirmationPollInterval(Duration.ofMillis(5)).journal(store);
    }

    private List<ReportEntry> all(ReportFilter filter) {
        return Writes.all(store, filter, ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC));
    }

    private Map<String, ReportEntry> byKey(ReportFilter filter) {
        return all(filter).stream().collect(Collectors.toMap(ReportEntry::sourceId, Function.identity()));
    }

    private static EntityProgress entity(SyncResult result, String name) {
        return result.progress().entities().stream().filter(p -> p.entity().equals(name)).findFirst().orElseThrow();
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

        String run = result.progress().runId();
        List<ReportEntry> entries = all(ReportFilter.builder().runId(run).build());
        assertThat(result.progress().records()).isEqualTo(240);
        assertThat(store.size()).isEqualTo(240);
        assertThat(entries).hasSize(240).allSatisfy(entry -> {
            assertThat(entry.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(entry.system()).isEqualTo("memory-source → memory");
            assertThat(entry.endpointId()).isEqualTo("dest-" + entry.sourceId());
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.message()).isNull();
            assertThat(entry.created()).isEqualTo(NOW);
            assertThat(entry.latestSync()).isEqualTo(new LatestSyncInfo(NOW, DeliveryStatus.OK, run));
        });
        assertThat(entries).extracting(ReportEntry::syncId)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 240).boxed().toList());
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
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.sent("d-" + record.key(), null));
        SyncResult result;
        Map<String, ReportEntry> sent;
        try (SyncEngine e = engine().build()) {
            SyncExecution run = e.start(SyncRequest.builder("files").source(source).destination(destination).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> store.countByStatus(ALL).get(DeliveryStatus.SENT) == 30);
            sent = byKey(ALL);
            clock.advance(Duration.ofMinutes(1));

            source.records("entity-1").forEach(r -> destination.confirm("d-" + r.key(), DeliveryOutcome.ok("dest-" + r.key())));
            result = run.await(Duration.ofSeconds(30));
        }

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(sent.values()).hasSize(30).allSatisfy(entry -> {
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.endpointId()).isNull();
        });
        assertThat(store.size()).isEqualTo(30);
        assertThat(store.countByStatus(ALL)).containsEntry(DeliveryStatus.OK, 30L).containsEntry(DeliveryStatus.SENT, 0L);
        assertThat(all(ALL)).allSatisfy(entry -> {
            ReportEntry before = sent.get(entry.sourceId());
            assertThat(entry.syncId()).isEqualTo(before.syncId());
            assertThat(entry.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.endpointId()).isEqualTo("dest-" + entry.sourceId());
            assertThat(entry.created()).isEqualTo(NOW);
            assertThat(entry.updated()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
            assertThat(entry.latestSync().runId()).isEqualTo(result.progress().runId());
        });
    }

    @Test
    void laterOutcomeOfTheSameRecordUpdatesItsEntry() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 20).build();
        Set<String> busy = source.records("entity-1").stream().limit(4).map(SyncRecord::key).collect(Collectors.toSet());
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> {
            if (attempt == 1 && busy.contains(record.key())) {
                destination.hold(); // the retry waits at the gate, so the report can be read while they are PENDING
                return DeliveryOutcome.retry("destination busy");
            }
            return DeliveryOutcome.ok("dest-" + record.key());
        });
        Map<Long, List<DeliveryStatus>> outcomes = new ConcurrentHashMap<>();
        SyncListener recorder = new SyncListener() {
            @Override
            public void onRecordOutcomes(RunInfo run, List<RecordOutcome> batch) {
                batch.forEach(o -> outcomes.computeIfAbsent(o.entryId(), k -> new ArrayList<>()).add(o.status()));
            }
        };
        // a backoff long enough for the entity to go idle, and so commit the PENDING outcomes, before the retry
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(100)).build();
        SyncResult result;
        Map<String, ReportEntry> pending;
        try (SyncEngine e = engine().retryPolicy(policy).listener(recorder).build()) {
            SyncExecution run = e.start(SyncRequest.builder("crm").source(source).destination(destination).build());
            assertThat(destination.awaitBlockedWrites(1, Duration.ofSeconds(10))).isTrue();
            pending = byKey(ReportFilter.builder().statuses(DeliveryStatus.PENDING).build());
            destination.release();
            result = run.await(Duration.ofSeconds(30));
        }

        assertThat(pending.keySet()).isEqualTo(busy);
        assertThat(pending.values()).allSatisfy(entry -> {
            assertThat(entry.attempts()).isEqualTo(1);
            assertThat(entry.message()).isEqualTo("destination busy");
        });
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().records()).isEqualTo(20);
        assertThat(store.size()).isEqualTo(20);
        Map<String, ReportEntry> after = byKey(ALL);
        for (String key : busy) {
            ReportEntry entry = after.get(key);
            assertThat(entry.syncId()).isEqualTo(pending.get(key).syncId());
            assertThat(entry.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(entry.attempts()).isEqualTo(2);
            assertThat(entry.message()).isNull();
            assertThat(outcomes.get(entry.syncId())).containsExactly(DeliveryStatus.PENDING, DeliveryStatus.OK);
        }
        assertThat(after.values()).filteredOn(entry -> !busy.contains(entry.sourceId()))
                .hasSize(16).allSatisfy(entry -> assertThat(entry.attempts()).isEqualTo(1));
    }

    @Test
    void aDeliveryCarriedOverFromACancelledRunUpdatesTheEntryItsRunMade() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 20).build();
        ControllableDestination destination = new ControllableDestination();
        destination.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.sent("d-" + record.key(), null));
        SyncResult first;
        SyncResult second;
        Map<String, ReportEntry> before;
        try (SyncEngine e = engine().batchSize(10).build()) {
            SyncExecution run = e.start(SyncRequest.builder("files").source(source).destination(destination).build());
            // every page is committed, its checkpoint past deliveries awaiting a confirmation that does not come in this run
            await().atMost(Duration.ofSeconds(10)).until(() -> outstanding("files").stream()
                    .filter(OutstandingDelivery::passed).count() == 20);
            run.cancel();
            first = run.await(Duration.ofSeconds(30));
            before = byKey(ALL);

            source.records("entity-1").forEach(r -> destination.settleForPoll("d-" + r.key(), DeliveryOutcome.ok("dest-" + r.key())));
            clock.advance(Duration.ofMinutes(1));
            second = e.start(SyncRequest.builder("files").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(30));
        }

        assertThat(first.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(before.values()).hasSize(20).allSatisfy(entry -> assertThat(entry.status()).isEqualTo(DeliveryStatus.SENT));
        assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(second.progress().records()).isEqualTo(20);
        assertThat(store.size()).isEqualTo(20);
        assertThat(all(ALL)).allSatisfy(entry -> {
            assertThat(entry.syncId()).isEqualTo(before.get(entry.sourceId()).syncId());
            assertThat(entry.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(entry.attempts()).as("confirmed, not re-sent").isEqualTo(1);
            assertThat(entry.endpointId()).isEqualTo("dest-" + entry.sourceId());
            assertThat(entry.runId()).isEqualTo(first.progress().runId());
            assertThat(entry.created()).isEqualTo(NOW);
            assertThat(entry.latestSync()).isEqualTo(new LatestSyncInfo(NOW.plus(Duration.ofMinutes(1)),
                    DeliveryStatus.OK, second.progress().runId()));
        });
        assertThat(outstanding("files")).isEmpty();
        source.records("entity-1").forEach(r -> assertThat(destination.writeCount("entity-1", r.key())).isEqualTo(1));
    }

    private List<OutstandingDelivery> outstanding(String sync) {
        return store.checkpoints(sync).values().stream().flatMap(cp -> cp.outstanding().stream()).toList();
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
                    assertThat(ev.level()).isEqualTo(SyncLogLevel.ERROR);
                    assertThat(ev.entity()).isEqualTo("entity-2");
                    assertThat(ev.message()).contains("table dropped");
                });
        assertThat(log).allSatisfy(ev -> assertThat(ev.system()).isEqualTo("memory-source → controllable"));
        assertThat(store.count(ReportFilter.builder().statuses(DeliveryStatus.FAILED).entity("entity-1").build())).isEqualTo(3);
        assertThat(all(ReportFilter.builder().entity("entity-1").statuses(DeliveryStatus.FAILED).build()))
                .allSatisfy(entry -> assertThat(entry.message()).isEqualTo("bad price  FORGED LINE"));
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
            assertThat(ev.entity()).isNull();
        });
        assertThat(store.size()).isEqualTo(50); // the in-flight batch committed, nothing after it
        assertThat(store.checkpoints("crm").get("entity-1").position().value()).isEqualTo("50");
    }

    @Test
    void aFailingJournalWriteStopsTheEntityAndDoesNotMoveItsCheckpoint() throws Exception {
        InMemorySource source = InMemorySource.builder().entity("entity-1", 100).entity("entity-2", 30).build();
        InMemoryDestination destination = new InMemoryDestination();
        // entity-1's writes: the checkpoint planned at the start, then one per page of 10; the 4th is page 3's
        FailingJournal journal = new FailingJournal(store, "entity-1", 4);
        SyncResult first;
        SyncResult second;
        EntityCheckpoint afterFailure;
        EntityCheckpoint lastCommitted;
        List<ReportEntry> entriesAfterFailure;
        try (SyncEngine e = SyncEngine.builder().clock(clock).batchSize(10).journal(journal.store).build()) {
            first = e.start(SyncRequest.builder("crm").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(30));
            afterFailure = store.checkpoints("crm").get("entity-1");
            lastCommitted = journal.lastCommitted;
            entriesAfterFailure = all(ReportFilter.builder().entity("entity-1").build());

            second = e.start(SyncRequest.builder("crm").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(30));
        }

        // the premise: the refused write held a page and the checkpoint after it
        assertThat(journal.refused).as("the refused write").isNotNull();
        assertThat(journal.refused.entries()).isEqualTo(10);
        assertThat(journal.refused.checkpoint()).as("the refused write's checkpoint").isNotNull();
        int committed = index(lastCommitted.position().value());
        int refusedAt = index(journal.refused.checkpoint().position().value());
        assertThat(refusedAt).isEqualTo(committed + 10);

        // the first run: entity-1 stopped with the journal named, entity-2 went on, the run ended
        assertThat(first.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(entity(first, "entity-1")).satisfies(p -> {
            assertThat(p.status()).isEqualTo(EntityStatus.ERROR);
            assertThat(p.error()).contains("journal").contains("disk full");
        });
        assertThat(entity(first, "entity-2").status()).isEqualTo(EntityStatus.COMPLETE);
        assertThat(store.syncLog(first.progress().runId())).filteredOn(ev -> ev.kind() == SyncLogKind.ENTITY_FAILED)
                .singleElement().satisfies(ev -> {
                    assertThat(ev.entity()).isEqualTo("entity-1");
                    assertThat(ev.message()).contains("journal");
                });
        // ... its checkpoint is still after the last committed page, and the report agrees with it
        assertThat(afterFailure.position()).isEqualTo(lastCommitted.position());
        assertThat(afterFailure.complete()).isFalse();
        assertThat(afterFailure.outstanding()).isEmpty();
        assertThat(entriesAfterFailure).allSatisfy(entry -> {
            assertThat(entry.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(index(entry.sourceId())).as("record of an OK entry").isLessThan(committed);
        });
        assertThat(entriesAfterFailure).extracting(ReportEntry::sourceId)
                .containsExactlyInAnyOrderElementsOf(keys(source, 0, committed));

        // the re-run continues from that checkpoint: the refused page is sent again, every record ends with one final entry
        assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(second.skipped()).containsExactly("entity-2");
        assertThat(entity(second, "entity-1")).satisfies(p -> {
            assertThat(p.status()).isEqualTo(EntityStatus.COMPLETE);
            assertThat(p.records()).isEqualTo(100 - committed);
        });
        assertThat(destination.received("entity-1")).containsOnlyKeys(keys(source, 0, 100));
        for (SyncRecord r : source.records("entity-1")) {
            int i = index(r.key());
            assertThat(destination.writeCount("entity-1", r.key())).as("writes of %s", r.key())
                    .isEqualTo(i >= committed && i < refusedAt ? 2 : 1);
        }
        List<ReportEntry> entries = all(ReportFilter.builder().entity("entity-1").build());
        assertThat(entries).extracting(ReportEntry::sourceId).containsExactlyInAnyOrderElementsOf(keys(source, 0, 100));
        assertThat(entries).allSatisfy(entry -> assertThat(entry.status()).isEqualTo(DeliveryStatus.OK));
        assertThat(store.checkpoints("crm").get("entity-1")).satisfies(cp -> {
            assertThat(cp.complete()).isTrue();
            assertThat(cp.outstanding()).isEmpty();
        });
    }

    /** The position of a record in the in-memory source, from its key ({@code entity-1-000042}) or a checkpoint. */
    private static int index(String keyOrCheckpoint) {
        return Integer.parseInt(keyOrCheckpoint.substring(keyOrCheckpoint.lastIndexOf('-') + 1));
    }

    private static List<String> keys(InMemorySource source, int from, int to) {
        return source.records("entity-1").subList(from, to).stream().map(SyncRecord::key).toList();
    }

    /**
     * A report store whose journal refuses the Nth write of one entity, once, and remembers what it committed.
     * Every other call goes to the wrapped store, through a proxy, so that it passes on whatever the journal
     * interface holds.
     */
    private static final class FailingJournal implements InvocationHandler {
        /** What a refused write held. */
        record Refused(int entries, EntityCheckpoint checkpoint) {
        }

        private final ReportStore delegate;
        private final String entity;
        private final int failOn;
        private final AtomicInteger writes = new AtomicInteger();
        final ReportStore store;
        volatile Refused refused;
        volatile EntityCheckpoint lastCommitted;

        FailingJournal(ReportStore delegate, String entity, int failOn) {
            this.delegate = delegate;
            this.entity = entity;
            this.failOn = failOn;
            this.store = (ReportStore) Proxy.newProxyInstance(ReportStore.class.getClassLoader(),
                    new Class<?>[] {ReportStore.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("write") && args.length == 1 && args[0] instanceof JournalWrite write) {
                write(write);
                return null;
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void write(JournalWrite write) {
            if (write.entity().equals(entity) && writes.incrementAndGet() == failOn) {
                refused = new Refused(write.entries().size(), write.checkpoint());
                throw new IllegalStateException("disk full");
            }
            delegate.write(write);
            if (write.entity().equals(entity) && write.checkpoint() != null) {
                lastCommitted = write.checkpoint();
            }
        }
    }
}
