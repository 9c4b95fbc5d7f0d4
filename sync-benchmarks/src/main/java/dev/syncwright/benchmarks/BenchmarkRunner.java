package dev.syncwright.benchmarks;

import dev.syncwright.benchmarks.Figures.Goal;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.testkit.InMemorySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Measures Syncwright's end-to-end figures and writes them to {@code target/benchmark-results.json}.
 *
 * <pre>
 * --quick   (default) a couple of minutes; report-store figures at 1,000,000 entries
 * --full    the report-store figures at 10,000,000 entries (give the JVM a large heap)
 * --jdbc-only  only the JDBC store's figures (PostgreSQL from SYNCWRIGHT_PG_URL, H2 in a temporary file)
 * --connectors  only the connector figures: CSV source, CSV into PostgreSQL against COPY, JDBC source
 * --kafka-connect   only the Kafka Connect figures
 * --out F   where to write the JSON (default target/benchmark-results.json)
 * </pre>
 *
 * Each figure is the median of at least 5 measured runs after warm-up runs, all in this JVM.
 */
public final class BenchmarkRunner {
    private static final int WARMUPS = 2;
    private static final int RUNS = 5;
    private static final int BATCH = 500;

    private BenchmarkRunner() {
    }

    public static void main(String[] args) throws Exception {
        boolean full = false;
        boolean jdbcOnly = false;
        boolean connectorsOnly = false;
        boolean connectOnly = false;
        Path out = Path.of("target", "benchmark-results.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--quick" -> full = false;
                case "--jdbc-only" -> jdbcOnly = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--connectors" -> connectorsOnly = true;
                case "--kafka-connect" -> connectOnly = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "' (use --quick, --full, --connectors, --jdbc-only, --kafka-connect, --out FILE)");
            }
        }
        int engineRecords = 1_000_000;
        int reportEntries = full ? 10_000_000 : 1_000_000;
        Figures figures = new Figures();
        figures.parameter("mode", full ? "full" : "quick");
        figures.parameter("batch_size", BATCH);
        figures.parameter("engine_records", engineRecords);
        figures.parameter("report_entries", reportEntries);
        figures.parameter("warmups", WARMUPS);
        figures.parameter("runs", RUNS);
        System.out.printf(Locale.ROOT, "Syncwright benchmarks (%s mode) on %s %s, %d cores, max heap %,d MB%n",
                full ? "full" : "quick", System.getProperty("java.vendor"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        if (connectorsOnly) {
            ConnectorFigures.measure(figures, WARMUPS, RUNS);
            figures.printTable(System.out);
            figures.writeJson(out);
            System.out.println("\nWrote " + out.toAbsolutePath());
            return;
        }
        if (!connectOnly) {
            EngineFigures engine = new EngineFigures(BATCH);
            ReportFigures report = new ReportFigures(engine);
            if (!jdbcOnly) {
                measureEngineAndReport(figures, engine, report, engineRecords, reportEntries);
                ConnectorFigures.measure(figures, WARMUPS, RUNS);
            }
            // the JDBC store: PostgreSQL at the report size, H2 (a file) at one million entries in either mode
            new JdbcFigures(report).measure(figures, reportEntries, 1_000_000, WARMUPS, RUNS);
        }
        if (!jdbcOnly) {
            kafkaConnect(figures);
        }

        figures.printTable(System.out);
        figures.writeJson(out);
        System.out.println("\nWrote " + out.toAbsolutePath());
    }

    /** The same in-memory sync on the engine and on embedded Kafka Connect clusters of 1, 2 and 3 workers. */
    private static void kafkaConnect(Figures figures) throws Exception {
        int entities = 4;
        int perEntity = 50_000;
        figures.parameter("connect_records", entities * perEntity);
        try (ConnectFigures connect = new ConnectFigures(entities, perEntity, BATCH)) {
            double engineRps = figures.measure("connect_engine_rps", Goal.NONE, WARMUPS, RUNS, () -> connect.engine().rps());
            double engineCpu = figures.measure("connect_engine_cpu_us", Goal.NONE, 0, RUNS,
                    () -> connect.engine().cpuMicrosPerRecord());
            for (int workers = 1; workers <= 3; workers++) {
                connect.startCluster(workers);
                ConnectFigures.Cost[] runs = new ConnectFigures.Cost[4];
                int[] n = {0};
                String prefix = "connect_" + workers + "w";
                double rps = figures.measure(prefix + "_rps", Goal.NONE, 1, 3, () -> (runs[n[0]++] = connect.cluster()).rps());
                double[] cpu = {runs[1].cpuMicrosPerRecord(), runs[2].cpuMicrosPerRecord(), runs[3].cpuMicrosPerRecord()};
                java.util.Arrays.sort(cpu);
                figures.put(prefix + "_cpu_us", cpu[1], Goal.NONE);
                figures.put(prefix + "_rps_vs_engine", rps / engineRps, Goal.NONE);
                figures.put(prefix + "_cpu_vs_engine", cpu[1] / engineCpu, Goal.NONE);
            }
        }
        String pg = System.getenv("SYNCWRIGHT_PG_URL");
        if (pg == null || pg.isBlank()) {
            System.out.println("  connect_failover_s: skipped, SYNCWRIGHT_PG_URL is not set (the journal of worker processes)");
            return;
        }
        figures.measure("connect_failover_s", Goal.NONE, 0, 3, () -> ConnectFigures.failoverSeconds(pg,
                System.getenv().getOrDefault("SYNCWRIGHT_PG_USER", "postgres"),
                System.getenv().getOrDefault("SYNCWRIGHT_PG_PASSWORD", "")));
    }

    private static void measureEngineAndReport(Figures figures, EngineFigures engine, ReportFigures report,
                                               int engineRecords, int reportEntries) throws Exception {
        InMemorySource source = InMemorySource.builder().entities(4, engineRecords / 4).build();
        double loop = figures.measure("loop_rps", Goal.NONE, WARMUPS, RUNS, () -> engine.loopRps(source));
        double eng = figures.measure("engine_rps", Goal.NONE, WARMUPS, RUNS, () -> engine.engineRps(source));
        figures.put("engine_vs_loop", eng / loop, Goal.atLeast(0.8));

        double reported = figures.measure("engine_report_rps", Goal.atLeast(2_000_000), WARMUPS, RUNS,
                () -> report.engineReportRps(source));
        // retries are measured against the same faulty destination with no faults, so only the retries differ
        long[] seed = {0};
        double faultless = figures.measure("engine_report_faultless_rps", Goal.NONE, WARMUPS, RUNS,
                () -> report.engineReportRps(source, 0.0, ++seed[0]));
        double faulty = figures.measure("engine_report_retry_rps", Goal.NONE, WARMUPS, RUNS,
                () -> report.engineReportRps(source, 0.10, ++seed[0]));
        figures.put("retry_overhead", faulty / faultless, Goal.atLeast(0.8));
        figures.put("report_vs_engine", reported / eng, Goal.atLeast(0.8));

        InMemoryReportStore store = report.fillAndMeasure(reportEntries, RUNS, figures);
        figures.measure("query_status_sorted_ms", Goal.atMost(100), WARMUPS, RUNS, () -> report.queryStatusSortedMs(store));
        figures.measure("query_reference_contains_ms", Goal.atMost(300), WARMUPS, RUNS,
                () -> report.queryReferenceContainsMs(store));
        figures.measure("count_by_status_ms", Goal.atMost(50), WARMUPS, RUNS, () -> report.countByStatusMs(store));
        Path csv = Files.createTempFile("syncwright-export", ".csv");
        try {
            figures.measure("csv_export_rps", Goal.atLeast(1_000_000), 1, RUNS,
                    () -> report.csvExportRps(store, 1_000_000, csv));
        } finally {
            Files.deleteIfExists(csv);
        }

        figures.measure("io_parallel_efficiency", Goal.atLeast(0.9), WARMUPS, RUNS,
                () -> engine.ioParallelEfficiency(64, 250, 5, Duration.ofMillis(2)));
        figures.measure("io_sleep_ceiling", Goal.NONE, WARMUPS, RUNS,
                () -> engine.ioSleepCeiling(64, 250, Duration.ofMillis(2)));
        double batchMs = 5;
        figures.measure("cancel_latency_ms", Goal.atMost(batchMs + 20), WARMUPS, RUNS,
                () -> engine.cancelLatencyMs(() -> InMemorySource.builder().entities(4, 200_000).fieldsPerRecord(1).build(),
                        Duration.ofMillis((long) batchMs)));
    }
}
