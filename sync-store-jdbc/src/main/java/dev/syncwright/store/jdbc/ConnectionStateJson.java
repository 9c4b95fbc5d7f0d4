package dev.syncwright.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.core.connection.MetadataSyncState;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SchemaChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A {@link ConnectionState} as JSON and back, every part of it: data spaces, the metadata sync with its error
 * log (schema changes by their {@code kind}), and the entity descriptors the companion was given. Written with
 * Jackson's tree model, field by field: no type information is read from the JSON, so a document can only ever
 * become these records. Times are ISO-8601 instants with their full precision. Stateless and thread-safe.
 *
 * <pre>{@code
 * {"format":1,"id":"c-1","name":"crm ↔ erp","status":"ACTIVE","reason":null,"since":"2026-02-01T08:00:00.123Z",
 *  "dataSpaces":[{"name":"sales","entities":["orders"],"status":"ACTIVE","reason":null,"since":"...","syncName":"..."}],
 *  "metadata":{"status":"IDLE","pendingChanges":0,"round":0,"lastRoundAt":null,"reason":null,"errorLog":null},
 *  "syncedMetadata":[{"name":"orders","keyField":"id","fields":[{"name":"id","type":"INTEGER"}],"estimatedCount":null}]}
 * }</pre>
 */
public final class ConnectionStateJson {
    /** The version of the JSON layout written, in its {@code format} field. */
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectionStateJson() {
    }

    /**
     * @param state the state, not null
     * @return its JSON text
     */
    public static String write(ConnectionState state) {
        Objects.requireNonNull(state, "state must not be null");
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("id", state.id());
        o.put("name", state.name());
        o.put("status", state.status().name());
        o.put("reason", state.reason());
        o.put("since", state.since().toString());
        ArrayNode spaces = o.putArray("dataSpaces");
        for (DataSpaceState d : state.dataSpaces()) {
            ObjectNode s = spaces.addObject();
            s.put("name", d.name());
            ArrayNode entities = s.putArray("entities");
            d.dataSpace().entities().forEach(entities::add);
            s.put("status", d.status().name());
            s.put("reason", d.reason());
            s.put("since", d.since().toString());
            s.put("syncName", d.syncName());
        }
        MetadataSyncState m = state.metadata();
        ObjectNode meta = o.putObject("metadata");
        meta.put("status", m.status().name());
        meta.put("pendingChanges", m.pendingChanges());
        meta.put("round", m.round());
        meta.put("lastRoundAt", time(m.lastRoundAt()));
        meta.put("reason", m.reason());
        if (m.errorLog() == null) {
            meta.putNull("errorLog");
        } else {
            meta.set("errorLog", errorLog(m.errorLog()));
        }
        ArrayNode synced = o.putArray("syncedMetadata");
        state.syncedMetadata().forEach(e -> synced.add(entity(e)));
        return o.toString();
    }

