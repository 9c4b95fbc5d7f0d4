package dev.syncwright.benchmarks.jmh;

import dev.syncwright.reporting.EntryWrite;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportPage;
import dev.syncwright.reporting.ReportQuery;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.reporting.export.CsvExporter;
import dev.syncwright.spi.DeliveryStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory report store's hot paths: appending a batch of outcomes, the common queries on a store of
 * one million entries, and writing CSV. Run with {@code -prof gc} to see allocation per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ReportStoreBenchmark {
    private static final int BATCH = 500;
    private static final int ENTRIES = 1_000_000;
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    static EntryWrite write(String run, int i, Instant time) {
        int p = i % 100;
        DeliveryStatus status = p < 90 ? DeliveryStatus.OK : p < 95 ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
        return new EntryWrite(run, "crm → warehouse", "entity-" + (i % 10), String.format(Locale.ROOT, "KEY-%012d", i),
                String.format(Locale.ROOT, "REF-%012d", i), null, status, 1,
                status == DeliveryStatus.OK ? null : "rejected: field validation failed", time);
    }

    /** A fresh store per iteration, written batch after batch as the reporting listener does. */
    @State(Scope.Thread)
    public static class Appending {
        InMemoryReportStore store;
        List<List<EntryWrite>> batches;
        int next;

        @Setup(Level.Trial)
        public void prepare() {
            batches = new ArrayList<>();
            for (int b = 0; b < 2_000; b++) {
                List<EntryWrite> batch = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    batch.add(write("run-1", b * BATCH + i, NOW));
                }
                batches.add(batch);
            }
        }

        @Setup(Level.Iteration)
        public void freshStore() {
            store = new InMemoryReportStore(Clock.fixed(NOW, ZoneOffset.UTC));
            next = 0;
        }

        List<EntryWrite> nextBatch() {
            List<EntryWrite> batch = batches.get(next);
            next = (next + 1) % batches.size(); // after a full round the same keys update their entries
            return batch;
        }
    }

    /** One million entries over the last four days. */
    @State(Scope.Benchmark)
    public static class Filled {
        InMemoryReportStore store;

        @Setup(Level.Trial)
        public void fill() {
            store = new InMemoryReportStore(Clock.fixed(NOW, ZoneOffset.UTC));
            long step = Duration.ofDays(4).toNanos() / ENTRIES;
            List<EntryWrite> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < ENTRIES; i++) {
                batch.add(write("run-" + i / 100_000, i, NOW.minus(Duration.ofDays(4)).plusNanos(step * i)));
                if (batch.size() == BATCH) {
                    store.write(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
        }
    }

    /** Discards characters, so the CSV benchmark measures formatting, not a disk. */
    static final class NullWriter extends Writer {
        long chars;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String str, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(BATCH)
    public List<Long> appendBatch(Appending state) {
        return state.store.write(state.nextBatch());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ReportPage queryStatusSortedByTime(Filled state) {
        return state.store.query(ReportQuery.builder().statuses(DeliveryStatus.FAILED)
                .sort(ReportColumn.CREATED, SortDirection.DESC).pageSize(50).build());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ReportPage queryReferenceContains(Filled state) {
        return state.store.query(ReportQuery.builder().referenceContains("00077").pageSize(50).build());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<DeliveryStatus, Long> countByStatus(Filled state) {
        return state.store.countByStatus(ReportQuery.builder().build());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long exportOneEntityAsCsv(Filled state) throws IOException {
        NullWriter out = new NullWriter();
        new CsvExporter(state.store).export(ReportQuery.builder().entity("entity-3")
                .sort(ReportColumn.SYNC_ID, SortDirection.ASC).build(), out);
        return out.chars;
    }
}
