package dev.syncwright.examples.web;

import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.connectors.jdbc.JdbcDestination;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.Resync;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The systems of the web console's demo: a folder of CSV files (five entities, one malformed line, one reference
 * that looks like HTML) synced into an embedded H2 database through a {@link FlakyStep}; a partner API that
 * leaves deliveries SENT and PENDING; and in-memory home and companion systems for the connections page.
 */
final class DemoSystems {
    /** The demo sync's name: its runs, checkpoints and report entries go by it. */
    static final String SYNC = "csv-to-h2";
    /** The CSV files' entities, in the order the setup page lists them. */
    static final List<String> ENTITIES = List.of("customers", "products", "orders", "invoices", "returns");
    /** The reference of one customer: markup a page must show as text. */
    static final String MARKUP_REFERENCE = "<b>ACME & \"Sons\"</b>";
    /** Retries quick enough to watch: a refused batch is written again within a second. */
    static final RetryPolicy QUICK_RETRIES = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100))
            .maxBackoff(Duration.ofSeconds(1)).build();

    private final Path csv;
    private final String h2Url;
    private final FlakyStep.Controls flaky = new FlakyStep.Controls();

    private DemoSystems(Path csv, String h2Url) {
        this.csv = csv;
        this.h2Url = h2Url;
    }

    /**
     * Writes the CSV files under {@code home} (the same every time, so a re-run finds the same keys).
     *
     * @param home  the demo's folder; the CSV files go to {@code csv/}, the H2 database to {@code h2/}
     * @param scale 1 for about 6,000 records; the records of every entity are multiplied by it
     * @return the demo systems
     * @throws IOException when the files cannot be written
     */
    static DemoSystems create(Path home, int scale) throws IOException {
        Path csv = home.resolve("csv");
        Files.createDirectories(csv);
        String[] items = {"TEE", "HOODIE", "CAP", "SOCKS", "MUG"};
        String[] colours = {"YELLOW", "BLUE", "RED", "GREEN", "BLACK"};
        write(csv.resolve("customers.csv"), "id,ref,name,email", 1_200 * scale, i -> String.format(Locale.ROOT,
                "C-%06d,%s,Customer %d,customer%d@example.com", i,
                i == 7 ? '"' + MARKUP_REFERENCE.replace("\"", "\"\"") + '"' : String.format(Locale.ROOT, "CUST-%06d", i), i, i));
        write(csv.resolve("products.csv"), "id,ref,name,price", 400 * scale, i -> String.format(Locale.ROOT,
                "P-%05d,DEMOTEST-%s-%s-%06d,Product %d,%d.%02d", i, items[i % items.length],
                colours[(i / items.length) % colours.length], i, i, 1 + i % 90, i % 100));
        write(csv.resolve("orders.csv"), "id,ref,customer,product,quantity", 2_400 * scale, i -> String.format(
                Locale.ROOT, "O-%06d,ORD-%06d,C-%06d,P-%05d,%d", i, i, i % (1_200 * scale), i % (400 * scale), 1 + i % 9));
        write(csv.resolve("invoices.csv"), "id,ref,order_id,amount", 1_600 * scale, i -> i == 123
                ? "I-000123,INV-000123" // a malformed line: the report shows it FAILED with its file and line
                : String.format(Locale.ROOT, "I-%06d,INV-%06d,O-%06d,%d.%02d", i, i, i, i % 1000, i % 100));
        write(csv.resolve("returns.csv"), "id,ref,order_id,reason", 200 * scale, i -> String.format(Locale.ROOT,
                "R-%05d,RET-%06d,O-%06d,%s", i, i, i * 3, i % 2 == 0 ? "damaged" : "wrong size"));
        return new DemoSystems(csv, "jdbc:h2:file:" + home.resolve("h2").resolve("demo").toAbsolutePath()
                + ";AUTO_SERVER=FALSE");
    }

    /** @return the JDBC URL of the demo's H2 database (user {@code sa}, no password) */
    String h2Url() {
        return h2Url;
    }

    /** @return the controls every flaky step of the demo shares */
    FlakyStep.Controls flaky() {
        return flaky;
    }

    /** @return a new source reading the CSV files; the engine opens and closes it */
    SourceConnector source() {
        return CsvSource.builder().directory(csv).referenceColumn("ref").systemName("csv-files").build();
    }

    /** @return a new destination: the flaky step in front of the H2 database, tables created as needed */
    DestinationConnector destination() {
        return new FlakyStep(JdbcDestination.builder().url(h2Url).user("sa").createTables(true).systemName("h2")
                .build(), flaky);
    }

    /**
     * @param setup what the setup page asked for
     * @return the demo sync's request
     */
    SyncRequest request(SyncSetup setup) {
        flaky.latency(setup.slow() ? Duration.ofMillis(150) : Duration.ZERO);
        return SyncRequest.builder(SYNC).source(source()).destination(destination()).entities(setup.entities())
                .retryPolicy(QUICK_RETRIES).build();
    }

    /**
     * @param report the report whose entries are re-sent
     * @param engine the engine writing to it
     * @return a resync action that re-reads the CSV files and writes to H2
     */
    Resync resync(ReportStore report, SyncEngine engine) {
        return Resync.builder(report, engine).source(source()).destination(destination()).syncName(SYNC + "-resync")
                .retryPolicy(QUICK_RETRIES).build();
    }

    /**
     * Pushes the products to a partner API that confirms deliveries only the next day and refuses some until its
     * next window, and cancels the run once both happened: the report keeps those entries SENT and PENDING.
     *
     * @param engine the engine
     * @return how the push ended (CANCELLED)
     * @throws InterruptedException when interrupted while waiting
     */
    SyncResult pushToPartner(SyncEngine engine) throws InterruptedException {
        Set<DeliveryStatus> seen = Collections.synchronizedSet(EnumSet.noneOf(DeliveryStatus.class));
        CountDownLatch sentAndPending = new CountDownLatch(2);
        SyncListener watch = new SyncListener() {
            @Override
            public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
                for (RecordOutcome o : outcomes) {
                    if ((o.status() == DeliveryStatus.SENT || o.status() == DeliveryStatus.PENDING) && seen.add(o.status())) {
                        sentAndPending.countDown();
                    }
                }
            }
        };
        SyncExecution push = engine.start(SyncRequest.builder("csv-to-partner").source(source())
                .destination(new PartnerApi()).entities("products").listener(watch)
                .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMinutes(10)).maxBackoff(Duration.ofMinutes(10))
                        .build())
                .build());
        if (!sentAndPending.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the partner push showed no SENT and PENDING deliveries within 30 s");
        }
        push.cancel();
        return push.await();
    }

    /**
     * Makes the connections page's demo: "crm ↔ marketing" with data space "sales" ACTIVE, "support" in ERROR (its
     * initial sync could not read the tickets) and a metadata sync paused in ERROR by a conflict, with its error
     * log; and "crm ↔ warehouse", connected with nothing shared yet.
     *
     * @param connections the manager
     * @return the demo's connections
     */
    Connections connect(ConnectionManager connections) {
        InMemorySource crm = InMemorySource.builder().systemName("crm").entity("leads", 600).entity("accounts", 300)
                .entity("tickets", 400).build();
        crm.failReads("tickets", ConnectorException.permanent("crm refused to export tickets: missing permission", null));
        InMemoryDestination marketing = new InMemoryDestination("marketing-cloud");
        Connection crmMarketing = connections.connect("crm ↔ marketing", crm, marketing);
        crmMarketing.connected().join();
        crmMarketing.share(DataSpace.of("sales", "leads", "accounts")).join();
        crmMarketing.share(DataSpace.of("support", "tickets")).join();

        // the marketing cloud already has leads.score as text; the crm adds it as a number, and a new field
        marketing.defineField("leads", FieldDescriptor.string("score"));
        crm.describeAs(EntityDescriptor.of("leads", "id", List.of(FieldDescriptor.string("id"),
                FieldDescriptor.string("field1"), FieldDescriptor.string("field2"), FieldDescriptor.string("field3"),
                new FieldDescriptor("score", FieldType.INTEGER), new FieldDescriptor("region", FieldType.STRING))));
        crmMarketing.checkMetadata().join();
        crmMarketing.syncMetadata().join();

        InMemoryDestination warehouse = new InMemoryDestination("warehouse");
        Connection crmWarehouse = connections.connect("crm ↔ warehouse", crm, warehouse);
        crmWarehouse.connected().join();
        return new Connections(crmMarketing, marketing, crmWarehouse, warehouse);
    }

    /**
     * The demo's connections and their companions, whose answers to checks the demo may change.
     *
     * @param marketing    the connection to the marketing cloud
     * @param marketingEnd the marketing cloud
     * @param warehouse    the connection to the warehouse
     * @param warehouseEnd the warehouse
     */
    record Connections(Connection marketing, InMemoryDestination marketingEnd, Connection warehouse,
                       InMemoryDestination warehouseEnd) {
    }

    private static void write(Path file, String header, int rows, IntFunction<String> line) throws IOException {
        Files.write(file, (Iterable<String>) Stream.concat(Stream.of(header), IntStream.range(0, rows).mapToObj(line))::iterator);
    }

    /**
     * A partner API that takes records with an even last digit for an import that confirms only the next day (SENT),
     * and refuses the others until its next window (PENDING, retried in 10 minutes).
     */
    private static final class PartnerApi implements DestinationConnector {
        @Override
        public String systemName() {
            return "partner-api";
        }

        @Override
        public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
            return batch.stream().map(r -> (r.key().charAt(r.key().length() - 1) - '0') % 2 == 0
                    ? DeliveryOutcome.sent("partner-import-" + r.key(), "partner-" + r.key())
                    : DeliveryOutcome.retry("partner API rate limit: the next window opens in 10 minutes",
                            Duration.ofMinutes(10))).toList();
        }
    }
}
