package dev.syncwright.examples;

import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.store.jdbc.JdbcStores;
import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;

/**
 * Where an example keeps Syncwright's state: the run journal with the sync report, and the connections, in the
 * JDBC stores on an embedded H2 file under the example's folder ({@code sync-data/<example>/state/}), so that
 * a second start sees the first one's report and continues an interrupted run. A host on PostgreSQL passes its
 * own pooled {@code DataSource} to {@link JdbcStores#builder} instead (see the README).
 */
final class ExampleState implements AutoCloseable {
    private final Path file;
    private final JdbcConnectionPool pool;
    private final JdbcStores stores;

    private ExampleState(Path file, JdbcConnectionPool pool, JdbcStores stores) {
        this.file = file;
        this.pool = pool;
        this.stores = stores;
    }

    /**
     * @param home the example's folder
     * @return the stores on {@code home/state/syncwright.mv.db}, its tables created on the first start
     */
    static ExampleState open(Path home) {
        Path file = home.resolve("state").resolve("syncwright").toAbsolutePath();
        // WRITE_DELAY=0: each commit is in the file when it returns, so a killed process loses none
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";WRITE_DELAY=0", "sa", "");
        try {
            return new ExampleState(file, pool, JdbcStores.builder(pool).createSchemaIfMissing(true).build());
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    /** @return the run journal and sync report, for {@code SyncEngine.Builder.journal} */
    ReportStore report() {
        return stores.reportStore();
    }

    /** @return the connections' states, for {@code ConnectionManager.Builder.store} */
    ConnectionStore connections() {
        return stores.connectionStore();
    }

    @Override
    public String toString() {
        return file + ".mv.db";
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
