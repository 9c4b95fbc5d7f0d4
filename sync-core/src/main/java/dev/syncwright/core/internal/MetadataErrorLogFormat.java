package dev.syncwright.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.spi.SchemaChange;

import java.io.UncheckedIOException;

/** Renders a {@link MetadataErrorLog} as JSON (Jackson's tree model, no default typing) or as plain text. */
public final class MetadataErrorLogFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetadataErrorLogFormat() {
    }

    /** @return the log as one pretty-printed JSON object */
    public static String json(MetadataErrorLog log) {
        ObjectNode root = JSON.createObjectNode();
        root.put("connectionId", log.connectionId());
        root.put("connectionName", log.connectionName());
        root.put("round", log.round());
        root.put("startedAt", log.startedAt().toString());
        root.put("finishedAt", log.finishedAt().toString());
        root.put("applied", log.applied());
        root.put("failed", log.failures().size());
        ArrayNode failures = root.putArray("failures");
        for (MetadataErrorLog.Failure f : log.failures()) {
            ObjectNode node = failures.addObject();
            SchemaChange change = f.change();
            node.put("kind", change.kind().name());
            node.put("entity", change.entity());
            Field field = Field.of(change);
            node.put("field", field.name());
            node.put("fromType", field.fromType());
            node.put("toType", field.toType());
            node.put("change", change.describe());
            node.put("reason", f.reason());
            node.put("at", f.at().toString());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not render the metadata error log as JSON", e);
        }
    }

    /** @return the log as text: a header, a summary, and one line per failed change */
    public static String text(MetadataErrorLog log) {
        StringBuilder out = new StringBuilder();
        out.append("Metadata sync error log of connection '").append(Texts.oneLine(log.connectionName())).append("' (")
                .append(log.connectionId()).append("), round ").append(log.round()).append('\n');
        out.append("started ").append(log.startedAt()).append(", finished ").append(log.finishedAt()).append(": ")
                .append(log.applied()).append(" applied, ").append(log.failures().size()).append(" failed\n");
        for (MetadataErrorLog.Failure f : log.failures()) {
            out.append(f.at()).append("  ").append(f.change().kind()).append("  ")
                    .append(Texts.oneLine(f.change().describe())).append("  failed: ").append(Texts.oneLine(f.reason()))
                    .append('\n');
        }
        return out.toString();
    }

    /** The field a change is about and its types before and after; null where a change has none. */
    private record Field(String name, String fromType, String toType) {
        static Field of(SchemaChange change) {
            if (change instanceof SchemaChange.FieldAdded a) {
                return new Field(a.field().name(), null, a.field().type().name());
            }
            if (change instanceof SchemaChange.FieldRemoved r) {
                return new Field(r.field().name(), r.field().type().name(), null);
            }
            if (change instanceof SchemaChange.FieldTypeChanged t) {
                return new Field(t.field(), t.oldType().name(), t.newType().name());
            }
            return new Field(null, null, null);
        }
    }
}
