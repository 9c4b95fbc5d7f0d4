package dev.syncwright.reporting;

import dev.syncwright.core.journal.RunJournal;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Randomized fault schedules: each trial syncs a few entities into a {@link FaultyDestination} with random
 * transient and permanent failure rates, confirmations pushed or polled later (some never), outages, and
 * cancels at random points, then runs the sync again (sometimes on a new engine, as a restarted host would)
 * until a run completes. After each trial: every source record is in the destination or FAILED with a reason
 * in the report, no run counted a record twice, every run ended and none left an entity PROCESSING.
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
        private final RunJournal checkpoints = RunJournal.inMemory();
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
            return SyncEngine.builder().parallelism(parallelism).batchSize(batchSize).journal(checkpoints)
                    .retryPolicy(policy).confirmationTimeout(Duration.ofMillis(20 + random.nextInt(80)))
                    .confirmationPollInterval(Duration.ofMillis(5)).listener(new ReportingListener(report, Clock.systemUTC()))
                    .build();
        }

        void run() throws Exception {
            List<SyncResult> results = new ArrayList<>();
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
                    assertThat(result.progress().entities()).as("entities of run %d", runs)
                            .noneMatch(p -> p.status() == EntityStatus.PROCESSING);
                    assertThat(result.status()).as("run %d", runs).isNotEqualTo(RunStatus.FAILED);
                    if (result.status() != RunStatus.CANCELLED) {
                        break;
                    }
                    if (random.nextInt(3) == 0) { // a restarted host: a new engine on the same stores
                        engine.close();
                        engine = newEngine();
                    }
                }
            } finally {
                engine.close();
            }
            checkNothingLost();
            checkCountedOnce(results);
        }

        /** Every source record is in the destination, or has a FAILED entry with a reason in the report. */
        private void checkNothingLost() {
            Map<String, Set<String>> failedWithReason = new HashMap<>();
            try (Stream<ReportEntry> entries = report.stream(ReportQuery.builder().window(Duration.ofDays(1)).build())) {
                entries.filter(e -> e.status() == DeliveryStatus.FAILED && e.message() != null && !e.message().isBlank())
                        .forEach(e -> failedWithReason.computeIfAbsent(e.entity(), k -> new HashSet<>()).add(e.sourceId()));
            }
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

        /** Each run counts a record once: its figures equal the number of distinct records it reported. */
        private void checkCountedOnce(List<SyncResult> results) {
            Map<String, Map<String, Long>> entriesByRunAndEntity = new HashMap<>();
            try (Stream<ReportEntry> entries = report.stream(ReportQuery.builder().window(Duration.ofDays(1)).build())) {
                entries.forEach(e -> entriesByRunAndEntity.computeIfAbsent(e.runId(), k -> new HashMap<>())
                        .merge(e.entity(), 1L, Long::sum));
            }
            for (SyncResult result : results) {
                for (EntityProgress p : result.progress().entities()) {
                    assertThat(p.deliveries().total()).as("delivery counts of %s", p.entity()).isEqualTo(p.records());
                    long reported = entriesByRunAndEntity.getOrDefault(result.progress().runId(), Map.of())
                            .getOrDefault(p.entity(), 0L);
                    assertThat(p.records()).as("records of %s in run %s vs its report entries", p.entity(),
                            result.progress().runId()).isEqualTo(reported);
                }
            }
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + description;
        }
    }

    /** Cancels its run once it has seen a given number of outcome batches. */
    private static final class CancelAfter implements SyncListener {
        private final int batches;
        private final AtomicInteger seen = new AtomicInteger();
        volatile SyncExecution run;

        CancelAfter(int batches) {
            this.batches = batches;
        }

        boolean shouldCancelNow() {
            return batches >= 0 && seen.get() >= batches;
        }

        @Override
        public void onRecordOutcomes(RunInfo info, List<RecordOutcome> outcomes) {
            if (seen.incrementAndGet() >= batches && batches >= 0) {
                SyncExecution r = run;
                if (r != null) {
                    r.cancel();
                }
            }
        }
    }
}
