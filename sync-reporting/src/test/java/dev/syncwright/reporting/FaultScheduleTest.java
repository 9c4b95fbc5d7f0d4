package dev.syncwright.reporting;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ConfirmationMode;
import dev.syncwright.testkit.FaultyDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Randomized fault schedules: each trial syncs a few entities into a {@link FaultyDestination} with random
 * transient and permanent failure rates, confirmations pushed or polled later (some never), outages, and
 * cancels at random points, then runs the sync again (sometimes on a new engine, as a restarted host would)
 * until a run completes. The report store is the engines' run journal. After each trial: every source record
 * is in the destination or FAILED with a reason in the report, nothing is left SENT or PENDING, no run counted
 * a record twice or made two entries for one record, every run ended and none left an entity PROCESSING.
 *
 * <p>{@code -Dsoak.trials=N} runs N trials (default 25); {@code -Dsoak.seed=S} starts from another seed. A
 * failure names its trial's seed: rerun it alone with {@code -Dsoak.seed=S -Dsoak.trials=1}.
 */
class FaultScheduleTest {
    private static final int MAX_RUNS = 60;

    @Test
    void everyRecordIsDeliveredOrFailedWithAReasonUnderRandomFaultsCancelsAndReruns() throws Exception {
        int trials = Integer.getInteger("soak.trials", 25);
        long firstSeed = Long.getLong("soak.seed", 20_261_123L);
        long records = 0;
        long runs = 0;
        for (int i = 0; i < trials; i++) {
            long seed = firstSeed + i;
            Trial trial = new Trial(seed);
            try {
                trial.run();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("trial with seed " + seed + " failed (rerun it with -Dsoak.seed=" + seed
                        + " -Dsoak.trials=1): " + trial + ": " + e.getMessage(), e);
            }
            records += trial.sourceRecords;
            runs += trial.runs;
        }
        System.out.printf("fault schedules: %d trials from seed %d, %d records, %d runs: 0 lost, 0 counted twice, 0 stuck%n",
                trials, firstSeed, records, runs);
    }

    /** One randomized schedule. */
    private static final class Trial {
        private final long seed;
        private final Random random;
        private final InMemorySource source;
        private final FaultyDestination destination;
        private final InMemoryReportStore report = new InMemoryReportStore(Clock.systemUTC());
        private final int batchSize;
        private final int parallelism;
        private final RetryPolicy policy;
        private final String description;
        final long sourceRecords;
        int runs;

        Trial(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            InMemorySource.Builder sb = InMemorySource.builder();
            int entities = 1 + random.nextInt(4);
            long total = 0;
            for (int e = 1; e <= entities; e++) {
                int n = 1 + random.nextInt(300);
                sb.entity("entity-" + e, n);
                total += n;
            }
            this.source = sb.build();
            this.sourceRecords = total;
            FaultyDestination.Builder db = FaultyDestination.builder().seed(seed)
                    .transientRate(random.nextDouble() * 0.3).permanentRate(random.nextDouble() * 0.05);
            int mode = random.nextInt(3);
            if (mode > 0) {
                db.confirmLater(mode == 1 ? ConfirmationMode.PUSH : ConfirmationMode.POLL,
                        Duration.ofMillis(random.nextInt(20)), random.nextDouble() * 0.2);
            }
            if (random.nextBoolean()) {
                Instant from = Instant.now().plusMillis(random.nextInt(50));
                db.outage(from, from.plusMillis(1 + random.nextInt(100)));
            }
            this.destination = db.build();
            this.batchSize = 1 + random.nextInt(60);
            this.parallelism = 1 + random.nextInt(3);
            this.policy = RetryPolicy.builder().maxRetries(random.nextInt(5)).initialBackoff(Duration.ofMillis(1))
                    .maxBackoff(Duration.ofMillis(1 + random.nextInt(10))).build();
            this.description = entities + " entities, " + total + " records, batch " + batchSize + ", parallelism "
                    + parallelism + ", " + (mode == 0 ? "OK at once" : mode == 1 ? "pushed confirmations" : "polled confirmations")
                    + ", " + policy;
        }