    /**
     * @param json a text from {@link #write}, not null
     * @return the state it holds
     * @throws IllegalArgumentException when the text is not such JSON, or a value is missing or invalid
     */
    public static ConnectionState read(String json) {
        Objects.requireNonNull(json, "json must not be null");
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a connection state: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a connection state: a JSON object is expected");
        }
        int format = o.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IllegalArgumentException("connection state of format " + format + "; this release reads format "
                    + FORMAT);
        }
        try {
            List<DataSpaceState> spaces = new ArrayList<>();
            for (JsonNode s : array(o, "dataSpaces")) {
                List<String> entities = new ArrayList<>();
                array(s, "entities").forEach(e -> entities.add(e.asText()));
                spaces.add(new DataSpaceState(new DataSpace(text(s, "name"), entities),
                        DataSpaceStatus.valueOf(required(s, "status")), text(s, "reason"), instant(s, "since"),
                        required(s, "syncName")));
            }
            JsonNode meta = o.path("metadata");
            MetadataSyncState metadata = new MetadataSyncState(MetadataSyncStatus.valueOf(required(meta, "status")),
                    meta.path("pendingChanges").asInt(), meta.path("round").asLong(), instant(meta, "lastRoundAt"),
                    text(meta, "reason"), meta.hasNonNull("errorLog") ? errorLog(meta.get("errorLog")) : null);
            List<EntityDescriptor> synced = new ArrayList<>();
            for (JsonNode e : array(o, "syncedMetadata")) {
                synced.add(entity(e));
            }
            return new ConnectionState(text(o, "id"), text(o, "name"), ConnectionStatus.valueOf(required(o, "status")),
                    text(o, "reason"), instant(o, "since"), spaces, metadata, synced);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid connection state: " + e.getMessage(), e);
        }
    }

    private static ObjectNode errorLog(MetadataErrorLog log) {
        ObjectNode o = JSON.createObjectNode();
        o.put("connectionId", log.connectionId());
        o.put("connectionName", log.connectionName());
        o.put("round", log.round());
        o.put("startedAt", log.startedAt().toString());
        o.put("finishedAt", log.finishedAt().toString());
        o.put("applied", log.applied());
        ArrayNode failures = o.putArray("failures");
        for (MetadataErrorLog.Failure f : log.failures()) {
            ObjectNode fo = failures.addObject();
            fo.set("change", change(f.change()));
            fo.put("reason", f.reason());
            fo.put("at", f.at().toString());
        }
        return o;
    }

    private static MetadataErrorLog errorLog(JsonNode o) {
        List<MetadataErrorLog.Failure> failures = new ArrayList<>();
        for (JsonNode f : array(o, "failures")) {
            failures.add(new MetadataErrorLog.Failure(change(f.path("change")), required(f, "reason"), instant(f, "at")));
        }
        return new MetadataErrorLog(required(o, "connectionId"), required(o, "connectionName"), o.path("round").asLong(),
                instant(o, "startedAt"), instant(o, "finishedAt"), o.path("applied").asInt(), failures);
    }

    private static ObjectNode change(SchemaChange change) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", change.kind().name());
        if (change instanceof SchemaChange.EntityAdded a) {
            o.set("descriptor", entity(a.descriptor()));
        } else if (change instanceof SchemaChange.EntityRemoved r) {
            o.put("entity", r.entity());
        } else if (change instanceof SchemaChange.FieldAdded a) {
            o.put("entity", a.entity());
            o.set("field", field(a.field()));
        } else if (change instanceof SchemaChange.FieldRemoved r) {
            o.put("entity", r.entity());
            o.set("field", field(r.field()));
        } else if (change instanceof SchemaChange.FieldTypeChanged c) {
            o.put("entity", c.entity());
            o.put("field", c.field());
            o.put("oldType", c.oldType().name());
            o.put("newType", c.newType().name());
        }
        return o;
    }

    private static SchemaChange change(JsonNode o) {
        return switch (SchemaChange.Kind.valueOf(required(o, "kind"))) {
            case ENTITY_ADDED -> new SchemaChange.EntityAdded(entity(o.path("descriptor")));
            case ENTITY_REMOVED -> new SchemaChange.EntityRemoved(required(o, "entity"));
            case FIELD_ADDED -> new SchemaChange.FieldAdded(required(o, "entity"), field(o.path("field")));
            case FIELD_REMOVED -> new SchemaChange.FieldRemoved(required(o, "entity"), field(o.path("field")));
            case FIELD_TYPE_CHANGED -> new SchemaChange.FieldTypeChanged(required(o, "entity"), required(o, "field"),
                    FieldType.valueOf(required(o, "oldType")), FieldType.valueOf(required(o, "newType")));
        };
    }

    private static ObjectNode entity(EntityDescriptor e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", e.name());
        o.put("keyField", e.keyField());
        ArrayNode fields = o.putArray("fields");
        e.fields().forEach(f -> fields.add(field(f)));
        if (e.estimatedCount().isPresent()) {
            o.put("estimatedCount", e.estimatedCount().getAsLong());
        } else {
            o.putNull("estimatedCount");
        }
        return o;
    }

    private static EntityDescriptor entity(JsonNode o) {
        List<FieldDescriptor> fields = new ArrayList<>();
        for (JsonNode f : array(o, "fields")) {
            fields.add(field(f));
        }
        OptionalLong estimated = o.hasNonNull("estimatedCount") ? OptionalLong.of(o.get("estimatedCount").asLong())
                : OptionalLong.empty();
        return new EntityDescriptor(text(o, "name"), text(o, "keyField"), fields, estimated);
    }

    private static ObjectNode field(FieldDescriptor f) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", f.name());
        o.put("type", f.type().name());
        return o;
    }

    private static FieldDescriptor field(JsonNode o) {
        return new FieldDescriptor(text(o, "name"), FieldType.valueOf(required(o, "type")));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(JsonNode o, String name) {
        String text = text(o, name);
        return text == null ? null : Instant.parse(text);
    }

    /** @return the text field, or null when it is missing or null */
    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode o, String name) {
        String v = text(o, name);
        if (v == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return v;
    }

    private static JsonNode array(JsonNode o, String name) {
        JsonNode v = o.path(name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("'" + name + "' must be an array");
        }
        return v;
    }
}
