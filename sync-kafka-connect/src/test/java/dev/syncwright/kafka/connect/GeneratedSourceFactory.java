package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.SourceConnector;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connector type {@code generated}: a {@link GeneratedSource}, the same records in every JVM for the same settings,
 * so that workers in several processes read one consistent source.
 *
 * <pre>{@code {"entities": {"a": 5000, "b": 5000}, "fieldsPerRecord": 3, "pageDelay": "PT0.02S"}}</pre>
 */
public final class GeneratedSourceFactory implements ConnectorFactory {
    @Override
    public String type() {
        return "generated";
    }

    @Override
    public SourceConnector createSource(JsonNode config) {
        JsonNode entities = config.path("entities");
        if (!entities.isObject() || entities.isEmpty()) {
            throw new ConfigurationException("entities", "an object of entity name to record count is required");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entities.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            counts.put(e.getKey(), e.getValue().asInt());
        }
        Duration delay = config.hasNonNull("pageDelay") ? Duration.parse(config.get("pageDelay").asText()) : Duration.ZERO;
        return new GeneratedSource(counts, config.path("fieldsPerRecord").asInt(3), delay);
    }
}
