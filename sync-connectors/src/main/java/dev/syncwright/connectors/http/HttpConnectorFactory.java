package dev.syncwright.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.connectors.internal.ConfigReader;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DestinationConnector;

import java.time.Duration;

/**
 * Makes {@link HttpDestination}s of type {@code "http"} from JSON:
 *
 * <pre>{@code
 * {"url": "https://api.example.com/batches",
 *  "statusUrl": "https://api.example.com/deliveries/{deliveryId}",
 *  "token": "...", "headers": {"X-Tenant": "acme"},
 *  "connectTimeout": "PT10S", "requestTimeout": 30000, "maxResponseBytes": 4194304, "systemName": "erp"}
 * }</pre>
 *
 * Durations are ISO-8601 text or milliseconds. {@code token} and header values are secrets. Any text setting may
 * name an environment variable, {@code "${env:API_TOKEN}"}, or a file, {@code "${file:/run/secrets/api-token}"}
 * (read as UTF-8, trailing line breaks dropped), alone or inside a text; <code>$${</code> is a literal
 * <code>${</code>. A variable that is not set or a file that cannot be read is a {@link ConfigurationException}
 * naming the setting.
 *
 * <p>Stateless and thread-safe.
 */
public final class HttpConnectorFactory implements ConnectorFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public HttpConnectorFactory() {
    }

    @Override
    public String type() {
        return "http";
    }

    /** @throws ConfigurationException naming the first missing, malformed or unknown setting */
    @Override
    public DestinationConnector createDestination(JsonNode config) {
        ConfigReader c = ConfigReader.of(config);
        HttpDestinationBuilder b = HttpDestination.builder();
        b.url(c.requiredString("url"));
        c.string("statusUrl").ifPresent(b::statusUrl);
        c.secret("token").ifPresent(b::bearerToken);
        c.stringMap("headers").forEach(b::header);
        b.connectTimeout(c.duration("connectTimeout", Duration.ofSeconds(10)));
        b.requestTimeout(c.duration("requestTimeout", Duration.ofSeconds(30)));
        b.maxResponseBytes(c.integer("maxResponseBytes", 4 << 20, 1024));
        c.string("systemName").ifPresent(b::systemName);
        c.rejectUnknown();
        return b.build();
    }
}
