package dev.syncwright.examples;

import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.connectors.jdbc.JdbcDestination;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
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
import java.time.Clock;
import java.util.Locale;
import java.util.Random;

/**
 * The quickstart: generates a folder of CSV files (four entities, 140,000 records, one malformed line) and
 * syncs it into an embedded H2 database file, drawing the live progress, with every record's outcome kept in
 * an in-memory sync report; then prints a summary, the failed records, and where the data and the report (CSV
 * exports of the report and its sync log) went. Ctrl+C cancels gracefully; running it again syncs into the
 * same tables (upserts, no duplicates).
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path home = Path.of(args.length > 0 ? args[0] : "sync-data/quickstart").toAbsolutePath();
        Path csv = home.resolve("csv");
        Path database = home.resolve("h2").resolve("quickstart");
        writeCsvFiles(csv);
        String url = "jdbc:h2:file:" + database + ";AUTO_SERVER=FALSE";

        Clock clock = Clock.systemUTC();
        InMemoryReportStore report = new InMemoryReportStore(clock);
        String runId;
        try (SyncEngine engine = SyncEngine.builder().parallelism(2).batchSize(1_000).clock(clock)
                .journal(report).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("quickstart")
                    .source(CsvSource.builder().directory(csv).systemName("csv-files").build())
                    .destination(JdbcDestination.builder().url(url).user("sa").createTables(true).systemName("h2").build())
                    .build());
            SyncResult result = LiveProgress.follow(run, out);

            out.printf(Locale.ROOT, "%nRun %s ended %s in %s: %,d records OK, %,d FAILED, %d of %d entities complete.%n",
                    result.progress().runId(), result.status(), ProgressView.clock(result.progress().elapsed()),
                    result.progress().deliveries().ok(), result.progress().deliveries().failed(),
                    result.completed().size(), result.progress().total());
            runId = run.runId();
        }
        out.printf("%nSource CSV files: %s%nDestination H2 database: %s.mv.db (JDBC URL %s, user sa)%n", csv, database, url);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (String table : new String[] {"customers", "products", "orders", "invoices"}) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    out.printf(Locale.ROOT, "  table %-10s %,8d rows%n", table, rs.getLong(1));
                }
            }
        }
        printReport(report, runId, home.resolve("report"), out);
    }

    /** Shows the run's failed records from the sync report and exports the report and its sync log as CSV. */
    private static void printReport(InMemoryReportStore report, String runId, Path dir, PrintStream out) throws IOException {
        ReportFilter thisRun = ReportFilter.builder().runId(runId).build();
        out.printf(Locale.ROOT, "%nSync report: %,d entries by status %s%n", report.count(thisRun), report.countByStatus(thisRun));
        ReportFilter failedOnes = thisRun.toBuilder().statuses(DeliveryStatus.FAILED).build();
        for (ReportEntry failed : report.query(failedOnes, PageRequest.first(5)).entries()) {
            out.printf(Locale.ROOT, "  sync id %d  %s  %s  FAILED, %d writes: %s%n", failed.syncId(), failed.entity(),
                    failed.reference(), failed.attempts(), failed.message());
        }
        Files.createDirectories(dir);
        Path entries = dir.resolve("report.csv");
        Path log = dir.resolve("sync-log.csv");
        long rows;
        try (OutputStream csv = Files.newOutputStream(entries)) {
            rows = new CsvExporter(report).export(ExportRequest.of(thisRun).withIds(true).withLatestSyncInfo(true), csv);
        }
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            CsvExporter.exportLog(report.syncLog(runId), w);
        }
        out.printf(Locale.ROOT, "Report exported: %s (%,d rows)%nSync log exported: %s%n", entries, rows, log);
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
