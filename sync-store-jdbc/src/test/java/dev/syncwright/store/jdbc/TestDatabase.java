package dev.syncwright.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database for the tests, behind a connection pool as a host would have it: an embedded H2 file database in a
 * temporary folder, or the PostgreSQL server that {@code .ci/start-postgres.sh} started (its URL in
 * {@code SYNCWRIGHT_PG_URL}, its user in {@code SYNCWRIGHT_PG_USER}). Without that server the PostgreSQL tests
 * are skipped, except when {@code CI=true}: then they fail, so CI never passes without having run them.
 * Each test works in schemas of its own, dropped by {@link #close()}.
 */
final class TestDatabase implements AutoCloseable {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final JdbcDialect dialect;
    private final HikariDataSource pool;
    private final Path folder;
    private final List<String> schemas = new ArrayList<>();

    private TestDatabase(JdbcDialect dialect, HikariDataSource pool, Path folder) {
        this.dialect = dialect;
        this.pool = pool;
        this.folder = folder;
    }

    /** @return an H2 file database in a new temporary folder */
    static TestDatabase h2() {
        try {
            Path folder = Files.createTempDirectory("syncwright-h2");
            return new TestDatabase(JdbcDialect.H2, pool(h2Url(folder), "sa", ""), folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return a new pool on the same database, as a restarted host opens it: on H2 this pool is closed first, which
     *         closes the database file, so the new pool opens it again from disk
     */
    TestDatabase reopened() {
        if (dialect != JdbcDialect.H2) {
            return new TestDatabase(dialect, pool(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()), null);
        }
        pool.close();
        return new TestDatabase(dialect, pool(h2Url(folder), "sa", ""), null);
    }

    private static String h2Url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("syncwright").toAbsolutePath();
    }

    /** @return a pool on the PostgreSQL server of {@code SYNCWRIGHT_PG_URL} */
    static TestDatabase postgres() {
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        if (url == null || url.isBlank()) {
            String how = "start one with: eval \"$(.ci/start-postgres.sh)\"";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but SYNCWRIGHT_PG_URL is not set, so the PostgreSQL store tests cannot run; " + how);
            }
            Assumptions.abort("SYNCWRIGHT_PG_URL is not set: PostgreSQL store tests skipped; " + how);
        }
        String user = System.getenv("SYNCWRIGHT_PG_USER");
        String password = System.getenv("SYNCWRIGHT_PG_PASSWORD");
        return new TestDatabase(JdbcDialect.POSTGRESQL, pool(url, user == null || user.isBlank() ? "postgres" : user,
                password == null ? "" : password), null);
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        config.setPoolName("syncwright-test");
        config.setRegisterMbeans(false);
        return new HikariDataSource(config);
    }

    JdbcDialect dialect() {
        return dialect;
    }

    DataSource dataSource() {
        return pool;
    }

    /** @return connections the pool has handed out and not yet got back */
    int connectionsInUse() {
        return pool.getHikariPoolMXBean().getActiveConnections();
    }

    /** @return a new, empty schema of this test */
    String newSchema() {
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        execute("CREATE SCHEMA \"" + schema + "\"");
        schemas.add(schema);
        return schema;
    }

    /** @return the schema {@link #newSchema()} made last */
    String lastSchema() {
        return schemas.get(schemas.size() - 1);
    }

    /** @return a builder of stores on this database, in a new schema, creating the tables */
    JdbcStores.Builder stores(Clock clock) {
        return JdbcStores.builder(pool).schema(newSchema()).createSchemaIfMissing(true).clock(clock);
    }

    /** @return the database's single answer to a query */
    Object queryValue(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops the schemas of the tests (closing the pool first on H2, whose files go with the folder). */
    @Override
    public void close() {
        try {
            if (dialect == JdbcDialect.POSTGRESQL) {
                for (String schema : schemas) {
                    execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
                }
            }
        } finally {
            pool.close();
        }
        if (folder != null) {
            deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
