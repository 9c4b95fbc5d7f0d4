package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.store.jdbc.JdbcStores;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Journal type {@code jdbc}: the run journal and report of {@code sync-store-jdbc} on a database every worker and
 * host reaches (PostgreSQL; H2 for workers of one JVM), through a small connection pool per task.
 *
 * <pre>{@code
 * {"url": "jdbc:postgresql://ops-db/syncwright", "user": "sync",
 *  "password": "${file:/etc/kafka/secrets.properties:journal.password}",
 *  "schema": "sync", "tablePrefix": "syncwright_", "createSchemaIfMissing": false, "poolSize": 4}
 * }</pre>
 *
 * Only {@code url} is required; {@code schema} and {@code tablePrefix} are those of {@link JdbcStores.Builder}, the
 * tables are created when missing only with {@code createSchemaIfMissing} (else they must exist: see
 * {@link JdbcStores#ddl}), and {@code poolSize} (default 4) bounds each task's connections. {@code password} is a
 * secret: give it through a config provider of the workers (as above, with {@code config.providers=file}) rather than
 * in the connector's configuration. The JDBC driver must be in the plugin's folder. Stateless and thread-safe.
 */
public final class JdbcJournalFactory implements JournalFactory {
    private static final Set<String> SETTINGS = Set.of("url", "user", "password", "schema", "tablePrefix",
            "createSchemaIfMissing", "poolSize");
    private static final int DEFAULT_POOL_SIZE = 4;

    /** Used by {@link java.util.ServiceLoader}. */
    public JdbcJournalFactory() {
    }

    @Override
    public String type() {
        return "jdbc";
    }

    /**
     * Checks the settings, then opens a pool and the store on it: the store checks the tables' version (or creates
     * the tables). The pool is closed again when that fails.
     *
     * @throws ConfigurationException naming the first missing, malformed or unknown setting
     * @throws RuntimeException       when the database cannot be reached or its tables are missing or of another
     *                                version ({@link dev.syncwright.store.jdbc.SchemaVersionException})
     */
    @Override
    public Opened open(JsonNode config) {
        Objects.requireNonNull(config, "config");
        for (Iterator<String> names = config.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SETTINGS.contains(name)) {
                throw new ConfigurationException(name,
                        "unknown setting of a jdbc journal (known: " + new TreeSet<>(SETTINGS) + ")");
            }
        }
        String url = text(config, "url");
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("url", "the journal database's JDBC URL is required");
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            // not the URL itself in the message: it may hold a password
            throw new ConfigurationException("url", "no JDBC driver on the class path accepts it", e);
        }
        int poolSize = poolSize(config);
        boolean create = flag(config, "createSchemaIfMissing");
        String schema = text(config, "schema");
        String tablePrefix = text(config, "tablePrefix");

        // started on the first connection the store takes, so that the names are checked before anything connects
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(text(config, "user"));
        pool.setPassword(text(config, "password"));
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(1);
        pool.setPoolName("syncwright-journal");
        try {
            JdbcStores.Builder stores = JdbcStores.builder(pool).createSchemaIfMissing(create);
            if (schema != null) {
                try {
                    stores.schema(schema);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("schema", e.getMessage(), e);
                }
            }
            if (tablePrefix != null) {
                try {
                    stores.tablePrefix(tablePrefix);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("tablePrefix", e.getMessage(), e);
                }
            }
            RunJournal journal = stores.build().reportStore();
            return new Opened() {
                @Override
                public RunJournal journal() {
                    return journal;
                }

                @Override
                public void close() {
                    pool.close();
                }
            };
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    private static int poolSize(JsonNode config) {
        JsonNode n = config.get("poolSize");
        if (n == null || n.isNull()) {
            return DEFAULT_POOL_SIZE;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw new ConfigurationException("poolSize", "must be a whole number of at least 1");
        }
        return n.asInt();
    }

    private static boolean flag(JsonNode config, String name) {
        JsonNode n = config.get(name);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new ConfigurationException(name, "must be true or false");
        }
        return n.asBoolean();
    }

    private static String text(JsonNode config, String name) {
        JsonNode n = config.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ConfigurationException(name, "must be a text");
        }
        return n.asText();
    }
}
