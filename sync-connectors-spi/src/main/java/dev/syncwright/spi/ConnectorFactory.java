package dev.syncwright.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Creates connectors of one type from a JSON configuration. Implementations are found with
 * {@link ServiceLoader} (list them in {@code META-INF/services/dev.syncwright.spi.ConnectorFactory}) and must
 * be thread-safe and stateless.
 *
 * <p>A factory validates the whole configuration before creating anything: an unknown field, a missing or
 * malformed setting is a {@link ConfigurationException} naming the setting. Values of secret settings
 * are wrapped in {@link Secret} and never appear in messages.
 */
public interface ConnectorFactory {

    /** @return the connector type this factory makes, e.g. {@code "csv"}, {@code "jdbc"}, {@code "http"} */
    String type();

    /**
     * @param config the connector's settings, not null
     * @return a new, unopened source
     * @throws ConfigurationException when a setting is missing or wrong, or this type has no source
     */
    default SourceConnector createSource(JsonNode config) {
        throw new ConfigurationException("type", "connector type '" + type() + "' cannot be a source");
    }

    /**
     * @param config the connector's settings, not null
     * @return a new, unopened destination
     * @throws ConfigurationException when a setting is missing or wrong, or this type has no destination
     */
    default DestinationConnector createDestination(JsonNode config) {
        throw new ConfigurationException("type", "connector type '" + type() + "' cannot be a destination");
    }

    /**
     * Finds the factory of a connector type among those visible to the class loader.
     *
     * @param type        the connector type
     * @param classLoader where to look, may be null for the system class loader
     * @return the factory
     * @throws ConfigurationException naming {@code type} when no factory makes that type
     */
    static ConnectorFactory find(String type, ClassLoader classLoader) {
        Objects.requireNonNull(type, "type");
        List<String> known = new ArrayList<>();
        for (ConnectorFactory factory : ServiceLoader.load(ConnectorFactory.class, classLoader)) {
            if (factory.type().equals(type)) {
                return factory;
            }
            known.add(factory.type());
        }
        throw new ConfigurationException("type", "no connector of type '" + type + "' (known: " + known + ")");
    }
}
