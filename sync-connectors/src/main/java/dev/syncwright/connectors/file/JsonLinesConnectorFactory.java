package dev.syncwright.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.connectors.internal.ConfigReader;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;

import java.nio.charset.StandardCharsets;

/**
 * Makes JSON-lines connectors of type {@code "jsonl"} from JSON. A source ({@link JsonLinesSource}):
 *
 * <pre>{@code
 * {"directory": "/data/in",                // every *.jsonl file, one entity each; or instead:
 *  "files": ["/data/a.jsonl", {"path": "/data/b.jsonl", "entity": "orders", "keyField": "no"}],
 *  "keyField": "id", "referenceField": "code", "charset": "UTF-8",
 *  "maxRecordBytes": 1048576, "systemName": "feed"}
 * }</pre>
 *
 * A destination ({@link JsonLinesDestination}): {@code {"directory": "/data/out", "systemName": "archive"}}.
 * Any text setting may name an environment variable, {@code "${env:DB_PASSWORD}"}, or a file,
 * {@code "${file:/run/secrets/db}"} (read as UTF-8, trailing line breaks dropped), alone or inside a text;
 * <code>$${</code> is a literal <code>${</code>. A variable that is not set or a file that cannot be read is a
 * {@link ConfigurationException} naming the setting.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonLinesConnectorFactory implements ConnectorFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public JsonLinesConnectorFactory() {
    }

    @Override
    public String type() {
        return "jsonl";
    }

    /** @throws ConfigurationException naming the first missing, malformed or unknown setting */
    @Override
    public SourceConnector createSource(JsonNode config) {
        ConfigReader c = ConfigReader.of(config);
        JsonLinesSource.Builder b = JsonLinesSource.builder();
        FileConfigs.readFiles(c, b, "keyField");
        c.string("systemName").ifPresent(b::systemName);
        c.string("keyField").ifPresent(b::keyField);
        c.string("referenceField").ifPresent(b::referenceField);
        b.charset(c.charset("charset", StandardCharsets.UTF_8));
        b.maxRecordBytes(c.integer("maxRecordBytes", 1 << 20, 16));
        c.rejectUnknown();
        return b.build();
    }

    /** @throws ConfigurationException naming the first missing, malformed or unknown setting */
    @Override
    public DestinationConnector createDestination(JsonNode config) {
        ConfigReader c = ConfigReader.of(config);
        JsonLinesDestination.Builder b = JsonLinesDestination.builder();
        b.directory(FileConfigs.path(c, "directory", c.requiredString("directory")));
        c.string("systemName").ifPresent(b::systemName);
        c.rejectUnknown();
        return b.build();
    }
}
