package dev.syncwright.examples;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionListener;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.core.connection.MetadataSyncState;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.core.connection.StatusChange;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A connection between a home system and a companion system, walked through step by step with in-memory
 * systems from the testkit: connect, share two data spaces (each runs its initial sync), change the home's
 * schema and propagate it with a metadata sync, hit a conflict that pauses metadata syncing until it is
 * resolved, lose and renew the companion's licence, unshare, disconnect. Every status change is printed as the
 * connection's listener receives it.
 */
public final class ConnectionsExample {
    private ConnectionsExample() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        InMemorySource crm = InMemorySource.builder().systemName("crm")
                .entity("orders", 12_000).entity("customers", 3_000).entity("tickets", 5_000).build();
        InMemoryDestination erp = new InMemoryDestination("erp");

        try (ExampleState state = ExampleState.open(Path.of(args.length > 0 ? args[0] : "sync-data/connections-example"));
             SyncEngine engine = SyncEngine.builder().parallelism(2).batchSize(500).journal(state.report()).build();
             ConnectionManager connections = ConnectionManager.builder().engine(engine).store(state.connections())
                     .listener(new Printer(out)).build()) {
            out.println("Journal, sync report and connection states: " + state);

            step(out, "1. connect crm (home) to erp (companion)");
            Connection connection = connections.connect("crm to erp", crm, erp);
            out.println("   status after the first check: " + connection.connected().join());

            step(out, "2. share data space 'sales' (orders, customers): its initial sync runs");
            CompletableFuture<DataSpaceState> sales = connection.share(DataSpace.of("sales", "orders", "customers"));
            followInitialSync(connection, "sales", sales, out);
            out.println("   erp now holds " + erp.received("orders").size() + " orders and "
                    + erp.received("customers").size() + " customers; connection is " + connection.status());

            step(out, "3. share data space 'support' (tickets)");
            followInitialSync(connection, "support", connection.share(DataSpace.of("support", "tickets")), out);

            step(out, "4. the crm's schema changes: orders gets 'priority' (INTEGER), customers.field2 becomes a DATE");
            crm.describeAs(EntityDescriptor.of("orders", "id", List.of(FieldDescriptor.string("id"),
                    FieldDescriptor.string("field1"), FieldDescriptor.string("field2"), FieldDescriptor.string("field3"),
                    new FieldDescriptor("priority", FieldType.INTEGER))));
            crm.describeAs(EntityDescriptor.of("customers", "id", List.of(FieldDescriptor.string("id"),
                    FieldDescriptor.string("field1"), new FieldDescriptor("field2", FieldType.DATE),
                    FieldDescriptor.string("field3"))));
            MetadataSyncState counted = connection.checkMetadata().join();
            out.println("   metadata sync: " + counted.status() + ", " + counted.pendingChanges() + " changes pending");

            step(out, "5. metadata sync round");
            MetadataSyncState round = connection.syncMetadata().join();
            out.println("   metadata sync: " + round.status() + " (" + round.reason() + ")");
            out.println("   erp's orders schema: " + erp.schema("orders"));

            step(out, "6. a conflict: erp already has tickets.severity as STRING; the crm adds it as INTEGER");
            erp.defineField("tickets", FieldDescriptor.string("severity"));
            crm.describeAs(EntityDescriptor.of("tickets", "id", List.of(FieldDescriptor.string("id"),
                    FieldDescriptor.string("field1"), FieldDescriptor.string("field2"), FieldDescriptor.string("field3"),
                    new FieldDescriptor("severity", FieldType.INTEGER))));
            MetadataSyncState failed = connection.syncMetadata().join();
            out.println("   metadata sync: " + failed.status() + ", paused: " + failed.isPaused());
            MetadataErrorLog log = failed.lastErrorLog().orElseThrow();
            out.println("   error log (text):");
            log.toText().lines().forEach(line -> out.println("     " + line));
            out.println("   error log (JSON): " + log.toJson().replaceAll("\\s+", " "));
            try {
                connection.syncMetadata();
            } catch (IllegalStateException paused) {
                out.println("   another round now is refused: " + paused.getMessage());
            }
            out.println("   an administrator drops erp's tickets.severity; the host resolves the error and retries");
            erp.dropField("tickets", "severity");
            MetadataSyncState retried = connection.retryMetadataSync().join();
            out.println("   metadata sync: " + retried.status() + "; erp's tickets schema: " + erp.schema("tickets"));

            step(out, "7. erp's licence expires, then is renewed");
            erp.checkResult(ConnectionCheck.credentialsExpired("licence expired on 2025-02-28"));
            out.println("   status after a check: " + connection.check().join() + " (" + connection.state().reason() + ")");
            erp.checkResult(ConnectionCheck.ok());
            out.println("   status after a check: " + connection.check().join());

            step(out, "8. unshare 'support', then 'sales'");
            CompletableFuture<Void> unsharing = connection.unshare("support");
            out.println("   data space 'support' is " + connection.dataSpace("support").map(d -> d.status().name())
                    .orElse("gone"));
            unsharing.join();
            out.println("   'support' is gone; erp holds " + erp.received("tickets").size() + " tickets and still "
                    + erp.received("orders").size() + " orders");
            connection.unshare("sales").join();
            out.println("   connection is " + connection.status() + "; erp holds " + erp.receivedCount() + " records");

            step(out, "9. disconnect");
            connection.disconnect();
            out.println("   connection is " + connection.status() + "; connections held: " + connections.connections().size());
        }
    }

    private static void followInitialSync(Connection connection, String dataSpace,
                                          CompletableFuture<DataSpaceState> sharing, PrintStream out) {
        out.println("   data space '" + dataSpace + "' is " + connection.dataSpace(dataSpace).orElseThrow().status());
        // the connection was idle, so the initial sync started at once; its handle gives the engine's progress
        connection.initialSync(dataSpace).ifPresent(run -> {
            out.println("   initial sync " + run.syncName() + ": " + summary(run.progress()));
            out.println("   initial sync " + run.syncName() + ": " + summary(run.completion().join().progress()));
        });
        DataSpaceState state = sharing.join();
        out.println("   data space '" + dataSpace + "' is " + state.status() + " (" + state.reason() + ")");
    }

    private static String summary(SyncProgress p) {
        return String.format(Locale.ROOT, "%,d records, %d of %d entities done, %.0f %%%s", p.records(), p.done(),
                p.total(), p.percent(), p.finished() ? " (finished)" : "");
    }

    private static void step(PrintStream out, String title) {
        out.println();
        out.println(title);
    }

    /** Prints every status change with its reason, as a host would feed its own screens. */
    private static final class Printer implements ConnectionListener {
        private final PrintStream out;

        Printer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
            out.println("   [event] connection: " + change);
        }

        @Override
        public void onDataSpaceStatus(Connection connection, String dataSpace, StatusChange<DataSpaceStatus> change) {
            out.println("   [event] data space '" + dataSpace + "': " + change);
        }

        @Override
        public void onDataSpaceRemoved(Connection connection, DataSpace dataSpace) {
            out.println("   [event] data space '" + dataSpace.name() + "': removed from the companion");
        }

        @Override
        public void onMetadataSyncStatus(Connection connection, StatusChange<MetadataSyncStatus> change) {
            out.println("   [event] metadata sync: " + change);
        }
    }
}
