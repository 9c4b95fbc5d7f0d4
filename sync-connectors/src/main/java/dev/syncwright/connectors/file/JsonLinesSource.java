package dev.syncwright.connectors.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.connectors.internal.EntityFile;
import dev.syncwright.connectors.internal.FileEstimates;
import dev.syncwright.connectors.internal.FilePosition;
import dev.syncwright.connectors.internal.Json;
import dev.syncwright.connectors.internal.LineReader;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads JSON-lines files (one JSON object per line, UTF-8), one file per entity. Field values become
 * String, Long, BigDecimal, Boolean or null; nested objects and arrays are kept as their JSON text.
 *
 * <p>The checkpoint is the byte offset and line number after the last record read, so a resumed read
 * seeks straight to where it stopped. A line that is not a JSON object becomes a key-less record made by
 * {@link MalformedRecords}, reported FAILED with the file and line, and reading goes on. A line whose key
 * field is missing or null becomes a key-less record too (the engine reports "record has no key"), with the
 * file and line as its reference.
 *
 * <p>Thread-safe: reads of different entities may run at once. Build with {@link #builder()}.
 */
public final class JsonLinesSource implements SourceConnector {
    private final FileSourceSettings settings;
    private volatile Map<String, EntityFile> files = Map.of();

    private JsonLinesSource(FileSourceSettings settings) {
        this.settings = settings;
    }

    /** @return a builder with the defaults: UTF-8, key field {@code id}; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String systemName() {
        return settings.systemName();
    }

    /**
     * Finds the files: lists the directory ({@code *.jsonl}), or checks that every listed file exists.
     *
     * @throws ConfigurationException naming {@code directory} or {@code files} when they cannot be read
     */
    @Override
    public void open() {
        files = settings.resolveFiles(".jsonl");
    }

    /** @return one entity per file, with the fields of its first record and an estimated count */
    @Override
    public List<EntityDescriptor> entities() {
        List<EntityDescriptor> result = new ArrayList<>();
        for (EntityFile file : files.values()) {
            result.add(new EntityDescriptor(file.entity(), keyField(file), firstFields(file),
                    OptionalLong.of(FileEstimates.records(file.path(), 0))));
        }
        return List.copyOf(result);
    }

    /** @throws ConnectorException (permanent) when the file is gone, unreadable or shorter than the checkpoint */
    @Override
    public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
        EntityFile file = file(entity);
        List<SyncRecord> records = new ArrayList<>(Math.min(maxRecords, 1024));
        try (LineReader reader = open(file, FilePosition.of(from))) {
            while (records.size() < maxRecords) {
                LineReader.Line line = reader.next();
                if (line == null) {
                    break;
                }
                if (line.error() == null && line.text().isBlank()) {
                    continue;
                }
                records.add(toRecord(file, line));
            }
            return new Page(records, reader.position().toCheckpoint(), !reader.atEnd());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Scans the whole file for the keys. */
    @Override
    public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
        EntityFile file = file(entity);
        Set<String> wanted = new HashSet<>(keys);
        Map<String, SyncRecord> found = new LinkedHashMap<>();
        try (LineReader reader = open(file, FilePosition.START)) {
            for (LineReader.Line line = reader.next(); line != null && found.size() < wanted.size(); line = reader.next()) {
                if (line.error() == null && !line.text().isBlank()) {
                    SyncRecord r = toRecord(file, line);
                    if (r.key() != null && wanted.contains(r.key())) {
                        found.put(r.key(), r);
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return List.copyOf(found.values());
    }

    private SyncRecord toRecord(EntityFile file, LineReader.Line line) {
        if (line.error() != null) {
            return MalformedRecords.of(file.entity(), file.fileName(), line.number(), line.error());
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(line.text());
        } catch (JsonProcessingException e) {
            return MalformedRecords.of(file.entity(), file.fileName(), line.number(),
                    "is not valid JSON: " + Texts.shorten(e.getOriginalMessage(), 200));
        }
        if (node == null || !node.isObject()) {
            return MalformedRecords.of(file.entity(), file.fileName(), line.number(), "is not a JSON object");
        }
        Map<String, Object> fields = Json.fields(node);
        String key = Json.text(fields.get(keyField(file)));
        String reference = settings.reference() == null ? null : Json.text(fields.get(settings.reference()));
        if (key == null || key.isEmpty()) {
            key = null;
            reference = file.fileName() + " line " + line.number();
        }
        return new SyncRecord(file.entity(), key, reference == null ? key : reference, fields, null);
    }

    private List<FieldDescriptor> firstFields(EntityFile file) {
        try (LineReader reader = open(file, FilePosition.START)) {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                if (line.error() != null || line.text().isBlank()) {
                    continue;
                }
                JsonNode node = Json.mapper().readTree(line.text());
                if (node == null || !node.isObject()) {
                    continue;
                }
                List<FieldDescriptor> fields = new ArrayList<>();
                Json.fields(node).forEach((name, value) -> fields.add(new FieldDescriptor(name, typeOf(value, node.get(name)))));
                return fields;
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable file is reported when the entity is read
        }
        return List.of();
    }

    private static FieldType typeOf(Object value, JsonNode node) {
        if (value instanceof Long) {
            return FieldType.INTEGER;
        }
        if (value instanceof BigDecimal) {
            return FieldType.DECIMAL;
        }
        if (value instanceof Boolean) {
            return FieldType.BOOLEAN;
        }
        return node.isContainerNode() ? FieldType.JSON : FieldType.STRING;
    }

    private String keyField(EntityFile file) {
        return file.key() != null ? file.key() : settings.key();
    }

    private EntityFile file(EntityDescriptor entity) {
        EntityFile file = files.get(entity.name());
        if (file == null) {
            throw ConnectorException.permanent("no JSON-lines file for entity '" + entity.name()
                    + "' (was the source opened?)", null);
        }
        return file;
    }

    private LineReader open(EntityFile file, FilePosition position) throws IOException {
        return new LineReader(file.path(), settings.charset(), position, settings.maxRecordBytes());
    }

    private static ConnectorException unreadable(EntityFile file, IOException e) {
        String why = e instanceof NoSuchFileException ? "the file does not exist" : Texts.describe(e);
        return ConnectorException.permanent("cannot read " + file.path() + ": " + why, e);
    }

    @Override
    public String toString() {
        return "JsonLinesSource[" + settings + "]";
    }

    /**
     * Builds a {@link JsonLinesSource}. Set either {@link #directory} or one or more {@link #file}s. Each
     * setting is checked as it is given. Not thread-safe.
     */
    public static final class Builder extends FileSourceBuilder<Builder> {
        private Builder() {
            super("jsonl", "id");
        }

        /**
         * @param field the field holding each record's key, for files that set none (default {@code id})
         * @return this builder
         */
        public Builder keyField(String field) {
            return key("keyField", field);
        }

        /**
         * @param field a field holding the human-readable reference shown in reports; unset: the key
         * @return this builder
         */
        public Builder referenceField(String field) {
            return reference("referenceField", field);
        }

        /**
         * @return a new source with a copy of these settings
         * @throws ConfigurationException when neither directory nor files are set
         */
        public JsonLinesSource build() {
            return new JsonLinesSource(settings());
        }
    }
}