        private SyncEngine newEngine() {
            return SyncEngine.builder().parallelism(parallelism).batchSize(batchSize).journal(report)
                    .retryPolicy(policy).confirmationTimeout(Duration.ofMillis(20 + random.nextInt(80)))
                    .confirmationPollInterval(Duration.ofMillis(5)).build();
        }

        void run() throws Exception {
            List<SyncResult> results = new ArrayList<>();
            Map<String, Map<String, Map<Long, String>>> reported = new HashMap<>();
            SyncEngine engine = newEngine();
            try {
                while (true) {
                    if (++runs > MAX_RUNS) {
                        fail("no run completed the sync in " + MAX_RUNS + " runs");
                    }
                    // cancel after a random number of outcome batches, or not at all
                    int cancelAfter = random.nextInt(4) == 0 ? -1 : random.nextInt(12);
                    CancelAfter canceller = new CancelAfter(cancelAfter);
                    SyncExecution run = engine.start(SyncRequest.builder("soak").source(source).destination(destination)
                            .listener(canceller).build());
                    canceller.run = run;
                    if (canceller.shouldCancelNow()) {
                        run.cancel();
                    }
                    SyncResult result;
                    try {
                        result = run.await(Duration.ofSeconds(60));
                    } catch (TimeoutException e) {
                        throw new AssertionError("run " + runs + " did not end within 60 s: " + run.progress());
                    }
                    results.add(result);
                    reported.put(result.progress().runId(), canceller.reported);
                    assertThat(result.progress().entities()).as("entities of run %d", runs)
                            .noneMatch(p -> p.status() == EntityStatus.PROCESSING);
                    assertThat(result.status()).as("run %d", runs).isNotEqualTo(RunStatus.FAILED);
                    if (result.status() != RunStatus.CANCELLED) {
                        break;
                    }
                    if (random.nextInt(3) == 0) { // a restarted host: a new engine on the same journal
                        engine.close();
                        engine = newEngine();
                    }
                }
            } finally {
                engine.close();
            }
            List<ReportEntry> entries;
            try (Stream<ReportEntry> all = report.stream(ReportFilter.builder().window(Duration.ofDays(1)).build(),
                    ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC))) {
                entries = all.toList();
            }
            checkNothingLeftOpen(entries, results.get(results.size() - 1));
            checkNothingLost(entries);
            checkOneEntryPerRecordAndRun(entries);
            checkCountedOnce(entries, results, reported);
        }

        /** After a run that was not cancelled, every delivery is final: nothing SENT or PENDING, nothing owed. */
        private void checkNothingLeftOpen(List<ReportEntry> entries, SyncResult last) {
            assertThat(entries).as("entries still SENT or PENDING after run %s ended %s", last.progress().runId(),
                    last.status()).filteredOn(e -> !e.status().isFinal()).isEmpty();
            for (EntityCheckpoint cp : report.checkpoints("soak").values()) {
                assertThat(cp.outstanding()).as("open journal entries of %s", cp.entity()).isEmpty();
            }
        }

        /** Every source record is in the destination, or has a FAILED entry with a reason in the report. */
        private void checkNothingLost(List<ReportEntry> entries) {
            Map<String, Set<String>> failedWithReason = new HashMap<>();
            entries.stream().filter(e -> e.status() == DeliveryStatus.FAILED && e.message() != null && !e.message().isBlank())
                    .forEach(e -> failedWithReason.computeIfAbsent(e.entity(), k -> new HashSet<>()).add(e.sourceId()));
            List<String> lost = new ArrayList<>();
            for (var descriptor : source.entities()) {
                String entity = descriptor.name();
                Map<String, SyncRecord> stored = destination.stored(entity);
                for (SyncRecord r : source.records(entity)) {
                    if (!stored.containsKey(r.key()) && !failedWithReason.getOrDefault(entity, Set.of()).contains(r.key())) {
                        lost.add(entity + "/" + r.key());
                    }
                }
            }
            assertThat(lost).as("records neither delivered nor FAILED with a reason").isEmpty();
        }

