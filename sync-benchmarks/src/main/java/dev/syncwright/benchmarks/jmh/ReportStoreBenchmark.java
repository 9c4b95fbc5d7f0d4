package dev.syncwright.benchmarks.jmh;

import dev.syncwright.benchmarks.ReportFill;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportPage;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.export.ExportRequest;
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

    /** A fresh store per iteration, written page after page as the engine does: ids reserved, then one write. */
    @State(Scope.Thread)
    public static class Appending {
        InMemoryReportStore store;
        int next;

        @Setup(Level.Iteration)
        public void freshStore() {
            store = new InMemoryReportStore(Clock.fixed(NOW, ZoneOffset.UTC));
            next = 0;
        }

        JournalWrite nextPage() {
            long id = store.reserveEntryIds(BATCH);
            List<JournalEntry> entries = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                entries.add(ReportFill.entry(id + i, next++, NOW));
            }
            return new JournalWrite("bench", "run-1", ReportFill.SYSTEM, "entity-" + (next % 10), entries, null);
        }
    }

    /** One million entries over the last four days. */
    @State(Scope.Benchmark)
    public static class Filled {
        InMemoryReportStore store;

        @Setup(Level.Trial)
        public void fill() {
            store = new InMemoryReportStore(Clock.fixed(NOW, ZoneOffset.UTC));
            ReportFill.fill(store, ENTRIES, 10, NOW.minus(Duration.ofDays(4)), Duration.ofDays(4).toNanos() / ENTRIES);
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
    public InMemoryReportStore appendPage(Appending state) {
        state.store.write(state.nextPage());
        return state.store;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ReportPage queryStatusSortedByTime(Filled state) {
        return state.store.query(ReportFilter.builder().statuses(DeliveryStatus.FAILED).build(),
                PageRequest.first(ReportSort.by(ReportColumn.CREATED, SortDirection.DESC), 50));
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ReportPage queryReferenceContains(Filled state) {
        return state.store.query(ReportFilter.builder().referenceContains("00077").build(), PageRequest.first(50));
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<DeliveryStatus, Long> countByStatus(Filled state) {
        return state.store.countByStatus(ReportFilter.builder().build());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long exportOneEntityAsCsv(Filled state) throws IOException {
        NullWriter out = new NullWriter();
        new CsvExporter(state.store).export(ExportRequest.of(ReportFilter.builder().entity("entity-3").build())
                .sortedBy(ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC)), out);
        return out.chars;
    }
}
