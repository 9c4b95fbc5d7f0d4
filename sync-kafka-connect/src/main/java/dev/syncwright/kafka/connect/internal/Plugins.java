package dev.syncwright.kafka.connect.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.kafka.connect.JournalFactory;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;
import org.apache.kafka.common.config.ConfigException;

/**
 * Makes the Syncwright pieces a connector or task is configured with: the source, the destination and the journal,
 * from a type found with {@link java.util.ServiceLoader} and a JSON configuration. A configuration error becomes
 * Kafka's {@link ConfigException} naming the Kafka Connect setting and the Syncwright one (never a value).
 */
public final class Plugins {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Plugins() {
    }

    /**
     * @param type    the connector type
     * @param config  its JSON settings
     * @param setting the Kafka Connect setting that holds them, for messages
     * @param loader  where to look for the factory
     * @return a new, unopened source
     */
    public static SourceConnector source(String type, String config, String setting, ClassLoader loader) {
        try {
            return ConnectorFactory.find(type, loader).createSource(json(setting, config));
        } catch (ConfigurationException e) {
            throw new ConfigException(setting + ": " + e.getMessage());
        }
    }

    /**
     * @param type    the connector type
     * @param config  its JSON settings
     * @param setting the Kafka Connect setting that holds them, for messages
     * @param loader  where to look for the factory
     * @return a new, unopened destination
     */
    public static DestinationConnector destination(String type, String config, String setting, ClassLoader loader) {
        try {
            return ConnectorFactory.find(type, loader).createDestination(json(setting, config));
        } catch (ConfigurationException e) {
            throw new ConfigException(setting + ": " + e.getMessage());
        }
    }

    /**
     * @param type    the journal type
     * @param config  its JSON settings
     * @param setting the Kafka Connect setting that holds them, for messages
     * @param loader  where to look for the factory
     * @return the open journal
     */
    public static JournalFactory.Opened journal(String type, String config, String setting, ClassLoader loader) {
        try {
            return JournalFactory.find(type, loader).open(json(setting, config));
        } catch (ConfigurationException e) {
            throw new ConfigException(setting + ": " + e.getMessage());
        }
    }

    private static JsonNode json(String setting, String text) {
        try {
            JsonNode node = JSON.readTree(text == null ? "" : text);
            if (node == null || !node.isObject()) {
                throw new ConfigException(setting + " must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // the location only: the text may hold a secret
            throw new ConfigException(setting + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }
}
