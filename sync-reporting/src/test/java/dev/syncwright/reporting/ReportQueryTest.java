package dev.syncwright.reporting;

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

import static dev.syncwright.reporting.Writes.write;
import static dev.syncwright.spi.DeliveryStatus.FAILED;
import static dev.syncwright.spi.DeliveryStatus.OK;
import static dev.syncwright.spi.DeliveryStatus.PENDING;
import static dev.syncwright.spi.DeliveryStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportQueryTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryReportStore store = new InMemoryReportStore(clock);

    @BeforeEach
    void knownData() {
        store.write(List.of(
                write("r1", "shopify → erp", "orders", "o-1", "DEMOTEST-SS-YELLOW", OK, 1, null, NOW.minusSeconds(3600)),
                write("r1", "shopify → erp", "orders", "o-2", "DEMOTEST-SS-BLUE", FAILED, 5, "destination rejected: bad sku", NOW.minusSeconds(7200)),
                write("r1", "shopify → erp", "customers", "c-1", "ALICE", PENDING, 2, "destination down", NOW.minusSeconds(10800)),
                write("r2", "crm → erp", "orders", "o-3", "yellow-submarine", SENT, 1, null, NOW.minus(Duration.ofDays(1))),
                write("r2", "crm → erp", "customers", "c-2", "BOB", OK, 1, null, NOW.minus(Duration.ofDays(2))),
                write("r2", "crm → erp", "customers", "c-3", "CAROL", FAILED, 4, "timeout", NOW.minus(Duration.ofDays(6))),
                write("r3", "crm → erp", "orders", "o-4", "ZED", OK, 3, null, NOW.minus(Duration.ofDays(10)))));
    }

    private List<Long> ids(ReportQuery.Builder q) {
        return store.query(q.pageSize(100).build()).entries().stream().map(ReportEntry::syncId).toList();
    }

    private static ReportQuery.Builder q() {
        return ReportQuery.builder().sort(ReportColumn.SYNC_ID, SortDirection.ASC);
    }

    @Test
    void defaultWindowIsFiveDaysAndExcludesSixDayOldEntry() {
        ReportPage page = store.query(ReportQuery.builder().build());

        assertThat(page.entries()).extracting(ReportEntry::syncId).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void windowFollowsTheStoreClock() {
        clock.advance(Duration.ofDays(2).plusHours(1)); // entry 5 is now 4 days 1 hour old

        assertThat(ids(q())).containsExactly(1L, 2L, 3L, 4L, 5L);
        clock.advance(Duration.ofDays(1));
        assertThat(ids(q())).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void windowOfFifteenDaysShowsOlderEntries() {
        assertThat(ids(q().lastDays(15))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(ids(q().window(Duration.ofDays(7)))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void windowLongerThanFifteenDaysIsRejected() {
        assertThatThrownBy(() -> ReportQuery.builder().lastDays(16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window").hasMessageContaining("15 days");
        assertThatThrownBy(() -> ReportQuery.builder().window(Duration.ofDays(15).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> ReportQuery.builder().between(NOW.minus(Duration.ofDays(16)), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }

    @Test
    void absoluteWindowSelectsByCreationTime() {
        assertThat(ids(q().between(NOW.minus(Duration.ofDays(11)), NOW.minus(Duration.ofDays(1)))))
                .containsExactly(5L, 6L, 7L); // to is exclusive: entry 4 was created exactly at NOW - 1 day
        assertThat(ids(q().lastDays(15).asOf(NOW.minus(Duration.ofDays(5))))).containsExactly(6L, 7L);
    }

    @Test
    void searchBoxMatchesSystemReferenceOrSyncId() {
        assertThat(ids(q().search("SHOPIFY"))).containsExactly(1L, 2L, 3L);
        assertThat(ids(q().search("yellow"))).containsExactly(1L, 4L);
        assertThat(ids(q().search("4"))).containsExactly(4L);
        assertThat(ids(q().search("nothing-like-this"))).isEmpty();
    }

    @Test
    void searchBySystemExactOrContainsIgnoringCase() {
        assertThat(ids(q().system("CRM → ERP"))).containsExactly(4L, 5L);
        assertThat(ids(q().system("crm"))).isEmpty();
        assertThat(ids(q().systemContains("Crm"))).containsExactly(4L, 5L);
        assertThat(ids(q().systemContains("→ erp"))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void searchBySyncId() {
        assertThat(ids(q().syncId(2))).containsExactly(2L);
        assertThat(ids(q().syncIds(List.of(1L, 3L, 6L, 99L)))).containsExactly(1L, 3L); // 6 is outside the window
    }

    @Test
    void searchByReferenceExactOrContainsIgnoringCase() {
        assertThat(ids(q().reference("demotest-ss-yellow"))).containsExactly(1L);
        assertThat(ids(q().reference("demotest-ss"))).isEmpty();
        assertThat(ids(q().referenceContains("YeLLow"))).containsExactly(1L, 4L);
        assertThat(ids(q().referenceContains("ss-"))).containsExactly(1L, 2L);
    }

    @Test
    void filtersOnEveryColumn() {
        assertThat(ids(q().statuses(FAILED, PENDING))).containsExactly(2L, 3L);
        assertThat(ids(q().entity("customers"))).containsExactly(3L, 5L);
        assertThat(ids(q().runId("r2"))).containsExactly(4L, 5L);
        assertThat(ids(q().runIds(List.of("r1", "r3")).lastDays(15))).containsExactly(1L, 2L, 3L, 7L);
        assertThat(ids(q().attempts(2, 5))).containsExactly(2L, 3L);
        assertThat(ids(q().messageContains("DOWN"))).containsExactly(3L);
        assertThat(ids(q().sourceId("o-2"))).containsExactly(2L);
        assertThat(ids(q().endpointId("dest-c-2"))).containsExactly(5L);
        assertThat(ids(q().updatedBetween(NOW.minus(Duration.ofDays(1)), NOW.minusSeconds(7200)))).containsExactly(3L, 4L);
        assertThat(ids(q().entity("orders").statuses(List.of(OK)).lastDays(15))).containsExactly(1L, 7L);
        assertThat(ids(q().entity("no-such-entity"))).isEmpty();
    }

    @Test
    void countsByStatusOverTheWholeMatch() {
        assertThat(store.countByStatus(ReportQuery.builder().pageSize(1).build()))
                .containsEntry(OK, 2L).containsEntry(SENT, 1L).containsEntry(PENDING, 1L).containsEntry(FAILED, 1L);
        assertThat(store.count(ReportQuery.builder().lastDays(15).build())).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(ReportColumn.class)
    void sortsOnEveryColumnBothWaysWithTiesBrokenBySyncId(ReportColumn column) {
        store.write(List.of(write("r3", "crm → erp", "orders", "o-5", null, OK, 3, null, NOW.minusSeconds(60)),
                write("r3", "crm → erp", "orders", "o-6", "ALICE", OK, 1, null, NOW.minusSeconds(60))));
        List<ReportEntry> all = store.query(q().lastDays(15).pageSize(100).build()).entries();
        for (SortDirection direction : SortDirection.values()) {
            Comparator<ReportEntry> order = Comparator.comparing(key(column), Comparator.nullsFirst(Comparator.naturalOrder()));
            order = order.thenComparing(ReportEntry::syncId);
            List<Long> expected = all.stream().sorted(direction == SortDirection.ASC ? order : order.reversed())
                    .map(ReportEntry::syncId).toList();

            List<Long> paged = new ArrayList<>();
            ReportQuery query = ReportQuery.builder().lastDays(15).sort(column, direction).pageSize(2).build();
            String cursor = null;
            do {
                ReportPage page = store.query(query.after(cursor));
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
        ReportQuery query = ReportQuery.builder().pageSize(2).build();
        ReportPage first = store.query(query);
        ReportPage second = store.query(query.after(first.nextCursor()));
        ReportPage third = store.query(query.after(second.nextCursor()));

        assertThat(first.entries()).extracting(ReportEntry::syncId).containsExactly(5L, 4L);
        assertThat(second.entries()).extracting(ReportEntry::syncId).containsExactly(3L, 2L);
        assertThat(third.entries()).extracting(ReportEntry::syncId).containsExactly(1L);
        assertThat(List.of(first.total(), second.total(), third.total())).containsOnly(5L);
        assertThat(third.next()).isEmpty();
    }

    @Test
    void cursorOfAnotherSortOrGarbageIsRejected() {
        String cursor = store.query(ReportQuery.builder().pageSize(1).build()).nextCursor();

        assertThatThrownBy(() -> store.query(ReportQuery.builder().sort(ReportColumn.STATUS, SortDirection.DESC).after(cursor).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another sort");
        assertThatThrownBy(() -> store.query(ReportQuery.builder().after("not a cursor!").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    void laterOutcomeOfSameRecordUpdatesItsEntry() {
        long before = store.size();
        List<Long> ids = store.write(List.of(write("r2", "crm → erp", "orders", "o-3", "yellow-submarine", OK, 1, null,
                NOW.minusSeconds(60))));

        ReportEntry entry = store.get(4).orElseThrow();
        assertThat(ids).containsExactly(4L);
        assertThat(store.size()).isEqualTo(before);
        assertThat(entry.status()).isEqualTo(OK);
        assertThat(entry.created()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(entry.updated()).isEqualTo(NOW.minusSeconds(60));
        assertThat(entry.latestSync()).isEqualTo(new LatestSyncInfo(NOW.minusSeconds(60), OK, "r2"));
    }

    @Test
    void sameKeyInAnotherRunOrEntityIsAnotherEntry() {
        List<Long> ids = store.write(List.of(write("r9", "crm → erp", "orders", "o-3", "x", OK, 1, null, NOW),
                write("r2", "crm → erp", "customers", "o-3", "x", OK, 1, null, NOW),
                write("r2", "crm → erp", "orders", null, "bad row", FAILED, 0, "no key", NOW),
                write("r2", "crm → erp", "orders", null, "bad row", FAILED, 0, "no key", NOW)));

        assertThat(ids).containsExactly(8L, 9L, 10L, 11L);
        assertThat(store.size()).isEqualTo(11);
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
        ReportQuery query = ReportQuery.builder().lastDays(15).sort(ReportColumn.ATTEMPTS, SortDirection.DESC).pageSize(1).build();
        List<Long> streamed;
        try (var s = store.stream(query)) {
            streamed = s.map(ReportEntry::syncId).toList();
        }
        assertThat(streamed).containsExactly(2L, 6L, 7L, 3L, 5L, 4L, 1L);
    }
}
