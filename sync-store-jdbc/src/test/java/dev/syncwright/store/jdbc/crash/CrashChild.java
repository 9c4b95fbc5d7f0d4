package dev.syncwright.store.jdbc.crash;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.store.jdbc.JdbcStores;
import dev.syncwright.testkit.InMemorySource;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host process of the kill -9 test: runs one sync of generated records into a {@link DurableDestination},
 * keeping its state in the JDBC stores, then exits 0 when the run completed, 3 when it ended otherwise. The
 * test kills it with {@code destroyForcibly()} at random points and starts it again.
 *
 * <p>Arguments: the state's JDBC URL, user, password, the destination's JDBC URL (same user and password),
 * entities, records per entity, batch size. The destination lives in a database of its own, so that what the
 * journal keeps and what the destination received are lost or kept independently.
 */
public final class CrashChild {
    /** Printed when the run has started (it holds the sync). */
    static final String STARTED = "started";
    /** Printed, followed by a count, after every committed batch: the records this process committed so far. */
    static final String COMMITTED = "committed ";

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        int entities = Integer.parseInt(args[4]);
        int records = Integer.parseInt(args[5]);
        int batch = Integer.parseInt(args[6]);
        try (HikariDataSource state = pool(args[0], args[1], args[2]);
             HikariDataSource destination = pool(args[3], args[1], args[2])) {
            DurableDestination.createTables(destination);
            JdbcStores stores = JdbcStores.builder(state).createSchemaIfMissing(true).build();
            InMemorySource source = InMemorySource.builder().entities(entities, records).build();
            try (SyncEngine engine = SyncEngine.builder().journal(stores.reportStore()).parallelism(2).batchSize(batch)
                    .lease(Duration.ofSeconds(2)).confirmationPollInterval(Duration.ofMillis(50))
                    .confirmationTimeout(Duration.ofSeconds(20)).listener(new Progress()).build()) {
                SyncResult result = engine.start(SyncRequest.builder("crash").source(source)
                        .destination(new DurableDestination(destination, UUID.randomUUID().toString()))
                        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(100)).build())
                        .build()).await();
                System.out.println("run ended " + result.status() + ": " + result.progress().records() + " records"
                        + (result.failure() == null ? "" : ", " + result.failure()));
                System.exit(result.status() == RunStatus.COMPLETED ? 0 : 3);
            }
        }
    }

    /** @return a small pool on the database of that URL */
    static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    /** Tells the test how far the run got, so that it can kill the process inside the run. */
    private static final class Progress implements SyncListener {
        private final AtomicInteger committed = new AtomicInteger();

        @Override
        public void onRunStarted(RunInfo run, SyncProgress progress) {
            say(STARTED);
        }

        @Override
        public void onBatchCommitted(RunInfo run, EntityProgress entity, int batchRecords) {
            say(COMMITTED + committed.addAndGet(batchRecords));
        }

        private static synchronized void say(String line) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
