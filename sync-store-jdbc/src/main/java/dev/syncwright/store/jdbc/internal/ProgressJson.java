package dev.syncwright.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A run's entity progress as a JSON array (tree model, every field named). Stateless and thread-safe. */
final class ProgressJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProgressJson() {
    }

    static String write(List<EntityProgress> entities) {
        ArrayNode array = JSON.createArrayNode();
        for (EntityProgress e : entities) {
            ObjectNode o = array.addObject();
            o.put("entity", e.entity());
            o.put("status", e.status().name());
            o.put("records", e.records());
            o.put("elapsed", e.elapsed().toString());
            DeliveryCounts d = e.deliveries();
            o.put("ok", d.ok());
            o.put("sent", d.sent());
            o.put("pending", d.pending());
            o.put("failed", d.failed());
            o.put("estimated", e.estimated());
            if (e.error() != null) {
                o.put("error", e.error());
            }
            o.put("interrupted", e.interrupted());
        }
        return array.toString();
    }

    static List<EntityProgress> read(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run's stored progress is not JSON: " + e.getOriginalMessage(), e);
        }
        List<EntityProgress> out = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            out.add(new EntityProgress(o.path("entity").asText(), EntityStatus.valueOf(o.path("status").asText()),
                    o.path("records").asLong(), Duration.parse(o.path("elapsed").asText()),
                    new DeliveryCounts(o.path("ok").asLong(), o.path("sent").asLong(), o.path("pending").asLong(),
                            o.path("failed").asLong()),
                    o.path("estimated").asLong(), o.hasNonNull("error") ? o.get("error").asText() : null,
                    o.path("interrupted").asBoolean()));
        }
        return out;
    }
}
