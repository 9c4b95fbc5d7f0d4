package dev.syncwright.examples;

import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.connectors.jdbc.JdbcDestination;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.export.CsvExporter;
import dev.syncwright.reporting.export.ExportRequest;
import dev.syncwright.spi.DeliveryStatus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The quickstart: generates a folder of CSV files (four entities, 140,000 records, one malformed line) and
 * syncs it into an embedded H2 database file, drawing the live progress, with every record's outcome kept in
 * the sync report of the JDBC stores on an H2 file of their own ({@code sync-data/quickstart/state/}); then prints a
 * summary, the failed records, the report's window (this run's entries and those of earlier starts) and where the
 * data and the report (CSV exports of the report and the run's sync log) went.
 *
 * <p>Ctrl+C cancels gracefully; starting it again continues where the cancelled run stopped (the entities it
 * finished are skipped, the others resume from their checkpoints). Once a run has completed, the next start syncs
 * everything again into the same tables (upserts, no duplicates), and the report shows both runs.
 */
public final class Quickstart {
    private static final String SYNC = "quickstart";

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        run(Path.of(args.length > 0 ? args[0] : "sync-data/quickstart").toAbsolutePath(), System.out);
    }

    /**
     * One start of the quickstart.
     *
     * @param home the folder of its files, its destination database and its state
     * @param out  where the live progress and the summary go
     * @return the id of the run it started
     */
    static String run(Path home, PrintStream out) throws Exception {
        Path csv = home.resolve("csv");
        Path database = home.resolve("h2").resolve("quickstart");
        writeCsvFiles(csv);
        String url = "jdbc:h2:file:" + database + ";AUTO_SERVER=FALSE";

        String runId;
        try (ExampleState state = ExampleState.open(home);
             SyncEngine engine = SyncEngine.builder().parallelism(2).batchSize(1_000).journal(state.report()).build()) {
            ReportStore report = state.report();
            printEarlierRuns(report.runs(SYNC), out);
            SyncExecution run = engine.start(SyncRequest.builder(SYNC)
                    .source(CsvSource.builder().directory(csv).systemName("csv-files").build())
                    .destination(JdbcDestination.builder().url(url).user("sa").createTables(true).systemName("h2").build())
                    .build());
            SyncResult result = LiveProgress.follow(run, out);

            out.printf(Locale.ROOT, "%nRun %s ended %s in %s: %,d records OK, %,d FAILED, %d of %d entities complete.%n",
                    result.progress().runId(), result.status(), ProgressView.clock(result.progress().elapsed()),
                    result.progress().deliveries().ok(), result.progress().deliveries().failed(),
                    result.completed().size(), result.progress().total());
            runId = run.runId();
            out.printf("%nSource CSV files: %s%nDestination H2 database: %s.mv.db (JDBC URL %s, user sa)%n", csv, database, url);
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                for (String table : new String[] {"customers", "products", "orders", "invoices"}) {
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rs.next();
                        out.printf(Locale.ROOT, "  table %-10s %,8d rows%n", table, rs.getLong(1));
                    }
                }
            }
            out.printf("Syncwright's state (journal, checkpoints, sync report): %s%n", state);
            printReport(report, runId, home.resolve("report"), out);
        }
        return runId;
    }

    /** Says what the journal remembers of this sync's earlier starts, and so what this start will do. */
    private static void printEarlierRuns(List<RunRecord> runs, PrintStream out) {
        if (runs.isEmpty()) {
            out.println("First start: syncing every record.");
            return;
        }
        RunRecord last = runs.get(0);
        String ended = last.status() == null ? "did not end (its process stopped)" : "ended " + last.status();
        out.printf(Locale.ROOT, "Start %d of sync '%s': the last run (%s, started %s) %s; %s%n", runs.size() + 1, SYNC,
                last.runId(), last.startedAt().truncatedTo(ChronoUnit.SECONDS), ended,
                last.status() == RunStatus.COMPLETED || last.status() == RunStatus.COMPLETED_WITH_ERRORS
                        ? "syncing every record again." : "continuing where it stopped.");
    }

    /**
     * Shows the run's failed records, then the report's default window (the last 5 days: this run's entries and
     * those of earlier starts), and exports that window and the run's sync log as CSV.
     */
    private static void printReport(ReportStore report, String runId, Path dir, PrintStream out) throws IOException {
        ReportFilter thisRun = ReportFilter.builder().runId(runId).build();
        out.printf(Locale.ROOT, "%nSync report of this run: %,d entries by status %s%n", report.count(thisRun),
                report.countByStatus(thisRun));
        ReportFilter failedOnes = thisRun.toBuilder().statuses(DeliveryStatus.FAILED).build();
        for (ReportEntry failed : report.query(failedOnes, PageRequest.first(5)).entries()) {
            out.printf(Locale.ROOT, "  sync id %d  %s  %s  FAILED, %d writes: %s%n", failed.syncId(), failed.entity(),
                    failed.reference(), failed.attempts(), failed.message());
        }
        ReportFilter window = ReportFilter.builder().build();
        List<RunRecord> runs = report.runs(SYNC);
        out.printf(Locale.ROOT, "Sync report of the last 5 days: %,d entries by status %s; runs of sync '%s'%s:%n",
                report.count(window), report.countByStatus(window), SYNC, runs.size() > 10 ? " (the latest 10)" : "");
        for (RunRecord run : runs.subList(0, Math.min(10, runs.size()))) {
            out.printf(Locale.ROOT, "  %s  started %s  %-22s %,8d entries%n", run.runId(),
                    run.startedAt().truncatedTo(ChronoUnit.SECONDS), run.status() == null ? "-" : run.status(),
                    report.count(window.toBuilder().runId(run.runId()).build()));
        }
        Files.createDirectories(dir);
        Path entries = dir.resolve("report.csv");
        Path log = dir.resolve("sync-log.csv");
        long rows;
        try (OutputStream csv = Files.newOutputStream(entries)) {
            rows = new CsvExporter(report).export(ExportRequest.of(window).withIds(true).withLatestSyncInfo(true), csv);
        }
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            CsvExporter.exportLog(report.syncLog(runId), w);
        }
        out.printf(Locale.ROOT, "Report exported: %s (%,d rows)%nSync log of this run exported: %s%n", entries, rows, log);
    }

    /** Writes the example's CSV files (the same every time, so a re-run finds the same keys). */
    static void writeCsvFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(7);
        write(dir.resolve("customers.csv"), "id,name,email,city", 30_000,
                i -> String.format(Locale.ROOT, "C-%06d,Customer %d,customer%d@example.com,\"City, %d\"", i, i, i, i % 97));
        write(dir.resolve("products.csv"), "id,name,price", 10_000,
                i -> String.format(Locale.ROOT, "P-%05d,Product %d,%d.%02d", i, i, 1 + random.nextInt(500), random.nextInt(100)));
        write(dir.resolve("orders.csv"), "id,customer,product,quantity", 60_000,
                i -> String.format(Locale.ROOT, "O-%06d,C-%06d,P-%05d,%d", i, i % 30_000, i % 10_000, 1 + i % 9));
        write(dir.resolve("invoices.csv"), "id,order_id,amount,status", 40_000,
                i -> i == 12_345 ? "I-012345,O-012345" // a malformed line: the report shows it FAILED with its line
                        : String.format(Locale.ROOT, "I-%06d,O-%06d,%d.%02d,%s", i, i, i % 1000, i % 100, i % 5 == 0 ? "open" : "paid"));
    }

    private static void write(Path file, String header, int rows, java.util.function.IntFunction<String> line) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header);
            w.newLine();
            for (int i = 0; i < rows; i++) {
                w.write(line.apply(i));
                w.newLine();
            }
        }
    }
}
