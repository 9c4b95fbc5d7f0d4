package dev.syncwright.store.jdbc.crash;

import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.store.jdbc.JdbcStores;
import dev.syncwright.testkit.InMemorySource;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host process of the connection kill -9 test, with its connection states and journal in the JDBC stores.
 * {@code share}: connects crm to a {@link DurableDestination} and shares the data space "sales", whose initial sync
 * the test kills half-way. {@code restore}: restores every stored connection, prints what it found, retries
 * sharing "sales" and prints the outcome.
 *
 * <p>Arguments: mode, the state's JDBC URL, user, password, the destination's JDBC URL (same user and password). Prints {@code committed N} after each committed batch of the
 * initial sync, {@code dataspace NAME STATUS REASON}, {@code metadata STATUS} and {@code retried STATUS}.
 */
public final class ConnectionCrashChild {
    static final String SALES = "sales";
    static final int ORDERS = 20_000;
    static final int CUSTOMERS = 5_000;

    private ConnectionCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        try (HikariDataSource dataSource = CrashChild.pool(args[1], args[2], args[3]);
             HikariDataSource destination = CrashChild.pool(args[4], args[2], args[3])) {
            DurableDestination.createTables(destination);
            JdbcStores stores = JdbcStores.builder(dataSource).createSchemaIfMissing(true).build();
            InMemorySource crm = InMemorySource.builder().systemName("crm").entity("orders", ORDERS)
                    .entity("customers", CUSTOMERS).build();
            DurableDestination erp = new DurableDestination(destination, UUID.randomUUID().toString());
            try (SyncEngine engine = SyncEngine.builder().journal(stores.reportStore()).parallelism(2).batchSize(100)
                    .listener(new Committed()).build();
                 ConnectionManager connections = ConnectionManager.builder().engine(engine)
                         .store(stores.connectionStore()).build()) {
                if (args[0].equals("share")) {
                    Connection c = connections.connect("crm to erp", crm, erp);
                    c.connected().join();
                    say("shared " + c.share(DataSpace.of(SALES, "orders", "customers")).join().status());
                } else {
                    for (ConnectionState stored : connections.storedConnections()) {
                        Connection c = connections.restore(stored.id(), crm, erp);
                        for (DataSpaceState d : c.dataSpaces()) {
                            say("dataspace " + d.name() + " " + d.status() + " " + d.reason());
                        }
                        say("metadata " + c.metadataSync().status());
                        DataSpaceState retried = c.retryShare(SALES).join();
                        say("retried " + retried.status() + " " + retried.reason());
                    }
                }
            }
        }
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Tells the test how far the initial sync got. */
    private static final class Committed implements SyncListener {
        private final AtomicInteger records = new AtomicInteger();

        @Override
        public void onBatchCommitted(RunInfo run, EntityProgress entity, int batchRecords) {
            say(CrashChild.COMMITTED + records.addAndGet(batchRecords));
        }
    }
}
