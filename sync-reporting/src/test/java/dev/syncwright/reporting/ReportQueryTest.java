package dev.syncwright.reporting;

import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static dev.syncwright.reporting.TestEntry.of;
import static dev.syncwright.spi.DeliveryStatus.FAILED;
import static dev.syncwright.spi.DeliveryStatus.OK;
import static dev.syncwright.spi.DeliveryStatus.PENDING;
import static dev.syncwright.spi.DeliveryStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportQueryTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    private static final ReportSort BY_ID = ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC);
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryReportStore store = new InMemoryReportStore(clock);

    @BeforeEach
    void knownData() {
        Writes.add(store, List.of(
                of("r1", "shopify → erp", "orders", "o-1", "DEMOTEST-SS-YELLOW", OK, 1, null, NOW.minusSeconds(3600)),
                of("r1", "shopify → erp", "orders", "o-2", "DEMOTEST-SS-BLUE", FAILED, 5, "destination rejected: bad sku", NOW.minusSeconds(7200)),
                of("r1", "shopify → erp", "customers", "c-1", "ALICE", PENDING, 2, "destination down", NOW.minusSeconds(10800)),
                of("r2", "crm → erp", "orders", "o-3", "yellow-submarine", SENT, 1, null, NOW.minus(Duration.ofDays(1))),
                of("r2", "crm → erp", "customers", "c-2", "BOB", OK, 1, null, NOW.minus(Duration.ofDays(2))),
                of("r2", "crm → erp", "customers", "c-3", "CAROL", FAILED, 4, "timeout", NOW.minus(Duration.ofDays(6))),
                of("r3", "crm → erp", "orders", "o-4", "ZED", OK, 3, null, NOW.minus(Duration.ofDays(10)))));
    }

    private List<Long> ids(ReportFilter.Builder filter) {
        return store.query(filter.build(), PageRequest.first(BY_ID, 100)).entries().stream().map(ReportEntry::syncId).toList();
    }

    private static ReportFilter.Builder f() {
        return ReportFilter.builder();
    }

    @Test
    void defaultWindowIsFiveDaysAndExcludesSixDayOldEntry() {
        ReportPage page = store.query(f().build(), PageRequest.first());

        assertThat(page.entries()).extracting(ReportEntry::syncId).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void windowFollowsTheStoreClock() {
        clock.advance(Duration.ofDays(2).plusHours(1)); // entry 5 is now 4 days 1 hour old

        assertThat(ids(f())).containsExactly(1L, 2L, 3L, 4L, 5L);
        clock.advance(Duration.ofDays(1));
        assertThat(ids(f())).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void windowOfFifteenDaysShowsOlderEntries() {
        assertThat(ids(f().lastDays(15))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(ids(f().window(Duration.ofDays(7)))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void windowLongerThanFifteenDaysIsRejected() {
        assertThatThrownBy(() -> f().lastDays(16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window").hasMessageContaining("15 days");
        assertThatThrownBy(() -> f().window(Duration.ofDays(15).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> f().between(NOW.minus(Duration.ofDays(16)), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }

    @Test
    void absoluteWindowSelectsByCreationTime() {
        assertThat(ids(f().between(NOW.minus(Duration.ofDays(11)), NOW.minus(Duration.ofDays(1)))))
                .containsExactly(5L, 6L, 7L); // to is exclusive: entry 4 was created exactly at NOW - 1 day
        assertThat(ids(f().lastDays(15).asOf(NOW.minus(Duration.ofDays(5))))).containsExactly(6L, 7L);
    }

    @Test
    void searchBoxMatchesSystemReferenceOrSyncId() {
        assertThat(ids(f().search("SHOPIFY"))).containsExactly(1L, 2L, 3L);
        assertThat(ids(f().search("yellow"))).containsExactly(1L, 4L);
        assertThat(ids(f().search("4"))).containsExactly(4L);
        assertThat(ids(f().search("nothing-like-this"))).isEmpty();
    }

    @Test
    void searchBySystemExactOrContainsIgnoringCase() {
        assertThat(ids(f().system("CRM → ERP"))).containsExactly(4L, 5L);
        assertThat(ids(f().system("crm"))).isEmpty();
        assertThat(ids(f().systemContains("Crm"))).containsExactly(4L, 5L);
        assertThat(ids(f().systemContains("→ erp"))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void searchBySyncId() {
        assertThat(ids(f().syncId(2))).containsExactly(2L);
        assertThat(ids(f().syncIds(List.of(1L, 3L, 6L, 99L)))).containsExactly(1L, 3L); // 6 is outside the window
    }

    @Test
    void searchByReferenceExactOrContainsIgnoringCase() {
        assertThat(ids(f().reference("demotest-ss-yellow"))).containsExactly(1L);
        assertThat(ids(f().reference("demotest-ss"))).isEmpty();
        assertThat(ids(f().referenceContains("YeLLow"))).containsExactly(1L, 4L);
        assertThat(ids(f().referenceContains("ss-"))).containsExactly(1L, 2L);
    }

    @Test
    void filtersOnEveryColumn() {
        assertThat(ids(f().statuses(FAILED, PENDING))).containsExactly(2L, 3L);
        assertThat(ids(f().entity("customers"))).containsExactly(3L, 5L);
        assertThat(ids(f().runId("r2"))).containsExactly(4L, 5L);
        assertThat(ids(f().runIds(List.of("r1", "r3")).lastDays(15))).containsExactly(1L, 2L, 3L, 7L);
        assertThat(ids(f().attempts(2, 5))).containsExactly(2L, 3L);
        assertThat(ids(f().messageContains("DOWN"))).containsExactly(3L);
        assertThat(ids(f().sourceId("o-2"))).containsExactly(2L);
        assertThat(ids(f().endpointId("dest-c-2"))).containsExactly(5L);
        assertThat(ids(f().updatedBetween(NOW.minus(Duration.ofDays(1)), NOW.minusSeconds(7200)))).containsExactly(3L, 4L);
        assertThat(ids(f().entity("orders").statuses(List.of(OK)).lastDays(15))).containsExactly(1L, 7L);
        assertThat(ids(f().entity("no-such-entity"))).isEmpty();
    }

    @Test
    void countsByStatusOverTheWholeMatch() {
        assertThat(store.countByStatus(f().build()))
                .containsEntry(OK, 2L).containsEntry(SENT, 1L).containsEntry(PENDING, 1L).containsEntry(FAILED, 1L);
        assertThat(store.count(f().lastDays(15).build())).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(ReportColumn.class)
    void sortsOnEveryColumnBothWaysWithTiesBrokenBySyncId(ReportColumn column) {
        Writes.add(store, List.of(of("r3", "crm → erp", "orders", "o-5", null, OK, 3, null, NOW.minusSeconds(60)),
                of("r3", "crm → erp", "orders", "o-6", "ALICE", OK, 1, null, NOW.minusSeconds(60))));
        ReportFilter filter = f().lastDays(15).build();
        List<ReportEntry> all = store.query(filter, PageRequest.first(BY_ID, 100)).entries();
        for (SortDirection direction : SortDirection.values()) {
            Comparator<ReportEntry> order = Comparator.comparing(key(column), Comparator.nullsFirst(Comparator.naturalOrder()));
            order = order.thenComparing(ReportEntry::syncId);
            List<Long> expected = all.stream().sorted(direction == SortDirection.ASC ? order : order.reversed())
                    .map(ReportEntry::syncId).toList();

            List<Long> paged = new ArrayList<>();
            PageRequest request = PageRequest.first(ReportSort.by(column, direction), 2);
            ReportCursor cursor = null;
            do {
                ReportPage page = store.query(filter, request.after(cursor));
                assertThat(page.total()).isEqualTo(9);
                page.entries().forEach(e -> paged.add(e.syncId()));
                cursor = page.nextCursor();
            } while (cursor != null);

            assertThat(paged).as(column + " " + direction).containsExactlyElementsOf(expected);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<ReportEntry, Comparable> key(ReportColumn column) {
        return switch (column) {
            case SYNC_ID -> e -> 0;
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
    }

    @Test
    void pagesCarryTotalAndStopWithoutCursor() {
        ReportFilter filter = f().build();
        PageRequest request = PageRequest.first(2);
        ReportPage first = store.query(filter, request);
        ReportPage second = store.query(filter, request.after(first.nextCursor()));
        ReportPage third = store.query(filter, request.after(second.nextCursor().encode()));

        assertThat(first.entries()).extracting(ReportEntry::syncId).containsExactly(5L, 4L);
        assertThat(second.entries()).extracting(ReportEntry::syncId).containsExactly(3L, 2L);
        assertThat(third.entries()).extracting(ReportEntry::syncId).containsExactly(1L);
        assertThat(List.of(first.total(), second.total(), third.total())).containsOnly(5L);
        assertThat(third.next()).isEmpty();
    }

    @Test
    void cursorSurvivesItsTextForm() {
        for (ReportColumn column : ReportColumn.values()) {
            ReportSort sort = ReportSort.by(column, SortDirection.DESC);
            ReportCursor cursor = store.query(f().build(), PageRequest.first(sort, 1)).nextCursor();

            assertThat(ReportCursor.parse(cursor.encode())).as(column.name()).isEqualTo(cursor);
        }
    }

    @Test
    void cursorOfAnotherSortOrGarbageIsRejected() {
        ReportCursor cursor = store.query(f().build(), PageRequest.first(1)).nextCursor();
        PageRequest byStatus = PageRequest.first(ReportSort.by(ReportColumn.STATUS, SortDirection.DESC), 50);

        assertThatThrownBy(() -> byStatus.after(cursor))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another sort");
        assertThatThrownBy(() -> byStatus.after(cursor.encode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another sort");
        assertThatThrownBy(() -> PageRequest.first().after("not a cursor!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    void laterWriteOfTheSameEntryUpdatesItAndKeepsItsRunAndCreation() {
        long before = store.size();

        Writes.update(store, 4, new TestEntry("r5", "crm → erp", "orders", "o-3", "yellow-submarine", null, OK, 2,
                null, NOW.minusSeconds(60)));

        ReportEntry entry = store.get(4).orElseThrow();
        assertThat(store.size()).isEqualTo(before);
        assertThat(entry.status()).isEqualTo(OK);
        assertThat(entry.attempts()).isEqualTo(2);
        assertThat(entry.runId()).isEqualTo("r2");
        assertThat(entry.endpointId()).as("a write without an endpoint id keeps the known one").isEqualTo("dest-o-3");
        assertThat(entry.created()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(entry.updated()).isEqualTo(NOW.minusSeconds(60));
        assertThat(entry.latestSync()).isEqualTo(new LatestSyncInfo(NOW.minusSeconds(60), OK, "r5"));
        assertThat(ids(f().runId("r2"))).containsExactly(4L, 5L);
    }

    @Test
    void laterWriteSetsMessageAndANewEndpointId() {
        Writes.update(store, 2, new TestEntry("r1", "shopify → erp", "orders", "o-2", "DEMOTEST-SS-BLUE", "erp-77", OK,
                6, null, NOW.minusSeconds(10)));

        ReportEntry entry = store.get(2).orElseThrow();
        assertThat(entry.status()).isEqualTo(OK);
        assertThat(entry.message()).isNull();
        assertThat(entry.endpointId()).isEqualTo("erp-77");
        assertThat(entry.reference()).isEqualTo("DEMOTEST-SS-BLUE");
        assertThat(entry.sourceId()).isEqualTo("o-2");
        assertThat(store.countByStatus(f().build())).containsEntry(OK, 3L).containsEntry(FAILED, 0L);
    }

    @Test
    void everyReservedIdIsItsOwnEntryEvenForTheSameKey() {
        List<Long> ids = Writes.add(store, List.of(of("r9", "crm → erp", "orders", "o-3", "x", OK, 1, null, NOW),
                of("r2", "crm → erp", "customers", "o-3", "x", OK, 1, null, NOW),
                of("r2", "crm → erp", "orders", "o-3", "x", OK, 1, null, NOW),
                of("r2", "crm → erp", "orders", null, "bad row", FAILED, 0, "no key", NOW),
                of("r2", "crm → erp", "orders", null, "bad row", FAILED, 0, "no key", NOW)));

        assertThat(ids).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(store.size()).isEqualTo(12);
        assertThat(ids(f().sourceId("o-3"))).containsExactly(4L, 8L, 9L, 10L);
        assertThat(store.get(4).orElseThrow().status()).as("the earlier entry of o-3 is not touched").isEqualTo(SENT);
    }

    @Test
    void aWriteOfAnIdThatWasNotReservedIsRejectedWhole() {
        JournalWrite write = new JournalWrite(Writes.SYNC, "r2", "crm → erp", "orders", List.of(
                JournalEntry.of(4, "o-3", "yellow-submarine", null, OK, 2, null, null, NOW, false),
                JournalEntry.of(99, "o-99", "NEW", null, OK, 1, null, null, NOW, false)), null);

        assertThatThrownBy(() -> store.write(write)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("99").hasMessageContaining("not reserved");
        assertThat(store.get(4).orElseThrow().status()).isEqualTo(SENT);
        assertThat(store.size()).isEqualTo(7);
    }

    @Test
    void reservedIdsAreConsecutiveAndUnwrittenOnesAreNotEntries() {
        long first = store.reserveEntryIds(3);

        assertThat(first).isEqualTo(8);
        assertThat(store.reserveEntryIds(1)).isEqualTo(11);
        assertThat(store.size()).isEqualTo(7);
        assertThat(store.get(9)).isEmpty();
        assertThat(store.count(f().lastDays(15).build())).isEqualTo(7);
    }

    @Test
    void entriesCarryEveryColumn() {
        ReportEntry e = store.get(2).orElseThrow();

        assertThat(e).isEqualTo(new ReportEntry(2, "r1", "shopify → erp", "orders", "DEMOTEST-SS-BLUE", "o-2", "dest-o-2",
                FAILED, 5, "destination rejected: bad sku", NOW.minusSeconds(7200), NOW.minusSeconds(7200),
                new LatestSyncInfo(NOW.minusSeconds(7200), FAILED, "r1")));
        assertThat(store.get(99)).isEmpty();
    }

    @Test
    void streamReturnsEveryMatchInOrder() {
        List<Long> streamed = Writes.all(store, f().lastDays(15).build(), ReportSort.by(ReportColumn.ATTEMPTS, SortDirection.DESC))
                .stream().map(ReportEntry::syncId).toList();

        assertThat(streamed).containsExactly(2L, 6L, 7L, 3L, 5L, 4L, 1L);
    }
}
