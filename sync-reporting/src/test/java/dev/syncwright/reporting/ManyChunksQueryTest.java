package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store large enough for several storage chunks (65,536 entries each), some entries older than the default
 * window, a purge leaving holes: pages and counts, which use per-chunk statistics to skip work, must equal
 * what a plain scan of every entry gives.
 */
class ManyChunksQueryTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final int ENTRIES = 200_000;
    private static final DeliveryStatus[] STATUSES = DeliveryStatus.values();

    private final InMemoryReportStore store = new InMemoryReportStore(new MutableClock(NOW));
    private final List<Expected> expected = new ArrayList<>();

    private record Expected(long syncId, Instant created, DeliveryStatus status) {
    }

    @BeforeEach
    void fill() {
        // created times rise with the sync id, from 7 days ago (outside the default 5-day window) to now,
        // except every 1,000th entry, created about 4 days ago whatever its sync id: chunk time ranges overlap
        List<TestEntry> batch = new ArrayList<>();
        long step = Duration.ofDays(7).toNanos() / ENTRIES;
        for (int i = 0; i < ENTRIES; i++) {
            Instant created = i % 1000 == 999 ? NOW.minus(Duration.ofDays(4)).minusSeconds(i)
                    : NOW.minus(Duration.ofDays(7)).plusNanos(step * i);
            DeliveryStatus status = STATUSES[(i * 7 + i / 3) % STATUSES.length];
            batch.add(new TestEntry("run-" + i / 50_000, "a → b", "e", "k" + i, "R" + i, null, status, 1, null, created));
            if (batch.size() == 1000) {
                List<Long> ids = Writes.add(store, batch);
                for (int j = 0; j < ids.size(); j++) {
                    expected.add(new Expected(ids.get(j), batch.get(j).time(), batch.get(j).status()));
                }
                batch = new ArrayList<>();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReportColumn.class, names = {"CREATED", "SYNC_ID"})
    void statusFilteredPagesAndTotalsEqualAPlainScan(ReportColumn column) {
        for (SortDirection direction : SortDirection.values()) {
            ReportFilter filter = ReportFilter.builder().statuses(DeliveryStatus.FAILED, DeliveryStatus.PENDING).build();
            PageRequest request = PageRequest.first(ReportSort.by(column, direction), 50);
            Comparator<Expected> order = column == ReportColumn.CREATED
                    ? Comparator.comparing(Expected::created).thenComparingLong(Expected::syncId)
                    : Comparator.comparingLong(Expected::syncId);
            List<Long> all = expected.stream()
                    .filter(e -> e.status() == DeliveryStatus.FAILED || e.status() == DeliveryStatus.PENDING)
                    .filter(e -> !e.created().isBefore(NOW.minus(ReportFilter.DEFAULT_WINDOW)))
                    .sorted(direction == SortDirection.ASC ? order : order.reversed())
                    .map(Expected::syncId).toList();

            ReportPage first = store.query(filter, request);
            ReportPage second = store.query(filter, request.after(first.nextCursor()));

            assertThat(first.total()).isEqualTo(all.size());
            assertThat(first.entries()).extracting(ReportEntry::syncId).containsExactlyElementsOf(all.subList(0, 50));
            assertThat(second.entries()).extracting(ReportEntry::syncId).containsExactlyElementsOf(all.subList(50, 100));
        }
    }

    @Test
    void countsByStatusEqualAPlainScanAlsoAfterAPurge() {
        assertThat(store.countByStatus(ReportFilter.builder().build())).isEqualTo(scanCounts());

        store.purgeOlderThan(NOW.minus(Duration.ofDays(4)));
        expected.removeIf(e -> e.created().isBefore(NOW.minus(Duration.ofDays(4))));

        assertThat(store.countByStatus(ReportFilter.builder().build())).isEqualTo(scanCounts());
        assertThat(store.query(ReportFilter.builder().statuses(DeliveryStatus.OK).build(), PageRequest.first()).total())
                .isEqualTo(scanCounts().get(DeliveryStatus.OK));
    }

    private Map<DeliveryStatus, Long> scanCounts() {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus s : STATUSES) {
            counts.put(s, 0L);
        }
        for (Expected e : expected) {
            if (!e.created().isBefore(NOW.minus(ReportFilter.DEFAULT_WINDOW))) {
                counts.merge(e.status(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
