package dev.syncwright.reporting;

import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.spi.DeliveryStatus;
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
        Writes.add(store, List.of(
                TestEntry.ok("r", "e", "16d", NOW.minus(Duration.ofDays(16))),
                TestEntry.ok("r", "e", "15d1s", NOW.minus(Duration.ofDays(15)).minusSeconds(1)),
                TestEntry.ok("r", "e", "15d", NOW.minus(Duration.ofDays(15))),
                TestEntry.ok("r", "e", "14d", NOW.minus(Duration.ofDays(14))),
                TestEntry.ok("r", "e", "now", NOW)));
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
    void keptEntriesStillUpdateAfterAPurgeAndPurgedOnesStayPurged() {
        seedAges();
        new ReportRetention(store, Duration.ofDays(3), clock).purgeNow();

        // a later run finishes both: "now" (id 5) was kept, "16d" (id 1) was purged
        Writes.update(store, 5, new TestEntry("r2", "crm → erp", "e", "now", "NOW", null, DeliveryStatus.FAILED, 2,
                "rejected", NOW.plusSeconds(5)));
        Writes.update(store, 1, new TestEntry("r2", "crm → erp", "e", "16d", "16D", null, DeliveryStatus.FAILED, 2,
                "rejected", NOW.plusSeconds(5)));

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.get(1)).isEmpty();
        assertThat(store.get(5).orElseThrow()).satisfies(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.latestSync().runId()).isEqualTo("r2");
        });
        assertThat(Writes.add(store, TestEntry.ok("r3", "e", "16d", NOW.plusSeconds(6)))).as("a new entry gets a new id")
                .isEqualTo(6L);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void aPurgedOpenEntryIsStillFinishedByTheJournal() {
        long sent = Writes.add(store, new TestEntry("r", "crm → erp", "e", "k-sent", "K-SENT", null, DeliveryStatus.SENT, 1,
                null, NOW.minus(Duration.ofDays(16))));

        ReportRetention.defaults(store).purgeNow();

        assertThat(store.get(sent)).isEmpty();
        assertThat(store.checkpoints(Writes.SYNC).get("e").outstanding())
                .singleElement().satisfies(d -> {
                    assertThat(d.entryId()).isEqualTo(sent);
                    assertThat(d.key()).isEqualTo("k-sent");
                });

        Writes.update(store, sent, new TestEntry("r2", "crm → erp", "e", "k-sent", "K-SENT", "dest-1", DeliveryStatus.OK, 1,
                null, NOW));

        assertThat(store.checkpoints(Writes.SYNC).values()).allSatisfy(cp -> assertThat(cp.outstanding()).isEmpty());
        assertThat(store.get(sent)).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void purgeOfWholeChunksGivesMemoryBack() {
        List<TestEntry> old = new ArrayList<>();
        for (int i = 0; i < 140_000; i++) {
            old.add(TestEntry.ok("r", "e", "old-key-number-" + i, NOW.minus(Duration.ofDays(20))));
        }
        Writes.add(store, old);
        Writes.add(store, TestEntry.ok("r", "e", "fresh", NOW));
        long textBefore = store.textBytes();

        long removed = store.purgeOlderThan(NOW.minus(Duration.ofDays(15)));

        assertThat(removed).isEqualTo(140_000);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.textBytes()).isLessThan(textBefore);
        assertThat(store.get(140_001).orElseThrow().sourceId()).isEqualTo("fresh");
    }

    @Test
    void aPurgeKeepsTheRowsReservedForEntriesNotWrittenYet() {
        // given a chunk full of old entries but for the last few rows, reserved by a run that has not written them
        List<TestEntry> old = new ArrayList<>();
        int chunk = 1 << 16;
        for (int i = 0; i < chunk - 5; i++) {
            old.add(TestEntry.ok("r", "e", "old-" + i, NOW.minus(Duration.ofDays(20))));
        }
        Writes.add(store, old);
        long first = store.reserveEntryIds(10);

        // when a purge empties the chunk of its entries before the run writes its page
        store.purgeOlderThan(NOW.minus(Duration.ofDays(15)));
        List<dev.syncwright.core.journal.JournalEntry> page = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            page.add(dev.syncwright.core.journal.JournalEntry.of(first + i, "new-" + i, null, null, DeliveryStatus.OK, 1,
                    null, null, NOW, false));
        }
        store.write(new dev.syncwright.core.journal.JournalWrite("sync", "r2", "a → b", "e", page, null));

        // then every entry of the page is in the report
        assertThat(store.size()).isEqualTo(10);
        assertThat(store.getAll(java.util.stream.LongStream.range(first, first + 10).boxed().toList())).hasSize(10);
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
