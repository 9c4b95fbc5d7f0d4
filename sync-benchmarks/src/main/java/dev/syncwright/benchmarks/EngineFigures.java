package dev.syncwright.benchmarks;

import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The engine's figures: throughput against a hand-written loop, I/O parallelism, cancel latency. */
final class EngineFigures {
    private static final AtomicInteger SYNC_NAMES = new AtomicInteger();

    private final int batchSize;

    EngineFigures(int batchSize) {
        this.batchSize = batchSize;
    }

    /** The floor: read pages and write them, one thread, no engine. */
    double loopRps(InMemorySource source) {
        InMemoryDestination destination = new InMemoryDestination();
        long records = 0;
        long start = System.nanoTime();
        for (EntityDescriptor entity : source.entities()) {
            Checkpoint from = Checkpoint.START;
            Page page;
            do {
                page = source.read(entity, from, batchSize);
                List<DeliveryOutcome> outcomes = destination.write(entity, page.records());
                for (DeliveryOutcome o : outcomes) {
                    if (o.status() == DeliveryStatus.OK) {
                        records++;
                    }
                }
                from = page.next();
            } while (page.hasMore());
        }
        return records / seconds(start);
    }

    /** The same source and destination through the engine, one entity at a time. */
    double engineRps(InMemorySource source, DestinationConnector destination, RunJournal journal) throws Exception {
        SyncEngine.Builder builder = SyncEngine.builder().parallelism(1).batchSize(batchSize);
        if (journal != null) {
            builder.journal(journal);
        }
        try (SyncEngine engine = builder.build()) {
            long start = System.nanoTime();
            SyncResult result = engine.start(SyncRequest.builder("bench-" + SYNC_NAMES.incrementAndGet())
                    .source(source).destination(destination)
                    .retryPolicy(RetryPolicy.builder().maxRetries(10).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build())
                    .build()).await();
            double s = seconds(start);
            check(result);
            return result.progress().records() / s;
        }
    }

    double engineRps(InMemorySource source) throws Exception {
        return engineRps(source, new InMemoryDestination(), null);
    }

    /** 64 entities at once against a destination that takes 2 ms per batch: ideal wall time ÷ measured. */
    double ioParallelEfficiency(int entities, int batchesPerEntity, int recordsPerBatch, Duration latency) throws Exception {
        InMemorySource source = InMemorySource.builder().entities(entities, batchesPerEntity * recordsPerBatch)
                .fieldsPerRecord(1).build();
        ControllableDestination destination = new ControllableDestination();
        destination.latency(latency);
        try (SyncEngine engine = SyncEngine.builder().parallelism(entities).batchSize(recordsPerBatch).build()) {
            long start = System.nanoTime();
            check(engine.start(SyncRequest.builder("io-" + SYNC_NAMES.incrementAndGet()).source(source).destination(destination)
                    .build()).await());
            double measured = seconds(start);
            double ideal = batchesPerEntity * latency.toNanos() / 1e9;
            return ideal / measured;
        }
    }

    /**
     * The same wall-time ratio without the engine: {@code entities} threads that only sleep {@code latency}
     * {@code batchesPerEntity} times. It is the ceiling sleep-based latency allows on this machine.
     */
    double ioSleepCeiling(int entities, int batchesPerEntity, Duration latency) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(entities);
        try {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(entities);
            long start = System.nanoTime();
            for (int i = 0; i < entities; i++) {
                pool.execute(() -> {
                    try {
                        for (int b = 0; b < batchesPerEntity; b++) {
                            Thread.sleep(latency.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            done.await();
            return batchesPerEntity * latency.toNanos() / 1e9 / seconds(start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Milliseconds from cancel() to the run's completion, with 1,000-record batches taking 5 ms each. */
    double cancelLatencyMs(Supplier<InMemorySource> sources, Duration latency) throws Exception {
        InMemorySource source = sources.get();
        ControllableDestination destination = new ControllableDestination();
        destination.latency(latency);
        try (SyncEngine engine = SyncEngine.builder().parallelism(4).batchSize(1_000).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("cancel-" + SYNC_NAMES.incrementAndGet())
                    .source(source).destination(destination).build());
            while (run.progress().records() < 20_000) {
                Thread.onSpinWait();
            }
            long start = System.nanoTime();
            run.cancel();
            SyncResult result = run.await();
            double ms = (System.nanoTime() - start) / 1e6;
            if (result.status() != RunStatus.CANCELLED) {
                throw new IllegalStateException("expected a cancelled run, got " + result.status());
            }
            return ms;
        }
    }

    private static void check(SyncResult result) {
        if (result.status() != RunStatus.COMPLETED && result.status() != RunStatus.COMPLETED_WITH_ERRORS) {
            throw new IllegalStateException("benchmark run ended " + result.status() + ": " + result.failure());
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
