package dev.syncwright.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.connectors.internal.ConfigReader;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.SourceConnector;

import java.nio.charset.StandardCharsets;

/**
 * Makes {@link CsvSource}s of type {@code "csv"} from JSON:
 *
 * <pre>{@code
 * {"directory": "/data/export",            // every *.csv file, one entity each; or instead:
 *  "files": ["/data/a.csv", {"path": "/data/b.csv", "entity": "orders", "keyColumn": "order_no"}],
 *  "keyColumn": "id", "referenceColumn": "code",
 *  "delimiter": ";", "quote": "\"", "charset": "ISO-8859-1",
 *  "maxRecordBytes": 1048576, "systemName": "export"}
 * }</pre>
 *
 * Any text setting may name an environment variable, {@code "${env:DB_PASSWORD}"}, or a file,
 * {@code "${file:/run/secrets/db}"} (read as UTF-8, trailing line breaks dropped), alone or inside a text;
 * <code>$${</code> is a literal <code>${</code>. A variable that is not set or a file that cannot be read is a
 * {@link ConfigurationException} naming the setting.
 *
 * <p>Stateless and thread-safe.
 */
public final class CsvConnectorFactory implements ConnectorFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public CsvConnectorFactory() {
    }

    @Override
    public String type() {
        return "csv";
    }

    /** @throws ConfigurationException naming the first missing, malformed or unknown setting */
    @Override
    public SourceConnector createSource(JsonNode config) {
        ConfigReader c = ConfigReader.of(config);
        CsvSource.Builder b = CsvSource.builder();
        FileConfigs.readFiles(c, b, "keyColumn");
        c.string("systemName").ifPresent(b::systemName);
        c.string("keyColumn").ifPresent(b::keyColumn);
        c.string("referenceColumn").ifPresent(b::referenceColumn);
        if (c.has("delimiter")) {
            b.delimiter(c.character("delimiter", ','));
        }
        if (c.has("quote")) {
            b.quote(c.character("quote", '"'));
        }
        b.charset(c.charset("charset", StandardCharsets.UTF_8));
        b.maxRecordBytes(c.integer("maxRecordBytes", 1 << 20, 16));
        c.rejectUnknown();
        return b.build();
    }
}
