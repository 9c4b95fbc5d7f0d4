package dev.syncwright.connectors.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a connector's JSON configuration, one setting at a time, and remembers which settings it was
 * asked about so that {@link #rejectUnknown()} can name any setting nobody reads. Every error is a
 * {@link ConfigurationException} naming the setting by its path (e.g. {@code entities[1].table}); values
 * of secret settings are never put in a message. Not thread-safe; use one per configuration.
 *
 * <p>Every text it reads (strings, secrets, durations written as text, entries of maps and lists) first has its
 * {@code ${env:NAME}} and {@code ${file:/path}} references resolved: see {@link ConfigReferences}.
 */
public final class ConfigReader {
    private final JsonNode node;
    private final String path;
    private final ConfigReferences references;
    private final Set<String> known = new LinkedHashSet<>();

    private ConfigReader(JsonNode node, String path, ConfigReferences references) {
        this.node = node;
        this.path = path;
        this.references = references;
    }

    /**
     * @param config the configuration
     * @return a reader of it that resolves references from this process's environment and file system
     * @throws ConfigurationException when the configuration is not a JSON object
     */
    public static ConfigReader of(JsonNode config) {
        return of(config, ConfigReferences.system());
    }

    /**
     * @param config     the configuration
     * @param references how {@code ${env:...}} and {@code ${file:...}} references are resolved, not null
     * @return a reader of it
     * @throws ConfigurationException when the configuration is not a JSON object
     */
    public static ConfigReader of(JsonNode config, ConfigReferences references) {
        Objects.requireNonNull(references, "references");
        if (config == null || !config.isObject()) {
            throw new ConfigurationException("config", "the configuration must be a JSON object");
        }
        return new ConfigReader(config, "", references);
    }

    /** @return the text of a textual node, its references resolved; errors name {@code setting} */
    private String text(String setting, JsonNode value) {
        return references.resolve(setting, value.asText());
    }

    /**
     * @return the full name of a setting of this object, as used in error messages; on one line, since names
     *         come from the configuration too
     */
    public String name(String field) {
        return path + Texts.oneLine(field);
    }

    /** @return a configuration error about {@code field} */
    public ConfigurationException error(String field, String message) {
        return new ConfigurationException(name(field), message);
    }

    /** @return true when the setting is present and not null */
    public boolean has(String field) {
        known.add(field);
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** @return the string setting, if present */
    public Optional<String> string(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw error(field, "must be a string");
        }
        return Optional.of(text(name(field), value));
    }

    /** @return the string setting, which must be present and not blank */
    public String requiredString(String field) {
        String value = string(field).orElseThrow(() -> error(field, "is required"));
        if (value.isBlank()) {
            throw error(field, "must not be blank");
        }
        return value;
    }

    /** @return the secret setting, if present; its value never appears in an error */
    public Optional<Secret> secret(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw error(field, "must be a string");
        }
        return Optional.of(Secret.of(text(name(field), value)));
    }

    /** @return the integer setting, or {@code defaultValue}; must be at least {@code min} */
    public int integer(String field, int defaultValue, int min) {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error(field, "must be an integer, was " + value);
        }
        if (value.asInt() < min) {
            throw error(field, "must be at least " + min + ", was " + value.asInt());
        }
        return value.asInt();
    }

    /** @return the boolean setting, or {@code defaultValue} */
    public boolean bool(String field, boolean defaultValue) {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw error(field, "must be true or false, was " + value);
        }
        return value.asBoolean();
    }

    /** @return a positive duration given as ISO-8601 text ({@code "PT30S"}) or milliseconds, or {@code defaultValue} */
    public Duration duration(String field, Duration defaultValue) {
        if (!has(field)) {
            return defaultValue;
        }
        JsonNode value = node.get(field);
        Duration d;
        if (value.isIntegralNumber()) {
            d = Duration.ofMillis(value.asLong());
        } else if (value.isTextual()) {
            try {
                d = Duration.parse(text(name(field), value));
            } catch (DateTimeParseException e) {
                throw error(field, "must be an ISO-8601 duration such as PT30S or a number of milliseconds, was "
                        + value);
            }
        } else {
            throw error(field, "must be an ISO-8601 duration such as PT30S or a number of milliseconds, was " + value);
        }
        if (d.isNegative() || d.isZero()) {
            throw error(field, "must be positive, was " + value);
        }
        return d;
    }

    /** @return a one-character setting, or {@code defaultValue} */
    public char character(String field, char defaultValue) {
        String value = string(field).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        if (value.length() != 1) {
            throw error(field, "must be exactly one character, was \"" + Texts.oneLine(value) + "\"");
        }
        return value.charAt(0);
    }

    /** @return the charset setting, or {@code defaultValue} */
    public Charset charset(String field, Charset defaultValue) {
        String value = string(field).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Charset.forName(value);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw error(field, "charset '" + Texts.oneLine(value) + "' is not supported");
        }
    }

    /** @return an object of string values (e.g. headers), empty when absent; the values are secret-safe */
    public Map<String, String> stringMap(String field) {
        if (!has(field)) {
            return Map.of();
        }
        JsonNode value = node.get(field);
        if (!value.isObject()) {
            throw error(field, "must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String entry = name(field) + "." + Texts.oneLine(e.getKey());
            if (!e.getValue().isTextual()) {
                throw new ConfigurationException(entry, "must be a string");
            }
            map.put(e.getKey(), text(entry, e.getValue()));
        }
        return map;
    }

    /** @return an array of strings, empty when absent */
    public List<String> strings(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            throw error(field, "must be an array of strings");
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String entry = name(field) + "[" + i + "]";
            if (!value.get(i).isTextual()) {
                throw new ConfigurationException(entry, "must be a string");
            }
            list.add(text(entry, value.get(i)));
        }
        return list;
    }

    /**
     * @return readers of the objects of an array setting, empty when absent. Each element may instead be a
     *         string, which is handed to the reader as the value of {@code shorthandField}.
     */
    public List<ConfigReader> objects(String field, String shorthandField) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            throw error(field, "must be an array");
        }
        List<ConfigReader> list = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String elementPath = name(field) + "[" + i + "].";
            if (element.isTextual() && shorthandField != null) {
                element = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put(shorthandField, element.asText());
            } else if (!element.isObject()) {
                throw new ConfigurationException(name(field) + "[" + i + "]", "must be an object");
            }
            list.add(new ConfigReader(element, elementPath, references));
        }
        return list;
    }

    /**
     * Fails on the first setting that was never read.
     *
     * @throws ConfigurationException naming the unknown setting and listing the known ones
     */
    public void rejectUnknown() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw error(field, "unknown setting (known settings: " + String.join(", ", known) + ")");
            }
        }
    }
}
