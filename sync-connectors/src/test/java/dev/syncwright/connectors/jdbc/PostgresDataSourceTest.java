package dev.syncwright.connectors.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.connectors.Engines;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC connectors on the host's HikariCP pool against a real PostgreSQL server. */
class PostgresDataSourceTest {
    private String t;
    private String app;
    private HikariDataSource pool;

    @BeforeEach
    void pool() {
        t = "d" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "_";
        app = t + "host";
        pool = pool(3);
    }

    private HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresServer.url(app));
        config.setUsername(PostgresServer.user());
        config.setPassword(PostgresServer.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    private long query(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTableIsSyncedThroughTheHostsPoolWhichGetsEveryConnectionBackOutOfItsTransactionAndStaysOpen() throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + t + "src (id BIGINT PRIMARY KEY, label TEXT, amount NUMERIC(10,2))");
            s.execute("INSERT INTO " + t + "src SELECT g, 'row ' || g, g / 4.0 FROM generate_series(1, 1000) g");
        }
        JdbcSource source = JdbcSource.builder().dataSource(pool).fetchSize(40)
                .entity(JdbcEntity.table(t + "copy", t + "src", "id")).build();
        JdbcDestination destination = JdbcDestination.builder().dataSource(pool).createTables(true).build();

        SyncResult result;
        try (SyncEngine engine = Engines.engine(100, RunJournal.inMemory())) {
            result = engine.start(SyncRequest.builder(t + "sync").source(source).destination(destination).build())
                    .await(Duration.ofSeconds(60));
        }

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().deliveries().ok()).isEqualTo(1000);
        assertThat(query("SELECT COUNT(*) FROM (SELECT * FROM " + t + "src EXCEPT SELECT id, label, amount::NUMERIC(10,2)"
                + " FROM " + t + "copy) d")).isZero();
        assertThat(query("SELECT COUNT(*) FROM " + t + "copy")).isEqualTo(1000);
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(3);
        assertThat(PostgresServer.backends(app, "state LIKE 'idle in transaction%'")).isZero();
        assertThat(pool.isClosed()).isFalse();
        assertThat(destination.toString()).contains("dataSource=HikariDataSource");
    }

    @Test
    void newKeysAreCopiedStraightAndKnownOnesStagedAndUpsertedThroughThePoolsProxies() throws Exception {
        pool.close();
        pool = pool(1); // one connection: the one that wrote is the one asked afterwards
        String table = t + "items";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, label TEXT)");
        }
        JdbcDestination destination = JdbcDestination.builder().dataSource(pool).build();
        destination.open(() -> (id, outcome) -> { });
        EntityDescriptor items = EntityDescriptor.of(table, "id", List.of());
        try {
            List<DeliveryOutcome> first = destination.write(items, List.of(item(table, 1, "a"), item(table, 2, "b")));
            long stagedAfterFirst = stagingTables();
            List<DeliveryOutcome> second = destination.write(items, List.of(item(table, 2, "B"), item(table, 3, "c")));

            assertThat(first).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
            assertThat(second).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
            assertThat(stagedAfterFirst).as("staging tables after new keys only").isZero();
            assertThat(stagingTables()).as("staging tables after a known key").isEqualTo(1);
        } finally {
            destination.close();
        }
        assertThat(pool.isClosed()).isFalse();
        assertThat(query("SELECT COUNT(*) FROM " + table)).isEqualTo(3);
        assertThat(query("SELECT COUNT(*) FROM " + table + " WHERE id = 2 AND label = 'B'")).isEqualTo(1);
    }

    private static SyncRecord item(String entity, long id, String label) {
        return SyncRecord.of(entity, Long.toString(id), Map.of("id", id, "label", label));
    }

    /** @return the staging tables of the pool's one connection, which only the staged upsert makes */
    private long stagingTables() throws SQLException {
        return query("SELECT COUNT(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relname LIKE 'syncwright_stage_%'");
    }
}