        /**
         * A run makes at most one entry per record, and updates an entry an earlier run left open instead of
         * adding another: no record has two entries made by the same run, or two last touched by the same run.
         */
        private void checkOneEntryPerRecordAndRun(List<ReportEntry> entries) {
            Map<List<String>, Long> created = new HashMap<>();
            Map<List<String>, Long> touched = new HashMap<>();
            for (ReportEntry e : entries) {
                created.merge(List.of(e.entity(), e.sourceId(), e.runId()), 1L, Long::sum);
                touched.merge(List.of(e.entity(), e.sourceId(), e.latestSync().runId()), 1L, Long::sum);
            }
            assertThat(created).as("entries per (entity, key, run that made it)")
                    .allSatisfy((k, n) -> assertThat(n).as("%s", k).isOne());
            assertThat(touched).as("entries per (entity, key, run that last wrote it)")
                    .allSatisfy((k, n) -> assertThat(n).as("%s", k).isOne());
        }

        /**
         * Each run counts a record once, and its figures agree with what it committed to the journal: per entity,
         * {@code records()} equals the delivery counts and the number of distinct entries the run reported; every
         * entry a run made or last wrote is one it reported; every entry it reported is in the report, for the
         * same entity and key; the last run's entries are exactly those it last wrote.
         */
        private void checkCountedOnce(List<ReportEntry> entries, List<SyncResult> results,
                                      Map<String, Map<String, Map<Long, String>>> reported) {
            Map<Long, ReportEntry> byId = new HashMap<>();
            entries.forEach(e -> byId.put(e.syncId(), e));
            for (SyncResult result : results) {
                String run = result.progress().runId();
                Map<String, Map<Long, String>> ofRun = reported.get(run);
                for (EntityProgress p : result.progress().entities()) {
                    Map<Long, String> ids = ofRun.getOrDefault(p.entity(), Map.of());
                    assertThat(p.deliveries().total()).as("delivery counts of %s in run %s", p.entity(), run)
                            .isEqualTo(p.records());
                    assertThat(p.records()).as("records of %s in run %s vs the entries it reported", p.entity(), run)
                            .isEqualTo(ids.size());
                    ids.forEach((id, key) -> {
                        ReportEntry e = byId.get(id);
                        assertThat(e).as("entry %d reported by run %s", id, run).isNotNull();
                        assertThat(e.entity()).as("entity of entry %d", id).isEqualTo(p.entity());
                        assertThat(e.sourceId()).as("key of entry %d", id).isEqualTo(key);
                    });
                }
                Set<Long> all = new HashSet<>();
                ofRun.values().forEach(ids -> all.addAll(ids.keySet()));
                for (ReportEntry e : entries) {
                    if (e.runId().equals(run) || e.latestSync().runId().equals(run)) {
                        assertThat(all).as("entries run %s made or last wrote, vs those it reported", run)
                                .contains(e.syncId());
                    }
                }
                if (result == results.get(results.size() - 1)) {
                    List<Long> lastWritten = entries.stream().filter(e -> e.latestSync().runId().equals(run))
                            .map(ReportEntry::syncId).toList();
                    assertThat(lastWritten).as("entries last written by the last run %s", run)
                            .containsExactlyInAnyOrderElementsOf(all);
                }
            }
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + description;
        }
    }

    /**
     * Cancels its run once it has seen a given number of outcome batches; remembers, by entity, the entries the
     * run reported outcomes for (entry id to record key).
     */
    private static final class CancelAfter implements SyncListener {
        private final int batches;
        private final AtomicInteger seen = new AtomicInteger();
        final Map<String, Map<Long, String>> reported = new ConcurrentHashMap<>();
        volatile SyncExecution run;

        CancelAfter(int batches) {
            this.batches = batches;
        }

        boolean shouldCancelNow() {
            return batches >= 0 && seen.get() >= batches;
        }

        @Override
        public void onRecordOutcomes(RunInfo info, List<RecordOutcome> outcomes) {
            for (RecordOutcome o : outcomes) {
                reported.computeIfAbsent(o.entity(), k -> new ConcurrentHashMap<>()).put(o.entryId(), o.key());
            }
            if (seen.incrementAndGet() >= batches && batches >= 0) {
                SyncExecution r = run;
                if (r != null) {
                    r.cancel();
                }
            }
        }
    }
}
