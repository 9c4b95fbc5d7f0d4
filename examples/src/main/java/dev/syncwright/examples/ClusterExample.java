package dev.syncwright.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncResult;
import dev.syncwright.kafka.connect.JournalFactory;
import dev.syncwright.kafka.connect.KafkaConnectEngine;
import dev.syncwright.kafka.connect.KafkaConnectRequest;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.DeliveryStatus;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The quickstart's sync (four CSV files, 140,000 records, one malformed line, into an H2 database file) run on a
 * Kafka Connect cluster that this JVM starts: one broker and two workers. Kafka Connect finds the Syncwright
 * connectors on the class path, the records travel through a topic, both workers commit every record's outcome to
 * one run journal (an H2 file), and the live progress is read from it, as any host sharing the journal would.
 * Ctrl+C cancels gracefully: the connectors stop, their in-flight pages and batches commit.
 */
public final class ClusterExample {
    private ClusterExample() {
    }

    public static void main(String[] args) throws Exception {
        // the broker and the workers log a lot at INFO: only their errors, unless asked otherwise (-D...)
        for (String logger : new String[] {"org.apache.kafka", "kafka", "org.eclipse.jetty", "org.glassfish", "org.reflections"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            System.setProperty(key, System.getProperty(key, "error"));
        }
        PrintStream out = System.out;
        Path home = Path.of(args.length > 0 ? args[0] : "sync-data/cluster").toAbsolutePath();
        Path csv = home.resolve("csv");
        Quickstart.writeCsvFiles(csv);
        String data = "jdbc:h2:file:" + home.resolve("h2").resolve("cluster");
        String journalDb = "jdbc:h2:file:" + home.resolve("h2").resolve("journal");
        ObjectMapper json = new ObjectMapper();
        String journalConfig = json.writeValueAsString(Map.of("url", journalDb, "user", "sa",
                "createSchemaIfMissing", true));

        out.println("Starting a Kafka broker and two Kafka Connect workers in this JVM (about 20 s)...");
        Map<String, String> worker = new HashMap<>();
        worker.put("offset.flush.interval.ms", "1000");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder().name("syncwright-example").numWorkers(2)
                .numBrokers(1).workerProps(worker).build();
        cluster.start();
        try (JournalFactory.Opened journal = JournalFactory.find("jdbc", ClusterExample.class.getClassLoader())
                     .open(json.readTree(journalConfig));
             KafkaConnectEngine engine = KafkaConnectEngine.builder(URI.create(cluster.endpointForResource("")))
                     .journal(journal.journal()).build()) {
            SyncExecution run = engine.start(KafkaConnectRequest.builder("cluster-example")
                    .source("csv", json.writeValueAsString(Map.of("directory", csv.toString(), "systemName", "csv-files")))
                    .destination("jdbc", json.writeValueAsString(Map.of("url", data, "user", "sa", "createTables", true,
                            "systemName", "h2")))
                    .journal("jdbc", journalConfig)
                    .tasks(2).batchSize(1_000)
                    .build());
            SyncResult result = LiveProgress.follow(run, out);

            out.printf(Locale.ROOT, "%nRun %s ended %s: %,d records OK, %,d FAILED, %d of %d entities complete.%n",
                    run.runId(), result.status(), result.progress().deliveries().ok(),
                    result.progress().deliveries().failed(), result.completed().size(), result.progress().total());
            printTables(data, out);
            printFailed((ReportStore) journal.journal(), run.runId(), out);
            out.printf("%nJournal (report, runs, progress): %s.mv.db%n", home.resolve("h2").resolve("journal"));
        } finally {
            cluster.stop();
        }
    }

    private static void printTables(String url, PrintStream out) throws Exception {
        out.printf("Destination H2 database: %s (user sa)%n", url);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            for (String table : new String[] {"customers", "products", "orders", "invoices"}) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    out.printf(Locale.ROOT, "  table %-10s %,8d rows%n", table, rs.getLong(1));
                }
            }
        }
    }

    /** The run's failed records, from the report the two workers wrote. */
    private static void printFailed(ReportStore report, String runId, PrintStream out) {
        ReportFilter failed = ReportFilter.builder().runId(runId).statuses(DeliveryStatus.FAILED).build();
        for (ReportEntry e : report.query(failed, PageRequest.first(5)).entries()) {
            out.printf(Locale.ROOT, "  sync id %d  %s  %s  FAILED: %s%n", e.syncId(), e.entity(), e.reference(), e.message());
        }
    }
}
