package dev.syncwright.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.benchmarks.Figures.Goal;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.store.jdbc.JdbcDialect;
import dev.syncwright.store.jdbc.JdbcStores;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDBC store's figures: the engine with the PostgreSQL journal against the in-memory one, and the report's
 * queries, counts and CSV export on a PostgreSQL report (filled with COPY) and on an H2 file report (filled through
 * the store's journal), with the heap of the exporting JVM watched.
 *
 * <p>PostgreSQL comes from {@code SYNCWRIGHT_PG_URL} / {@code SYNCWRIGHT_PG_USER} (start one as {@code .ci/run}
 * does: {@code eval "$(.ci/start-postgres.sh)"}); without it the PostgreSQL figures are left out. The benchmark
 * works in its own schemas ({@code syncwright_bench_*}) and keeps the filled report between runs, so a second run
 * does not fill it again.
 */
final class JdbcFigures {
    private static final String REPORT_SCHEMA = "syncwright_bench_report";
    private static final String JOURNAL_SCHEMA = "syncwright_bench_journal";
    private static final int ENTITIES = 10;
    private static final int RECORDS_PER_ENTITY = 100_000;
    private static final int BATCH = 500;

    private final ReportFigures report;
    private final Instant now = Instant.parse("2026-11-20T12:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private int syncs;

    JdbcFigures(ReportFigures report) {
        this.report = report;
    }

    /** Measures every JDBC figure into {@code figures}. */
    void measure(Figures figures, int pgEntries, int h2Entries, int warmups, int runs) throws Exception {
        figures.parameter("jdbc_engine_records", ENTITIES * RECORDS_PER_ENTITY);
        figures.parameter("jdbc_postgresql_report_entries", pgEntries);
        figures.parameter("jdbc_h2_report_entries", h2Entries);
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        if (url == null || url.isBlank()) {
            System.out.println("  SYNCWRIGHT_PG_URL is not set: PostgreSQL figures left out (eval \"$(.ci/start-postgres.sh)\")");
        } else {
            try (HikariDataSource pg = pool(url, user())) {
                journalVsMemory(figures, "jdbc_journal_vs_memory", pg, Goal.atLeast(0.5), warmups, runs);
                reportFigures(figures, "pg_", pg, pgEntries, runs, true);
            }
        }
        Path h2Folder = Files.createTempDirectory("syncwright-bench-h2");
        try (HikariDataSource h2 = pool("jdbc:h2:file:" + h2Folder.resolve("bench").toAbsolutePath(), "sa")) {
            journalVsMemory(figures, "jdbc_journal_vs_memory_h2", h2, Goal.NONE, warmups, runs);
            reportFigures(figures, "h2_", h2, h2Entries, runs, false);
        } finally {
            try (var files = Files.walk(h2Folder)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The same engine run (10 entities of 100,000 records, in-memory source and destination, the engine's default
     * parallelism of 4, batches of 500) with the database journal and with a fresh in-memory report store, run
     * alternately; the ratio of the medians.
     */
    private void journalVsMemory(Figures figures, String name, HikariDataSource db, Goal goal, int warmups, int runs)
            throws Exception {
        String prefix = name.endsWith("_h2") ? "h2_" : "pg_";
        InMemorySource source = InMemorySource.builder().entities(ENTITIES, RECORDS_PER_ENTITY).build();
        double[] memory = new double[runs];
        double[] database = new double[runs];
        for (int i = -warmups; i < runs; i++) {
            settle();
            double m = engineRps(source, new InMemoryReportStore(Clock.systemUTC()));
            settle();
            double d = engineRps(source, freshStores(db, JOURNAL_SCHEMA, Clock.systemUTC()).reportStore());
            if (i >= 0) {
                memory[i] = m;
                database[i] = d;
            }
        }
        double mem = put(figures, prefix + "engine_memory_rps", memory, Goal.NONE);
        double jdbc = put(figures, prefix + "engine_journal_rps", database, Goal.NONE);
        figures.put(name, jdbc / mem, goal);
        System.out.printf(Locale.ROOT, "  %-28s %16s%n", name, Figures.fmt(jdbc / mem));
    }

    private double engineRps(InMemorySource source, ReportStore journal) throws Exception {
        try (SyncEngine engine = SyncEngine.builder().batchSize(BATCH).journal(journal).build()) {
            long start = System.nanoTime();
            SyncResult result = engine.start(SyncRequest.builder("jdbc-bench-" + ++syncs).source(source)
                    .destination(new InMemoryDestination()).build()).await();
            double s = EngineFigures.seconds(start);
            if (result.status() != RunStatus.COMPLETED || result.progress().records() != (long) ENTITIES * RECORDS_PER_ENTITY) {
                throw new IllegalStateException("benchmark run ended " + result.status() + ": " + result.failure());
            }
            return result.progress().records() / s;
        }
    }

    /** The report's figures on a store of {@code entries} entries, filled as {@link ReportFigures} fills its own. */
    private void reportFigures(Figures figures, String prefix, HikariDataSource db, int entries, int runs,
                               boolean postgres) throws Exception {
        ReportStore store = filledStore(db, entries, postgres, figures, prefix);
        figures.measure(prefix + "query_status_sorted_ms", postgres ? Goal.atMost(100) : Goal.NONE, 2, runs,
                () -> report.queryStatusSortedMs(store));
        figures.measure(prefix + "count_by_status_ms", postgres ? Goal.atMost(50) : Goal.NONE, 2, runs,
                () -> report.countByStatusMs(store));
        figures.measure(prefix + "query_reference_contains_ms", postgres ? Goal.atMost(300) : Goal.NONE, 2, runs,
                () -> report.queryReferenceContainsMs(store));
        Path csv = Files.createTempFile("syncwright-export", ".csv");
        try {
            figures.measure(prefix + "csv_export_rps", postgres ? Goal.atLeast(300_000) : Goal.NONE, 1, runs,
                    () -> report.csvExportRps(store, 1_000_000, csv));
            HeapWatch.once(figures, prefix + "csv_export_", () -> report.csvExportRps(store, 1_000_000, csv));
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private ReportStore filledStore(HikariDataSource db, int entries, boolean postgres, Figures figures, String prefix)
            throws Exception {
        Instant first = now.minus(Duration.ofDays(4));
        long step = Duration.ofDays(4).toNanos() / entries;
        if (postgres) {
            JdbcStores stores = JdbcStores.builder(db).schema(REPORT_SCHEMA).clock(clock).createSchemaIfMissing(true).build();
            if (stores.reportStore().size() != entries) {
                stores = freshStores(db, REPORT_SCHEMA, clock);
                System.out.printf(Locale.ROOT, "  filling the PostgreSQL report with %,d entries (COPY)...%n", entries);
                double s = PostgresReportFill.fill(db, REPORT_SCHEMA, "\"" + REPORT_SCHEMA + "\".\"syncwright_entries\"",
                        entries, ReportFigures.RUNS, first, step);
                figures.put(prefix + "fill_seconds", s, Goal.NONE);
            }
            return stores.reportStore();
        }
        ReportStore store = freshStores(db, REPORT_SCHEMA, clock).reportStore();
        System.out.printf(Locale.ROOT, "  filling the H2 report with %,d entries through its journal...%n", entries);
        long start = System.nanoTime();
        ReportFill.fill(store, entries, ReportFigures.RUNS, first, step);
        figures.put(prefix + "fill_rps", entries / EngineFigures.seconds(start), Goal.NONE);
        return store;
    }

    private static JdbcStores freshStores(HikariDataSource db, String schema, Clock clock) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            s.execute("CREATE SCHEMA \"" + schema + "\"");
        }
        JdbcStores stores = JdbcStores.builder(db).schema(schema).clock(clock).createSchemaIfMissing(true).build();
        if (stores.dialect() == JdbcDialect.POSTGRESQL && !stores.referenceSearchIndexed()) {
            System.out.println("  note: pg_trgm is not available: reference searches scan their window");
        }
        return stores;
    }

    private static double put(Figures figures, String name, double[] samples, Goal goal) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        figures.put(name, median, goal);
        StringBuilder all = new StringBuilder();
        for (double s : samples) {
            all.append(all.length() == 0 ? "" : ", ").append(Figures.fmt(s));
        }
        System.out.printf(Locale.ROOT, "  %-28s %16s   (runs: %s)%n", name, Figures.fmt(median), all);
        return median;
    }

    private static void settle() {
        System.gc();
        System.gc();
    }

    private static String user() {
        String user = System.getenv("SYNCWRIGHT_PG_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        String password = System.getenv("SYNCWRIGHT_PG_PASSWORD");
        if (password != null && url.startsWith("jdbc:postgresql:")) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("syncwright-bench");
        return new HikariDataSource(config);
    }

    /**
     * The heap of this JVM during one more export, not timed: the heap used after full collections before and
     * after it, and the most still in use after the full collections forced every 250 ms while it runs (what the
     * export holds on to; garbage not yet collected left out). "In use after a collection" is what the collector
     * left in each heap pool, so what the export allocates after the collection does not count.
     */
    private static final class HeapWatch {
        private HeapWatch() {
        }

        static void once(Figures figures, String prefix, Figures.Measurement export) throws Exception {
            long before = usedAfterGc();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong max = new AtomicLong(before);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (running.get()) {
                        max.accumulateAndGet(usedAfterGc(), Math::max);
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            try {
                export.once();
            } finally {
                running.set(false);
                sampler.interrupt();
                sampler.join();
            }
            long after = usedAfterGc();
            put(figures, prefix + "heap_before_mb", before);
            put(figures, prefix + "heap_max_retained_mb", max.get());
            put(figures, prefix + "heap_after_mb", after);
        }

        private static void put(Figures figures, String name, long bytes) {
            figures.put(name, bytes / 1048576.0, Goal.NONE);
            System.out.printf(Locale.ROOT, "  %-28s %16s%n", name, Figures.fmt(bytes / 1048576.0));
        }

        /** @return the heap in use right after a full collection, as the collector measured it (the export goes on) */
        private static long usedAfterGc() {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                used += afterGc == null ? 0 : afterGc.getUsed();
            }
            return used;
        }
    }
}
