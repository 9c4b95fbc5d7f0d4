package dev.syncwright.reporting;

import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ReportRetentionTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryReportStore store = new InMemoryReportStore(clock);

    private void seedAges() {
        store.write(List.of(
                Writes.ok("r", "e", "16d", NOW.minus(Duration.ofDays(16))),
                Writes.ok("r", "e", "15d1s", NOW.minus(Duration.ofDays(15)).minusSeconds(1)),
                Writes.ok("r", "e", "15d", NOW.minus(Duration.ofDays(15))),
                Writes.ok("r", "e", "14d", NOW.minus(Duration.ofDays(14))),
                Writes.ok("r", "e", "now", NOW)));
        store.appendLog(List.of(
                new SyncLogEvent(NOW.minus(Duration.ofDays(20)), SyncLogLevel.ERROR, "r", "s", null, SyncLogKind.OTHER, "old", null),
                new SyncLogEvent(NOW, SyncLogLevel.ERROR, "r", "s", null, SyncLogKind.OTHER, "new", null)));
    }

    @Test
    void purgeRemovesOnlyEntriesPastRetention() {
        seedAges();

        long removed = ReportRetention.defaults(store).purgeNow(); // the system clock is years after NOW
        assertThat(removed).isEqualTo(5);

        seedAges();
        removed = new ReportRetention(store, ReportRetention.DEFAULT_RETENTION, clock).purgeNow();

        assertThat(removed).isEqualTo(2);
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.getAll(List.of(6L, 7L, 8L, 9L, 10L))).extracting(ReportEntry::sourceId)
                .containsExactly("15d", "14d", "now");
        assertThat(store.syncLog("r")).extracting(SyncLogEvent::message).containsExactly("new");
    }

    @Test
    void keysOfKeptEntriesStillUpdateAfterAPurge() {
        seedAges();
        new ReportRetention(store, Duration.ofDays(3), clock).purgeNow();

        List<Long> ids = store.write(List.of(Writes.ok("r", "e", "now", NOW.plusSeconds(5)),
                Writes.ok("r", "e", "16d", NOW.plusSeconds(5))));

        assertThat(ids).containsExactly(5L, 6L); // "now" was kept and is updated; "16d" was purged and is new
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void purgeOfWholeChunksGivesMemoryBack() {
        List<EntryWrite> old = new ArrayList<>();
        for (int i = 0; i < 140_000; i++) {
            old.add(Writes.ok("r", "e", "old-key-number-" + i, NOW.minus(Duration.ofDays(20))));
        }
        store.write(old);
        store.write(List.of(Writes.ok("r", "e", "fresh", NOW)));
        long textBefore = store.textBytes();

        long removed = store.purgeOlderThan(NOW.minus(Duration.ofDays(15)));

        assertThat(removed).isEqualTo(140_000);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.textBytes()).isLessThan(textBefore);
        assertThat(store.get(140_001).orElseThrow().sourceId()).isEqualTo("fresh");
    }

    @Test
    void scheduledPurgeRunsOnTheHostsScheduler() {
        seedAges();
        ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            ScheduledFuture<?> schedule = new ReportRetention(store, Duration.ofDays(15), clock)
                    .schedule(scheduler, Duration.ofMillis(10));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 3);
            clock.advance(Duration.ofDays(1).plusSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 1); // "15d" and "14d" are now past it
            schedule.cancel(false);
            assertThat(scheduler.isShutdown()).isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void retentionMustBePositive() {
        assertThatThrownBy(() -> new ReportRetention(store, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    }
}
