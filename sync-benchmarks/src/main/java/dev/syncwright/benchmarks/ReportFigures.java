package dev.syncwright.benchmarks;

import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportPage;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.reporting.export.CsvExporter;
import dev.syncwright.reporting.export.ExportRequest;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.testkit.FaultyDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sync report's figures: engine throughput while every record is reported, the in-memory store's heap
 * per entry, query and count times on a full store, CSV export speed, and the cost of retries.
 *
 * <p>The store is filled the way a long-running host fills it ({@link ReportFill}): entries created over the
 * last four days by 20 runs.
 */
final class ReportFigures {
    static final int ENTITIES = ReportFill.ENTITIES;
    static final int RUNS = 20;

    private final EngineFigures engine;
    private final Instant now = Instant.parse("2026-11-20T12:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    ReportFigures(EngineFigures engine) {
        this.engine = engine;
    }

    /** Records/s through the engine with a fresh in-memory report recording every outcome. */
    double engineReportRps(InMemorySource source, DestinationConnector destination) throws Exception {
        InMemoryReportStore store = new InMemoryReportStore(Clock.systemUTC());
        double rps = engine.engineRps(source, destination, store);
        if (store.size() != source.entities().stream().mapToLong(e -> e.estimatedCount().orElse(0)).sum()) {
            throw new IllegalStateException("the report holds " + store.size() + " entries, not one per record");
        }
        return rps;
    }

    double engineReportRps(InMemorySource source) throws Exception {
        return engineReportRps(source, new InMemoryDestination());
    }

    /** The same against a destination that answers a share of records PENDING (retried at once). */
    double engineReportRps(InMemorySource source, double transientRate, long seed) throws Exception {
        return engineReportRps(source, FaultyDestination.builder().seed(seed).transientRate(transientRate).build());
    }

    /** A store holding {@code entries} entries created over the last four days, written through its journal. */
    InMemoryReportStore fill(int entries) {
        InMemoryReportStore store = new InMemoryReportStore(clock);
        ReportFill.fill(store, entries, RUNS, now.minus(Duration.ofDays(4)), Duration.ofDays(4).toNanos() / entries);
        return store;
    }

    /**
     * Fills a store and measures the heap it retains per entry: used heap after full collections with the
     * store filled, minus before, over the entries; {@code samples} measurements of the same store, the
     * median kept as {@code report_bytes_per_entry}.
     *
     * @return the filled store, for the query figures
     */
    InMemoryReportStore fillAndMeasure(int entries, int samples, Figures figures) throws Exception {
        long before = usedAfterGc();
        InMemoryReportStore store = fill(entries);
        figures.measure("report_bytes_per_entry", Figures.Goal.atMost(100), 0, samples,
                () -> (usedAfterGc() - before) / (double) store.size());
        return store;
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** FAILED entries, newest first, first page of 50. */
    double queryStatusSortedMs(ReportStore store) {
        return timedQuery(store, ReportFilter.builder().statuses(DeliveryStatus.FAILED).build(),
                PageRequest.first(ReportSort.by(ReportColumn.CREATED, SortDirection.DESC), 50));
    }

    /** References containing a string, first page. */
    double queryReferenceContainsMs(ReportStore store) {
        return timedQuery(store, ReportFilter.builder().referenceContains("00077").build(), PageRequest.first(50));
    }

    private static double timedQuery(ReportStore store, ReportFilter filter, PageRequest request) {
        long start = System.nanoTime();
        ReportPage page = store.query(filter, request);
        double ms = (System.nanoTime() - start) / 1e6;
        if (page.entries().isEmpty()) {
            throw new IllegalStateException("query matched nothing: " + filter);
        }
        return ms;
    }

    /** Counts per status in the default window (the last 5 days). */
    double countByStatusMs(ReportStore store) {
        long start = System.nanoTime();
        Map<DeliveryStatus, Long> counts = store.countByStatus(ReportFilter.builder().build());
        double ms = (System.nanoTime() - start) / 1e6;
        if (counts.get(DeliveryStatus.OK) == 0) {
            throw new IllegalStateException("no OK entries counted");
        }
        return ms;
    }

    /**
     * Rows/s exporting about {@code rows} matching entries (whole entities, sorted by sync id) to a CSV file.
     */
    double csvExportRps(ReportStore store, int rows, Path file) throws IOException {
        int entities = (int) Math.min(ENTITIES, Math.max(1, Math.round((double) rows * ENTITIES / store.size())));
        List<String> names = new ArrayList<>();
        for (int e = 0; e < entities; e++) {
            names.add("entity-" + e);
        }
        ExportRequest query = ExportRequest.of(ReportFilter.builder().entities(names).build())
                .sortedBy(ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC));
        long start = System.nanoTime();
        long written;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            written = new CsvExporter(store).export(query, out);
        }
        double s = EngineFigures.seconds(start);
        if (written == 0) {
            throw new IllegalStateException("export wrote no rows");
        }
        return written / s;
    }
}
