package dev.syncwright.testkit.contract;

import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportCursor;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportPage;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ReportStore} must have: the {@link RunJournalContract} (a report store is the engine's
 * journal), and the report's queries, paging, counts, export stream, purge and sync log. Extend it in your store's
 * tests and implement {@link #newStore(Clock)}.
 *
 * <pre>{@code
 * class MyReportStoreTest extends ReportStoreContract {
 *     protected ReportStore newStore(Clock clock) { return new MyReportStore(freshDatabase(), clock); }
 * }
 * }</pre>
 *
 * <p>The store's clock is a {@link MutableClock} at {@link #NOW}; relative windows end there.
 */
public abstract class ReportStoreContract extends RunJournalContract {
    /** "Now" for the store under test: an hour after {@link #T0}. */
    protected static final Instant NOW = T0.plus(Duration.ofHours(1));
    /** The store's clock. */
    protected final MutableClock clock = new MutableClock(NOW);

    /**
     * @param clock where "now" of relative windows comes from
     * @return a new, empty store; called before each test
     */
    protected abstract ReportStore newStore(Clock clock);

    @Override
    protected final RunJournal newJournal() {
        return newStore(clock);
    }

    /** @return the store under test */
    protected ReportStore store() {
        return (ReportStore) journal;
    }

    /** One entry to add: what a run reports of a record. */
    protected record Row(String run, String system, String entity, String key, String reference, String endpointId,
                         DeliveryStatus status, int attempts, String message, Instant time) {
    }

    /**
     * @param entity the entity's name
     * @param key the record's key
     * @param status its status
     * @param attempts its attempts
     * @param time when it was written
     * @return a row of run r1, system "crm → erp"
     */
    protected static Row row(String entity, String key, DeliveryStatus status, int attempts, Instant time) {
        String message = status == DeliveryStatus.PENDING || status == DeliveryStatus.FAILED ? "failed: " + key : null;
        return new Row("r1", "crm → erp", entity, key, key == null ? null : "REF-" + key, key == null ? null : "dest-" + key,
                status, attempts, message, time);
    }

    /**
     * Adds rows through the journal, one write per row.
     *
     * @param rows the rows
     * @return their sync ids, in order
     */
    protected List<Long> add(Row... rows) {
        List<Long> ids = new ArrayList<>();
        for (Row r : rows) {
            long id = store().reserveEntryIds(1);
            store().write(new JournalWrite("sync", r.run(), r.system(), r.entity(), List.of(JournalEntry.of(id, r.key(),
                    r.reference(), r.endpointId(), r.status(), r.attempts(), r.message(), null, r.time(), false)), null));
            ids.add(id);
        }
        return ids;
    }

    private static ReportFilter.Builder filter() {
        return ReportFilter.builder();
    }

    private List<ReportEntry> all(ReportFilter filter, ReportSort sort) {
        try (Stream<ReportEntry> s = store().stream(filter, sort)) {
            return s.toList();
        }
    }

    @Test
    void anEntryIsReportedWithEveryColumnAsWritten() {
        long id = store().reserveEntryIds(1);
        Instant t = NOW.minusSeconds(30);
        store().write(new JournalWrite("crm-sync", "run-1", "crm → erp", "orders", List.of(JournalEntry.of(id, "o-1",
                "DEMOTEST-SS-YELLOW", "erp-77", DeliveryStatus.FAILED, 3, "rejected: price", null, t, false)), null));

        ReportEntry e = store().get(id).orElseThrow();

        assertThat(e.syncId()).isEqualTo(id);
        assertThat(e.runId()).isEqualTo("run-1");
        assertThat(e.system()).isEqualTo("crm → erp");
        assertThat(e.entity()).isEqualTo("orders");
        assertThat(e.reference()).isEqualTo("DEMOTEST-SS-YELLOW");
        assertThat(e.sourceId()).isEqualTo("o-1");
        assertThat(e.endpointId()).isEqualTo("erp-77");
        assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.message()).isEqualTo("rejected: price");
        assertThat(e.created()).isEqualTo(t);
        assertThat(e.updated()).isEqualTo(t);
        assertThat(e.latestSync().time()).isEqualTo(t);
        assertThat(e.latestSync().result()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(e.latestSync().runId()).isEqualTo("run-1");
        assertThat(store().size()).isEqualTo(1);
        assertThat(store().get(id + 1000)).isEmpty();
    }

    @Test
    void aLaterWriteUpdatesTheEntryAndKeepsItsRunCreationTimeAndEndpointId() {
        long id = store().reserveEntryIds(1);
        Instant first = NOW.minusSeconds(100);
        store().write(new JournalWrite("crm", "run-1", "crm → erp", "orders", List.of(JournalEntry.of(id, "o-1", "O-1",
                "erp-1", DeliveryStatus.SENT, 1, null, "d-1", first, true)), null));
        Instant later = NOW.minusSeconds(10);
        store().write(new JournalWrite("crm", "run-2", "crm → erp", "orders", List.of(JournalEntry.of(id, "o-1", "O-1",
                null, DeliveryStatus.OK, 2, null, null, later, false)), null));

        ReportEntry e = store().get(id).orElseThrow();

        assertThat(e.runId()).isEqualTo("run-1");
        assertThat(e.created()).isEqualTo(first);
        assertThat(e.updated()).isEqualTo(later);
        assertThat(e.status()).isEqualTo(DeliveryStatus.OK);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.endpointId()).isEqualTo("erp-1");
        assertThat(e.latestSync().runId()).isEqualTo("run-2");
        assertThat(e.latestSync().result()).isEqualTo(DeliveryStatus.OK);
        assertThat(store().size()).isEqualTo(1);
        assertThat(store().entries(List.of(id))).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(DeliveryStatus.OK));
    }

    @Test
    void theDefaultWindowIsTheLastFiveDaysAndAWindowOfAtMostFifteenDaysWidensIt() {
        add(row("orders", "new", DeliveryStatus.OK, 1, NOW.minus(Duration.ofDays(4))),
                row("orders", "old", DeliveryStatus.OK, 1, NOW.minus(Duration.ofDays(6))),
                row("orders", "older", DeliveryStatus.OK, 1, NOW.minus(Duration.ofDays(16))));

        assertThat(all(filter().build(), ReportSort.NEWEST_FIRST)).extracting(ReportEntry::sourceId).containsExactly("new");
        assertThat(all(filter().lastDays(15).build(), ReportSort.NEWEST_FIRST)).extracting(ReportEntry::sourceId)
                .containsExactly("old", "new");
        assertThat(store().count(filter().between(NOW.minus(Duration.ofDays(7)), NOW.minus(Duration.ofDays(5))).build()))
                .isEqualTo(1);
        assertThatThrownBy(() -> filter().lastDays(16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15 days");
    }

    @Test
    void filtersKeepOnlyMatchingEntries() {
        List<Long> ids = add(row("orders", "o-1", DeliveryStatus.OK, 1, NOW.minusSeconds(50)),
                row("orders", "o-2", DeliveryStatus.FAILED, 5, NOW.minusSeconds(40)),
                row("customers", "c-1", DeliveryStatus.PENDING, 2, NOW.minusSeconds(30)),
                new Row("r2", "hr → payroll", "staff", "yellow-7", "DEMOTEST-SS-YELLOW", null, DeliveryStatus.SENT, 1, null,
                        NOW.minusSeconds(20)));

        assertThat(keys(filter().statuses(DeliveryStatus.FAILED, DeliveryStatus.PENDING).build())).containsExactlyInAnyOrder("o-2", "c-1");
        assertThat(keys(filter().entity("orders").build())).containsExactlyInAnyOrder("o-1", "o-2");
        assertThat(keys(filter().runId("r2").build())).containsExactly("yellow-7");
        assertThat(keys(filter().system("HR → PAYROLL").build())).containsExactly("yellow-7");
        assertThat(keys(filter().systemContains("payroll").build())).containsExactly("yellow-7");
        assertThat(keys(filter().referenceContains("yellow").build())).containsExactly("yellow-7");
        assertThat(keys(filter().reference("demotest-ss-yellow").build())).containsExactly("yellow-7");
        assertThat(keys(filter().sourceId("c-1").build())).containsExactly("c-1");
        assertThat(keys(filter().endpointId("dest-o-1").build())).containsExactly("o-1");
        assertThat(keys(filter().attempts(2, 5).build())).containsExactlyInAnyOrder("o-2", "c-1");
        assertThat(keys(filter().messageContains("FAILED: O-2").build())).containsExactly("o-2");
        assertThat(keys(filter().syncId(ids.get(2)).build())).containsExactly("c-1");
        assertThat(keys(filter().search("yellow").build())).containsExactly("yellow-7");
        assertThat(keys(filter().search("payroll").build())).containsExactly("yellow-7");
        assertThat(keys(filter().search(Long.toString(ids.get(3))).build())).containsExactly("yellow-7");
        assertThat(keys(filter().updatedBetween(NOW.minusSeconds(35), null).build())).containsExactlyInAnyOrder("c-1", "yellow-7");
    }

    @Test
    void countsAgreeWithTheMatchesPerStatus() {
        add(row("orders", "a", DeliveryStatus.OK, 1, NOW.minusSeconds(5)),
                row("orders", "b", DeliveryStatus.OK, 1, NOW.minusSeconds(5)),
                row("orders", "c", DeliveryStatus.FAILED, 1, NOW.minusSeconds(5)),
                row("orders", "d", DeliveryStatus.SENT, 1, NOW.minusSeconds(5)),
                row("other", "e", DeliveryStatus.FAILED, 1, NOW.minusSeconds(5)));

        Map<DeliveryStatus, Long> byStatus = store().countByStatus(filter().entity("orders").build());

        assertThat(byStatus).containsOnlyKeys(DeliveryStatus.values())
                .containsEntry(DeliveryStatus.OK, 2L).containsEntry(DeliveryStatus.SENT, 1L)
                .containsEntry(DeliveryStatus.PENDING, 0L).containsEntry(DeliveryStatus.FAILED, 1L);
        assertThat(store().count(filter().entity("orders").build())).isEqualTo(4);
        assertThat(store().count(filter().build())).isEqualTo(5);
    }

    @Test
    void everyColumnSortsBothWaysWithTiesBrokenBySyncIdAndPagesVisitEachEntryOnce() {
        List<Row> rows = new ArrayList<>();
        String[] entities = {"b", "a", "c"};
        DeliveryStatus[] statuses = DeliveryStatus.values();
        for (int i = 0; i < 23; i++) {
            rows.add(new Row("run-" + (i % 4), i % 2 == 0 ? "crm → erp" : "hr → payroll", entities[i % 3], "k" + (i % 7),
                    i % 5 == 0 ? null : "ref-" + (i % 6), i % 4 == 0 ? null : "e" + (i % 3), statuses[i % 4], i % 3,
                    i % 4 >= 2 ? "why " + (i % 2) : null, NOW.minusSeconds(100 - (i % 9))));
        }
        add(rows.toArray(Row[]::new));
        for (ReportColumn column : ReportColumn.values()) {
            for (SortDirection direction : SortDirection.values()) {
                ReportSort sort = ReportSort.by(column, direction);
                List<ReportEntry> expected = all(filter().build(), sort);
                assertThat(expected).as("%s %s", column, direction).hasSize(23).isSortedAccordingTo(order(sort));
                List<Long> paged = new ArrayList<>();
                PageRequest page = PageRequest.first(sort, 5);
                while (true) {
                    ReportPage p = store().query(filter().build(), page);
                    assertThat(p.total()).isEqualTo(23);
                    p.entries().forEach(e -> paged.add(e.syncId()));
                    if (p.nextCursor() == null) {
                        break;
                    }
                    page = page.after(ReportCursor.parse(p.nextCursor().encode()));
                }
                assertThat(paged).as("pages of %s %s", column, direction)
                        .containsExactlyElementsOf(expected.stream().map(ReportEntry::syncId).toList());
            }
        }
    }

    @Test
    void aCursorOfAnotherSortIsRefused() {
        add(row("orders", "a", DeliveryStatus.OK, 1, NOW.minusSeconds(5)), row("orders", "b", DeliveryStatus.OK, 1, NOW.minusSeconds(5)));
        ReportPage first = store().query(filter().build(), PageRequest.first(1));

        assertThatThrownBy(() -> PageRequest.first(ReportSort.by(ReportColumn.ENTITY, SortDirection.ASC), 1).after(first.nextCursor()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another sort");
        assertThatThrownBy(() -> ReportCursor.parse("not-a-cursor")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entriesAddedWhilePagingNeitherShiftNorRepeatAPage() {
        for (int i = 0; i < 12; i++) {
            add(row("orders", "k" + i, DeliveryStatus.OK, 1, NOW.minusSeconds(60)));
        }
        PageRequest page = PageRequest.first(ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC), 5);
        Set<Long> seen = new HashSet<>();
        ReportPage p = store().query(filter().build(), page);
        p.entries().forEach(e -> seen.add(e.syncId()));
        add(row("orders", "late", DeliveryStatus.OK, 1, NOW.minusSeconds(1)));
        while (p.nextCursor() != null) {
            p = store().query(filter().build(), page.after(p.nextCursor()));
            p.entries().forEach(e -> assertThat(seen.add(e.syncId())).as("repeated %d", e.syncId()).isTrue());
        }
        assertThat(seen).hasSize(13);
    }

    @Test
    void streamReturnsEveryMatchInOrderAcrossAllPages() {
        for (int i = 0; i < 2_500; i++) {
            add(row(i % 2 == 0 ? "orders" : "customers", "k" + i, i % 10 == 0 ? DeliveryStatus.FAILED : DeliveryStatus.OK,
                    1, NOW.minusSeconds(i)));
        }
        ReportSort byCreated = ReportSort.by(ReportColumn.CREATED, SortDirection.ASC);

        List<ReportEntry> failed = all(filter().statuses(DeliveryStatus.FAILED).build(), byCreated);

        assertThat(failed).hasSize(250).isSortedAccordingTo(order(byCreated))
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED));
    }

    @Test
    void purgeRemovesOnlyEntriesAndLogEventsCreatedBeforeTheCutoff() {
        List<Long> ids = add(row("orders", "old", DeliveryStatus.OK, 1, NOW.minus(Duration.ofDays(20))),
                row("orders", "new", DeliveryStatus.OK, 1, NOW.minus(Duration.ofDays(1))));
        store().appendLog(List.of(event("r1", NOW.minus(Duration.ofDays(20)), "old event"),
                event("r1", NOW.minus(Duration.ofDays(1)), "new event")));

        long removed = store().purgeOlderThan(NOW.minus(Duration.ofDays(15)));

        assertThat(removed).isEqualTo(1);
        assertThat(store().size()).isEqualTo(1);
        assertThat(store().get(ids.get(0))).isEmpty();
        assertThat(store().get(ids.get(1))).isPresent();
        assertThat(store().syncLog("r1")).extracting(SyncLogEvent::message).containsExactly("new event");
    }

    @Test
    void aPurgedOpenEntryIsStillHandedToTheNextRunOfItsSyncUntilAFinalWriteClosesIt() {
        long id = store().reserveEntryIds(1);
        Instant old = NOW.minus(Duration.ofDays(20));
        store().write(new JournalWrite("crm", "run-1", "crm → erp", "orders", List.of(JournalEntry.of(id, "o-1", "O-1", null,
                DeliveryStatus.SENT, 1, null, "d-1", old, true)), null));

        store().purgeOlderThan(NOW.minus(Duration.ofDays(15)));

        assertThat(store().get(id)).isEmpty();
        assertThat(store().checkpoints("crm").get("orders").outstanding())
                .singleElement().satisfies(d -> assertThat(d.entryId()).isEqualTo(id));
        store().write(new JournalWrite("crm", "run-2", "crm → erp", "orders", List.of(JournalEntry.of(id, "o-1", "O-1", null,
                DeliveryStatus.OK, 1, null, null, NOW, false)), null));
        assertThat(store().checkpoints("crm")).as("no checkpoint and nothing open: nothing to continue")
                .doesNotContainKey("orders");
        assertThat(store().get(id)).as("a purged entry does not come back").isEmpty();
    }

    @Test
    void theSyncLogIsQueriedByRunAndByTimeOldestFirst() {
        store().appendLog(List.of(event("r2", NOW.minusSeconds(10), "second"), event("r1", NOW.minusSeconds(30), "first")));
        store().appendLog(List.of(event("r2", NOW.minusSeconds(20), "between")));

        assertThat(store().syncLog("r2")).extracting(SyncLogEvent::message).containsExactly("between", "second");
        assertThat(store().syncLog(NOW.minusSeconds(30), NOW.minusSeconds(10))).extracting(SyncLogEvent::message)
                .containsExactly("first", "between");
    }

    @Test
    void getAllReturnsTheExistingEntriesInSyncIdOrder() {
        List<Long> ids = add(row("orders", "a", DeliveryStatus.OK, 1, NOW), row("orders", "b", DeliveryStatus.OK, 1, NOW),
                row("orders", "c", DeliveryStatus.OK, 1, NOW));

        assertThat(store().getAll(List.of(ids.get(2), ids.get(0), 987_654_321L))).extracting(ReportEntry::sourceId)
                .containsExactly("a", "c");
    }

    @Test
    void anEntryWithoutASourceIdIsKept() {
        List<Long> ids = add(row("orders", null, DeliveryStatus.FAILED, 0, NOW.minusSeconds(1)));

        ReportEntry e = store().get(ids.get(0)).orElseThrow();

        assertThat(e.sourceId()).isNull();
        assertThat(e.reference()).isNull();
        assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED);
    }

    private List<String> keys(ReportFilter f) {
        return all(f, ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC)).stream().map(ReportEntry::sourceId).toList();
    }

    private static SyncLogEvent event(String run, Instant time, String message) {
        return new SyncLogEvent(time, SyncLogLevel.ERROR, run, "crm → erp", "orders", SyncLogKind.RECORDS_FAILED, message, null);
    }

    /**
     * The order a sort defines: by the column (text by code point, null first; status by ordinal), then sync id.
     *
     * @param sort the sort
     * @return the comparator
     */
    protected static Comparator<ReportEntry> order(ReportSort sort) {
        Function<ReportEntry, Comparable<?>> key = switch (sort.column()) {
            case SYNC_ID -> ReportEntry::syncId;
            case RUN_ID -> ReportEntry::runId;
            case SYSTEM -> ReportEntry::system;
            case ENTITY -> ReportEntry::entity;
            case REFERENCE -> ReportEntry::reference;
            case SOURCE_ID -> ReportEntry::sourceId;
            case ENDPOINT_ID -> ReportEntry::endpointId;
            case STATUS -> ReportEntry::status;
            case ATTEMPTS -> ReportEntry::attempts;
            case MESSAGE -> ReportEntry::message;
            case CREATED -> ReportEntry::created;
            case UPDATED -> ReportEntry::updated;
            case LATEST_SYNC_TIME -> e -> e.latestSync().time();
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<ReportEntry> byColumn = Comparator.comparing((Function) key, Comparator.nullsFirst(
                (a, b) -> a instanceof String x && b instanceof String y ? compareCodePoints(x, y) : ((Comparable) a).compareTo(b)));
        Comparator<ReportEntry> total = byColumn.thenComparingLong(ReportEntry::syncId);
        return sort.direction() == SortDirection.ASC ? total : total.reversed();
    }

    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
