package dev.syncwright.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.connectors.internal.ConfigReader;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;

import java.time.Duration;
import java.util.List;

/**
 * Makes JDBC connectors of type {@code "jdbc"} from JSON. A source ({@link JdbcSource}):
 *
 * <pre>{@code
 * {"url": "jdbc:postgresql://db/crm", "user": "sync", "password": "...",
 *  "entities": [{"name": "customers", "table": "customer", "keyColumn": "id",
 *                "updatedAtColumn": "updated_at", "referenceColumn": "code"},
 *               {"name": "open_orders", "query": "SELECT * FROM orders WHERE state = 'OPEN'", "keyColumn": "id"}],
 *  "estimateCount": true, "fetchSize": 1000, "queryTimeout": "PT5M", "systemName": "crm"}
 * }</pre>
 *
 * A destination ({@link JdbcDestination}):
 *
 * <pre>{@code
 * {"url": "jdbc:h2:./data/sync", "user": "sa", "password": "",
 *  "dialect": "H2", "createTables": true, "tables": {"customers": "crm_customer"},
 *  "writeMethod": "AUTO", "queryTimeout": "PT5M", "systemName": "warehouse"}
 * }</pre>
 *
 * Both take {@code maxConnections} (default 10) and {@code connectionTimeout} (default {@code "PT30S"}) for their
 * pool, and {@code dialect} ({@code H2} or {@code POSTGRESQL}). {@code writeMethod} is {@code AUTO} (COPY on
 * PostgreSQL, batched statements elsewhere), {@code COPY} or {@code STATEMENTS}. A host's {@code DataSource} cannot
 * be given in JSON: use the builders for that.
 *
 * <p>Any text setting may name an environment variable, {@code "${env:DB_PASSWORD}"}, or a file,
 * {@code "${file:/run/secrets/db}"} (read as UTF-8, trailing line breaks dropped), alone or inside a text;
 * <code>$${</code> is a literal <code>${</code>. A variable that is not set or a file that cannot be read is a
 * {@link ConfigurationException} naming the setting.
 *
 * <p>{@code password} is a secret. Stateless and thread-safe.
 */
public final class JdbcConnectorFactory implements ConnectorFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public JdbcConnectorFactory() {
    }

    @Override
    public String type() {
        return "jdbc";
    }

    /** @throws ConfigurationException naming the first missing, malformed or unknown setting */
    @Override
    public SourceConnector createSource(JsonNode config) {
        ConfigReader c = ConfigReader.of(config);
        JdbcSource.Builder b = connection(c, JdbcSource.builder());
        b.estimateCount(c.bool("estimateCount", true));
        b.fetchSize(c.integer("fetchSize", JdbcSource.Builder.DEFAULT_FETCH_SIZE, 1));
        List<ConfigReader> entities = c.objects("entities", null);
        if (entities.isEmpty()) {
            throw c.error("entities", "at least one entity is required");
        }
        for (ConfigReader e : entities) {
            String name = e.requiredString("name");
            String table = e.string("table").orElse(null);
            String query = e.string("query").orElse(null);
            String key = e.string("keyColumn").orElse("id");
            String updatedAt = e.string("updatedAtColumn").orElse(null);
            String reference = e.string("referenceColumn").orElse(null);
            e.rejectUnknown();
            try {
                b.entity(new JdbcEntity(name, table, query, key, updatedAt, reference));
            } catch (ConfigurationException ex) {
                String field = ex.setting().substring(ex.setting().lastIndexOf('.') + 1);
                String message = ex.getMessage().substring(ex.getMessage().indexOf("': ") + 3);
                throw e.error(field.equals("entities") ? "name" : field, message);
            }
        }
        c.rejectUnknown();
        return b.build();
    }

    /** @throws ConfigurationException naming the first missing, malformed or unknown setting */
    @Override
    public DestinationConnector createDestination(JsonNode config) {
        ConfigReader c = ConfigReader.of(config);
        JdbcDestination.Builder b = connection(c, JdbcDestination.builder());
        b.createTables(c.bool("createTables", false));
        c.string("writeMethod").ifPresent(m -> b.writeMethod(writeMethod(c, m)));
        c.stringMap("tables").forEach(b::table);
        c.rejectUnknown();
        return b.build();
    }

    private static <B extends JdbcConnectorBuilder<B>> B connection(ConfigReader c, B b) {
        b.url(c.requiredString("url"));
        c.string("user").ifPresent(b::user);
        c.secret("password").ifPresent(b::password);
        b.queryTimeout(c.duration("queryTimeout", Duration.ofMinutes(5)));
        b.maxConnections(c.integer("maxConnections", JdbcConnectorBuilder.DEFAULT_MAX_CONNECTIONS, 1));
        b.connectionTimeout(c.duration("connectionTimeout", JdbcConnectorBuilder.DEFAULT_CONNECTION_TIMEOUT));
        c.string("systemName").ifPresent(b::systemName);
        c.string("dialect").ifPresent(d -> b.dialect(SqlDialect.named(d)));
        return b;
    }

    private static JdbcDestination.WriteMethod writeMethod(ConfigReader c, String name) {
        for (JdbcDestination.WriteMethod m : JdbcDestination.WriteMethod.values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw c.error("writeMethod", "must be AUTO, COPY or STATEMENTS, was '" + Texts.shorten(name, 40) + "'");
    }
}
