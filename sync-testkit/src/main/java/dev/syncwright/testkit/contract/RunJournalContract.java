package dev.syncwright.testkit.contract;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.core.journal.SyncBusyException;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The behaviour every {@link RunJournal} must have, as the engine relies on it. Extend it in your store's tests
 * and implement {@link #newJournal()}; the in-memory journal, the report stores and the JDBC stores all run it.
 *
 * <pre>{@code
 * class MyJournalTest extends RunJournalContract {
 *     protected RunJournal newJournal() { return new MyJournal(freshDatabase()); }
 * }
 * }</pre>
 *
 * <p>Each test gets a new, empty journal. Times are whole milliseconds from {@link #T0}, which every store can keep.
 */
public abstract class RunJournalContract {
    /** The time the tests' entries are written at (and later, in seconds after it). */
    protected static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** The journal under test, made by {@link #newJournal()} before each test. */
    protected RunJournal journal;

    /** @return a new, empty journal; called before each test */
    protected abstract RunJournal newJournal();

    @BeforeEach
    void createJournal() {
        journal = newJournal();
    }

    /**
     * @param id the entry's id
     * @param key the record's key, or null
     * @param status its status
     * @param attempts its attempts
     * @param deliveryId for SENT, the delivery id; else null
     * @param time when it changed
     * @param passed true when the checkpoint passed it while not final
     * @return an entry value, for writes
     */
    protected static JournalEntry entry(long id, String key, DeliveryStatus status, int attempts, String deliveryId,
                                        Instant time, boolean passed) {
        String message = status == DeliveryStatus.PENDING || status == DeliveryStatus.FAILED ? "why " + key : null;
        return JournalEntry.of(id, key, key == null ? null : key.toUpperCase(), null, status, attempts, message,
                deliveryId, time, passed);
    }

    /**
     * Writes entries (and a checkpoint) of one entity in one write.
     *
     * @param sync the sync
     * @param run the run
     * @param entity the entity's name
     * @param checkpoint the checkpoint, or null
     * @param entries the entries
     */
    protected void write(String sync, String run, String entity, EntityCheckpoint checkpoint, JournalEntry... entries) {
        journal.write(new JournalWrite(sync, run, "crm → erp", entity, List.of(entries), checkpoint));
    }

    @Test
    void reservedIdsArePositiveAndNeverHandedOutTwiceEvenConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> blocks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                blocks.add(pool.submit(() -> {
                    go.await();
                    long[] firsts = new long[50];
                    for (int i = 0; i < firsts.length; i++) {
                        firsts[i] = journal.reserveEntryIds(7);
                    }
                    return firsts;
                }));
            }
            go.countDown();
            Set<Long> ids = new HashSet<>();
            for (Future<long[]> f : blocks) {
                for (long first : f.get(30, TimeUnit.SECONDS)) {
                    assertThat(first).isPositive();
                    for (long id = first; id < first + 7; id++) {
                        assertThat(ids.add(id)).as("id %d handed out twice", id).isTrue();
                    }
                }
            }
            assertThat(ids).hasSize(4 * 50 * 7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCheckpointWrittenWithItsPageComesBackForItsSyncAndEntity() {
        long id = journal.reserveEntryIds(2);
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("2"), false, Checkpoint.START),
                entry(id, "o-1", DeliveryStatus.OK, 1, null, T0, false),
                entry(id + 1, "o-2", DeliveryStatus.FAILED, 1, null, T0, false));

        Map<String, EntityCheckpoint> checkpoints = journal.checkpoints("crm");

        assertThat(checkpoints).containsOnlyKeys("orders");
        EntityCheckpoint orders = checkpoints.get("orders");
        assertThat(orders.position()).isEqualTo(Checkpoint.of("2"));
        assertThat(orders.complete()).isFalse();
        assertThat(orders.lastComplete()).isEqualTo(Checkpoint.START);
        assertThat(orders.outstanding()).isEmpty();
        assertThat(journal.checkpoints("other")).isEmpty();
    }

    @Test
    void aLaterCheckpointReplacesTheEarlierOneAndEntitiesAndSyncsAreKeptApart() {
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("1"), false, Checkpoint.START));
        write("crm", "run-1", "customers", new EntityCheckpoint("customers", Checkpoint.of("c9"), true, Checkpoint.of("c9")));
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("5"), true, Checkpoint.of("5")));
        write("erp", "run-2", "orders", new EntityCheckpoint("orders", Checkpoint.of("x"), false, Checkpoint.START));

        Map<String, EntityCheckpoint> crm = journal.checkpoints("crm");
        assertThat(crm).containsOnlyKeys("orders", "customers");
        assertThat(crm.get("orders").position()).isEqualTo(Checkpoint.of("5"));
        assertThat(crm.get("orders").complete()).isTrue();
        assertThat(crm.get("orders").lastComplete()).isEqualTo(Checkpoint.of("5"));
        assertThat(crm.get("customers").position()).isEqualTo(Checkpoint.of("c9"));
        assertThat(journal.checkpoints("erp").get("orders").position()).isEqualTo(Checkpoint.of("x"));
    }

    @Test
    void openEntriesComeBackAsOutstandingDeliveriesOfTheirEntity() {
        long id = journal.reserveEntryIds(4);
        Instant sent = T0.plusSeconds(3);
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("4"), false, Checkpoint.START),
                entry(id, "o-1", DeliveryStatus.SENT, 1, "d-1", sent, true),
                entry(id + 1, "o-2", DeliveryStatus.PENDING, 2, null, sent, true),
                entry(id + 2, "o-3", DeliveryStatus.OK, 1, null, sent, false),
                entry(id + 3, "o-4", DeliveryStatus.SENT, 1, "d-4", sent, false));

        List<OutstandingDelivery> open = journal.checkpoints("crm").get("orders").outstanding();

        assertThat(open).extracting(OutstandingDelivery::entryId).containsExactlyInAnyOrder(id, id + 1, id + 3);
        OutstandingDelivery awaitingConfirmation = find(open, id);
        assertThat(awaitingConfirmation.key()).isEqualTo("o-1");
        assertThat(awaitingConfirmation.reference()).isEqualTo("O-1");
        assertThat(awaitingConfirmation.deliveryId()).isEqualTo("d-1");
        assertThat(awaitingConfirmation.attempts()).isEqualTo(1);
        assertThat(awaitingConfirmation.since()).isEqualTo(sent);
        assertThat(awaitingConfirmation.passed()).isTrue();
        OutstandingDelivery owedResend = find(open, id + 1);
        assertThat(owedResend.awaitingResend()).isTrue();
        assertThat(owedResend.attempts()).isEqualTo(2);
        assertThat(owedResend.passed()).isTrue();
        assertThat(find(open, id + 3).passed()).isFalse();
    }

    @Test
    void aWriteThatMakesAnOpenEntryFinalClosesIt() {
        long id = journal.reserveEntryIds(2);
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("2"), false, Checkpoint.START),
                entry(id, "o-1", DeliveryStatus.SENT, 1, "d-1", T0, true),
                entry(id + 1, "o-2", DeliveryStatus.SENT, 1, "d-2", T0, true));

        write("crm", "run-2", "orders", null,
                entry(id, "o-1", DeliveryStatus.OK, 1, null, T0.plusSeconds(5), false),
                entry(id + 1, "o-2", DeliveryStatus.FAILED, 1, null, T0.plusSeconds(5), false));

        EntityCheckpoint orders = journal.checkpoints("crm").get("orders");
        assertThat(orders.outstanding()).isEmpty();
        assertThat(orders.position()).as("an entries-only write leaves the checkpoint").isEqualTo(Checkpoint.of("2"));
    }

    @Test
    void anEntityWithOpenEntriesAndNoCheckpointComesBackAtTheStart() {
        long id = journal.reserveEntryIds(1);
        write("crm", "run-1", "orders", null, entry(id, "o-1", DeliveryStatus.PENDING, 1, null, T0, false));

        EntityCheckpoint orders = journal.checkpoints("crm").get("orders");

        assertThat(orders.position()).isEqualTo(Checkpoint.START);
        assertThat(orders.complete()).isFalse();
        assertThat(orders.outstanding()).extracting(OutstandingDelivery::entryId).containsExactly(id);
    }

    @Test
    void anOpenEntryBelongsToTheSyncAndRunOfItsFirstWrite() {
        long id = journal.reserveEntryIds(1);
        write("crm", "run-1", "orders", null, entry(id, "o-1", DeliveryStatus.SENT, 1, "d-1", T0, false));
        // a resync run (another sync name) takes it up and leaves it PENDING
        write("resync", "run-9", "orders", null, entry(id, "o-1", DeliveryStatus.PENDING, 2, null, T0.plusSeconds(60), false));

        List<StoredEntry> found = journal.entries(List.of(id));

        assertThat(found).hasSize(1);
        StoredEntry e = found.get(0);
        assertThat(e.syncName()).isEqualTo("crm");
        assertThat(e.runId()).isEqualTo("run-1");
        assertThat(e.entity()).isEqualTo("orders");
        assertThat(e.sourceId()).isEqualTo("o-1");
        assertThat(e.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(journal.checkpoints("resync")).isEmpty();
    }

    @Test
    void entriesFindsOpenEntriesByIdInIdOrderAndSkipsUnknownIds() {
        long id = journal.reserveEntryIds(3);
        write("crm", "run-1", "orders", null,
                entry(id + 2, "o-3", DeliveryStatus.SENT, 1, "d-3", T0, false),
                entry(id, "o-1", DeliveryStatus.PENDING, 1, null, T0, false));

        List<StoredEntry> found = journal.entries(List.of(id + 2, id, 999_999_999L));

        assertThat(found).extracting(StoredEntry::id).containsExactly(id, id + 2);
    }

    @Test
    void resetForgetsTheCheckpointsAndOpenEntriesOfThatSyncOnly() {
        long id = journal.reserveEntryIds(2);
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("1"), false, Checkpoint.START),
                entry(id, "o-1", DeliveryStatus.SENT, 1, "d-1", T0, true));
        write("erp", "run-2", "orders", new EntityCheckpoint("orders", Checkpoint.of("7"), false, Checkpoint.START),
                entry(id + 1, "o-1", DeliveryStatus.SENT, 1, "d-2", T0, true));

        journal.reset("crm");

        assertThat(journal.checkpoints("crm")).isEmpty();
        EntityCheckpoint erp = journal.checkpoints("erp").get("orders");
        assertThat(erp.position()).isEqualTo(Checkpoint.of("7"));
        assertThat(erp.outstanding()).extracting(OutstandingDelivery::entryId).containsExactly(id + 1);
    }

    @Test
    void concurrentWritesOfDifferentEntitiesAreAllApplied() throws Exception {
        int entities = 4;
        int pages = 25;
        ExecutorService pool = Executors.newFixedThreadPool(entities);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int e = 0; e < entities; e++) {
                String entity = "entity-" + e;
                done.add(pool.submit(() -> {
                    for (int p = 1; p <= pages; p++) {
                        long id = journal.reserveEntryIds(2);
                        write("crm", "run-1", entity, new EntityCheckpoint(entity, Checkpoint.of(Integer.toString(p)), false,
                                Checkpoint.START), entry(id, entity + "-a" + p, DeliveryStatus.OK, 1, null, T0, false),
                                entry(id + 1, entity + "-b" + p, DeliveryStatus.SENT, 1, "d-" + entity + p, T0, true));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, EntityCheckpoint> checkpoints = journal.checkpoints("crm");
        assertThat(checkpoints).hasSize(entities);
        for (EntityCheckpoint cp : checkpoints.values()) {
            assertThat(cp.position()).isEqualTo(Checkpoint.of(Integer.toString(pages)));
            assertThat(cp.outstanding()).hasSize(pages);
        }
    }

    @Test
    void anEmptyWriteWithOnlyACheckpointMovesIt() {
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.START, false, Checkpoint.of("old")));

        EntityCheckpoint orders = journal.checkpoints("crm").get("orders");

        assertThat(orders.position()).isEqualTo(Checkpoint.START);
        assertThat(orders.lastComplete()).isEqualTo(Checkpoint.of("old"));
        assertThat(Collections.unmodifiableList(orders.outstanding())).isEmpty();
    }

    private static RunRecord running(String runId, String sync, String owner, Instant leaseUntil, EntityProgress... entities) {
        return new RunRecord(runId, sync, "crm → erp", owner, T0, leaseUntil, null, null, null, List.of(entities));
    }

    private static EntityProgress entityProgress(String entity, EntityStatus status, long records) {
        return new EntityProgress(entity, status, records, Duration.ofSeconds(records), new DeliveryCounts(records, 0, 0, 0),
                -1, null, false);
    }

    @Test
    void aClaimedSyncRefusesAnotherRunUntilItsLeaseExpiresAndThenRecordsTheDeadRunAbandoned() {
        journal.claim(running("run-1", "crm", "host-a:1:x", T0.plusSeconds(30),
                entityProgress("orders", EntityStatus.PROCESSING, 10), entityProgress("customers", EntityStatus.COMPLETE, 5)),
                T0, null);

        assertThatThrownBy(() -> journal.claim(running("run-2", "crm", "host-b:2:y", T0.plusSeconds(50)), T0.plusSeconds(20), null))
                .isInstanceOf(SyncBusyException.class).hasMessageContaining("run-1")
                .satisfies(e -> assertThat(((SyncBusyException) e).holder()).isEqualTo("run-1"));
        journal.claim(running("other-sync", "erp", "host-b:2:y", T0.plusSeconds(50)), T0.plusSeconds(20), null);

        Optional<RunRecord> taken = journal.claim(running("run-2", "crm", "host-b:2:y", T0.plusSeconds(90)), T0.plusSeconds(31), null);

        assertThat(taken).isPresent();
        RunRecord dead = journal.run("run-1").orElseThrow();
        assertThat(dead).isEqualTo(taken.get());
        assertThat(dead.status()).isEqualTo(RunStatus.FAILED);
        assertThat(dead.failure()).contains("abandoned");
        assertThat(dead.endedAt()).isEqualTo(T0.plusSeconds(31));
        assertThat(dead.entities()).extracting(EntityProgress::entity, EntityProgress::status, EntityProgress::interrupted)
                .containsExactly(tuple("orders", EntityStatus.WAITING, true), tuple("customers", EntityStatus.COMPLETE, false));
        assertThat(journal.run("run-2").orElseThrow().isRunning()).isTrue();
    }

    @Test
    void aRunKnownToBeDeadIsTakenOverBeforeItsLeaseExpires() {
        journal.claim(running("run-1", "crm", "host-a:1:x", T0.plusSeconds(300)), T0, null);

        Optional<RunRecord> taken = journal.claim(running("run-2", "crm", "host-a:2:y", T0.plusSeconds(330)), T0.plusSeconds(1), "run-1");

        assertThat(taken).map(RunRecord::runId).contains("run-1");
        assertThat(journal.run("run-1").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void renewExtendsTheLeaseOfTheHolderOnlyAndAnEndedRunReleasesTheSync() {
        journal.claim(running("run-1", "crm", "host-a:1:x", T0.plusSeconds(30)), T0, null);

        assertThat(journal.renew("crm", "run-1", T0.plusSeconds(60))).isTrue();
        assertThat(journal.run("run-1").orElseThrow().leaseUntil()).isEqualTo(T0.plusSeconds(60));
        assertThat(journal.renew("crm", "someone-else", T0.plusSeconds(60))).isFalse();

        journal.runEnded("run-1", RunStatus.COMPLETED, T0.plusSeconds(40), null,
                List.of(entityProgress("orders", EntityStatus.COMPLETE, 12)));

        assertThat(journal.renew("crm", "run-1", T0.plusSeconds(90))).isFalse();
        RunRecord ended = journal.run("run-1").orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(ended.endedAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(ended.entities()).singleElement().satisfies(e -> assertThat(e.records()).isEqualTo(12));
        assertThat(journal.claim(running("run-2", "crm", "host-b:2:y", T0.plusSeconds(100)), T0.plusSeconds(41), null)).isEmpty();
    }

    @Test
    void progressIsRecordedPerEntityAndRunsAreListedNewestFirst() {
        journal.claim(running("run-1", "crm", "host-a:1:x", T0.plusSeconds(30), entityProgress("orders", EntityStatus.WAITING, 0),
                entityProgress("customers", EntityStatus.WAITING, 0)), T0, null);
        journal.recordProgress("run-1", List.of(entityProgress("customers", EntityStatus.PROCESSING, 7)));
        journal.runEnded("run-1", RunStatus.CANCELLED, T0.plusSeconds(5), null, List.of());
        journal.claim(running("run-2", "crm", "host-a:1:x", T0.plusSeconds(60)), T0.plusSeconds(6), null);

        assertThat(journal.runs("crm")).extracting(RunRecord::runId).containsExactly("run-2", "run-1");
        assertThat(journal.run("run-1").orElseThrow().entities()).extracting(EntityProgress::entity, EntityProgress::records)
                .containsExactly(tuple("orders", 0L), tuple("customers", 7L));
        assertThat(journal.runs("other")).isEmpty();
        assertThat(journal.run("nope")).isEmpty();
    }

    @Test
    void aCheckpointFromARunThatNoLongerHoldsTheSyncIsRefusedAndChangesNothing() {
        journal.claim(running("run-1", "crm", "host-a:1:x", T0.plusSeconds(30)), T0, null);
        write("crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("1"), false, Checkpoint.START));
        journal.claim(running("run-2", "crm", "host-b:2:y", T0.plusSeconds(90)), T0.plusSeconds(31), null);
        long id = journal.reserveEntryIds(1);

        assertThatThrownBy(() -> write("crm", "run-1", "orders",
                new EntityCheckpoint("orders", Checkpoint.of("2"), false, Checkpoint.START),
                entry(id, "o-2", DeliveryStatus.SENT, 1, "d-2", T0, true)))
                .isInstanceOf(SyncBusyException.class).hasMessageContaining("run-1");

        EntityCheckpoint orders = journal.checkpoints("crm").get("orders");
        assertThat(orders.position()).isEqualTo(Checkpoint.of("1"));
        assertThat(orders.outstanding()).isEmpty();
        write("crm", "run-2", "orders", new EntityCheckpoint("orders", Checkpoint.of("3"), false, Checkpoint.START));
        assertThat(journal.checkpoints("crm").get("orders").position()).isEqualTo(Checkpoint.of("3"));
    }

    private static OutstandingDelivery find(List<OutstandingDelivery> open, long id) {
        return open.stream().filter(d -> d.entryId() == id).findFirst().orElseThrow();
    }
}
