package dev.syncwright.examples.web;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.store.jdbc.JdbcStores;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The web console example: starts a {@link WebConsole} on a free port of 127.0.0.1, prints its address, and runs
 * a demo so that every status shows: a push to a partner API left with SENT and PENDING deliveries, two connections
 * (a data space ACTIVE and one in ERROR, a metadata sync paused in ERROR with its error log, a connection with
 * nothing shared), then the CSV → H2 sync through a flaky step, slowed down to be watched: records OK, FAILED,
 * PENDING then OK, SENT then OK, and an entity in ERROR. Half a minute after that run, the warehouse's licence
 * expires and the connections page shows it INACTIVE on its next scheduled check. Runs until Ctrl+C.
 *
 * <p>The data goes to {@code sync-data/web-console/} (or the folder given as the first argument): the CSV files
 * and the H2 database file; the sync report (the engine's journal) in an H2 file of its own under {@code state/}.
 */
public final class WebConsoleExample {
    private WebConsoleExample() {
    }

    /**
     * @param args the demo's folder, optional
     * @throws Exception when the demo cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path home = Path.of(args.length > 0 ? args[0] : "sync-data/web-console").toAbsolutePath();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.complete(null);
            try {
                main.join(TimeUnit.SECONDS.toMillis(10)); // let the console, manager and engine close in order
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "web-console-shutdown"));

        try (Demo demo = start(home, 10, Duration.ofSeconds(10))) {
            WebConsole console = demo.console();
            out.println("Syncwright web console: " + console.url());
            out.println("  sync progress " + console.url().resolve("progress.html"));
            out.println("  sync report   " + console.url().resolve("report.html"));
            out.println("  connections   " + console.url().resolve("connections.html"));
            out.println("Data: " + home + " (H2: " + demo.systems().h2Url() + ", user sa). Ctrl+C stops.");

            SyncResult partner = demo.systems().pushToPartner(demo.engine());
            out.println("Partner push " + partner.status() + ": " + partner.progress().deliveries().sent() + " SENT, "
                    + partner.progress().deliveries().pending() + " PENDING, kept for its next run");
            DemoSystems.Connections demoConnections = demo.systems().connect(demo.connections());
            out.println("Connections: " + demoConnections.marketing().name() + " " + demoConnections.marketing().status()
                    + ", " + demoConnections.warehouse().name() + " " + demoConnections.warehouse().status());

            CompletableFuture<SyncResult> run = console.startRun(new SyncSetup(DemoSystems.ENTITIES, true)).completion();
            CompletableFuture.anyOf(run, stopped).join(); // Ctrl+C during the run: closing the engine cancels it
            if (run.isDone()) {
                SyncResult result = run.join();
                out.println("Demo sync " + result.status() + ": " + result.progress().deliveries().ok() + " records OK, "
                        + result.progress().deliveries().failed() + " FAILED, " + result.progress().errors()
                        + " entity in ERROR. Resync the FAILED customers from the report page.");
            }
            try {
                stopped.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException quiet) {
                demoConnections.warehouseEnd().checkResult(ConnectionCheck.credentialsExpired("the warehouse's licence expired"));
                out.println("The warehouse's licence expired: the next check (within 10 s) makes its connection INACTIVE.");
                stopped.join();
            }
        }
    }

    /**
     * Wires the demo as a host wires the SDK and the console: the report store is the engine's journal, and the
     * console's {@link LiveEvents} listen to the engine and the connection manager.
     *
     * @param home       the demo's folder
     * @param scale      the records of every entity are multiplied by it (1: about 6,000 records)
     * @param checkEvery how often connections are checked, or null for checks on demand only
     * @return the demo, its console listening
     * @throws IOException when the demo's files cannot be written or the console cannot listen
     */
    static Demo start(Path home, int scale, Duration checkEvery) throws IOException {
        DemoSystems systems = DemoSystems.create(home, scale);
        LiveEvents events = new LiveEvents();
        // the report, the engine's journal, in the JDBC stores on an H2 file: a restarted demo still shows earlier runs
        JdbcConnectionPool state = JdbcConnectionPool.create("jdbc:h2:file:"
                + home.resolve("state").resolve("syncwright").toAbsolutePath() + ";WRITE_DELAY=0", "sa", "");
        ReportStore report;
        try {
            report = JdbcStores.builder(state).createSchemaIfMissing(true).build().reportStore();
        } catch (RuntimeException e) {
            state.dispose();
            throw e;
        }
        SyncEngine engine = SyncEngine.builder().parallelism(2).batchSize(200).journal(report).listener(events).build();
        ConnectionManager.Builder manager = ConnectionManager.builder().engine(engine).listener(events);
        if (checkEvery != null) {
            manager.checkEvery(checkEvery);
        }
        ConnectionManager connections = manager.build();
        try {
            WebConsole console = WebConsole.builder().events(events).engine(engine).report(report)
                    .runs(DemoSystems.ENTITIES, systems::request).resync(DemoSystems.SYNC, () -> systems.resync(report, engine))
                    .connections(connections).start();
            return new Demo(systems, report, engine, connections, console, state);
        } catch (IOException | RuntimeException e) {
            connections.close();
            engine.close();
            state.dispose();
            throw e;
        }
    }

    /**
     * The demo's parts; closing it closes them in order: the console, the connections, the engine, the report's
     * database connections.
     *
     * @param systems     the CSV files, the H2 database and the connections' systems
     * @param report      the report store, the engine's journal
     * @param engine      the engine
     * @param connections the connection manager
     * @param console     the web console
     * @param state       the connections to the report's H2 file
     */
    record Demo(DemoSystems systems, ReportStore report, SyncEngine engine, ConnectionManager connections,
                WebConsole console, JdbcConnectionPool state) implements AutoCloseable {
        @Override
        public void close() {
            console.close();
            connections.close();
            engine.close();
            state.dispose();
        }
    }
}
