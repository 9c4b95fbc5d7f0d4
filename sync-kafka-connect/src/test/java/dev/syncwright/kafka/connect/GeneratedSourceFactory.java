package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.InMemorySource;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Connector type {@code generated}: the testkit's {@link InMemorySource}, the same records in every JVM for the same
 * settings, so that workers in several processes read one consistent source.
 *
 * <pre>{@code {"entities": {"a": 5000, "b": 5000}, "fieldsPerRecord": 3, "pageDelay": "PT0.02S"}}</pre>
 *
 * {@code pageDelay}, when given, makes each page take that long to read, as a remote source would.
 */
public final class GeneratedSourceFactory implements ConnectorFactory {
    @Override
    public String type() {
        return "generated";
    }

    @Override
    public SourceConnector createSource(JsonNode config) {
        InMemorySource.Builder b = InMemorySource.builder().fieldsPerRecord(config.path("fieldsPerRecord").asInt(3));
        JsonNode entities = config.path("entities");
        if (!entities.isObject() || entities.isEmpty()) {
            throw new ConfigurationException("entities", "an object of entity name to record count is required");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = entities.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            b.entity(e.getKey(), e.getValue().asInt());
        }
        InMemorySource source = b.build();
        if (!config.hasNonNull("pageDelay")) {
            return source;
        }
        Duration delay = Duration.parse(config.get("pageDelay").asText());
        return new SourceConnector() {
            @Override
            public String systemName() {
                return source.systemName();
            }

            @Override
            public List<EntityDescriptor> entities() {
                return source.entities();
            }

            @Override
            public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ConnectorException.transientFailure("interrupted", e);
                }
                return source.read(entity, from, maxRecords);
            }

            @Override
            public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
                return source.readByKeys(entity, keys);
            }
        };
    }
}
