package dev.syncwright.reporting;

import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class PagingAcrossInsertsTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    private final InMemoryReportStore store = new InMemoryReportStore(new MutableClock(NOW));

    private void seed(int n) {
        List<TestEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // created times interleave so that CREATED order differs from sync id order
            batch.add(TestEntry.ok("seed", "e" + (i % 3), "k" + i, NOW.minusSeconds(10_000 - (i * 7919L) % 9_000)));
        }
        Writes.add(store, batch);
    }

    private List<Long> pageThrough(ReportFilter filter, PageRequest first, Runnable betweenPages) {
        List<Long> seen = new ArrayList<>();
        ReportCursor cursor = null;
        do {
            ReportPage page = store.query(filter, first.after(cursor));
            page.entries().forEach(e -> seen.add(e.syncId()));
            cursor = page.nextCursor();
            betweenPages.run();
        } while (cursor != null);
        return seen;
    }

    @Test
    void keysetCursorNeitherSkipsNorRepeatsWhenEntriesAreInsertedBetweenPages() {
        seed(500);
        int[] inserted = {0};
        for (ReportColumn column : List.of(ReportColumn.SYNC_ID, ReportColumn.CREATED, ReportColumn.ENTITY)) {
            for (SortDirection direction : SortDirection.values()) {
                PageRequest first = PageRequest.first(ReportSort.by(column, direction), 37);
                List<Long> seen = pageThrough(ReportFilter.builder().build(), first, () -> {
                    // new entries that sort both before and after the current position
                    int i = inserted[0]++;
                    Writes.add(store, List.of(TestEntry.ok("late", "e" + (i % 3), "a" + i, NOW.minusSeconds(i % 2 == 0 ? 9_999 : 1)),
                            TestEntry.ok("late", "e" + (i % 3), "b" + i, NOW.minusSeconds(5_000))));
                });

                assertThat(new HashSet<>(seen)).as(column + " " + direction).hasSize(seen.size());
                assertThat(seen).as(column + " " + direction).containsAll(range(1, 500));
            }
        }
    }

    @Test
    void pagingWhileAnotherThreadWritesSeesEveryEarlierEntryOnce() throws Exception {
        seed(2_000);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch writing = new CountDownLatch(1);
        try {
            Future<Integer> writes = writer.submit(() -> {
                int n = 0;
                // bounded, so that paging (which also sees the new entries that sort after it) reaches the end
                while (!stop.get() && n < 5_000) {
                    Writes.add(store, TestEntry.ok("late", "e1", "w" + n, NOW.minusSeconds(n % 9_000)));
                    int seeded = n % 2_000; // seed entry k<i> has sync id i + 1
                    Writes.update(store, seeded + 1, TestEntry.ok("late", "e" + (seeded % 3), "k" + seeded, NOW));
                    n++;
                    writing.countDown();
                }
                return n;
            });
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            List<Long> seen = pageThrough(ReportFilter.builder().build(),
                    PageRequest.first(ReportSort.by(ReportColumn.CREATED, SortDirection.ASC), 50), () -> { });
            stop.set(true);
            assertThat(writes.get(10, TimeUnit.SECONDS)).isPositive();

            assertThat(new HashSet<>(seen)).hasSize(seen.size());
            assertThat(seen).containsAll(range(1, 2_000));
        } finally {
            stop.set(true);
            writer.shutdownNow();
        }
    }

    @Test
    void totalCountsEntriesAddedWhilePaging() {
        seed(10);
        ReportFilter filter = ReportFilter.builder().window(Duration.ofDays(1)).build();
        ReportPage first = store.query(filter, PageRequest.first(4));
        Writes.add(store, TestEntry.ok("late", "e1", "x", NOW));
        ReportPage second = store.query(filter, PageRequest.first(4).after(first.nextCursor()));

        assertThat(first.total()).isEqualTo(10);
        assertThat(second.total()).isEqualTo(11);
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> s = new HashSet<>();
        for (long i = from; i <= to; i++) {
            s.add(i);
        }
        return s;
    }
}
