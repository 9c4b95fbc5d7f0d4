package dev.syncwright.examples.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.core.connection.MetadataSyncState;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The connections page's API: every connection's status, its data spaces with their initialization status and
 * its metadata sync (also pushed as events), the download of a metadata sync's error log, and "check now".
 * Thread-safe.
 */
final class ConnectionsApi {
    private final ConnectionManager connections;

    ConnectionsApi(ConnectionManager connections) {
        this.connections = connections;
    }

    /** @return the page's state: {@code {"connections": [...]}} */
    ObjectNode snapshot() {
        ObjectNode json = Http.JSON.createObjectNode();
        ArrayNode list = json.putArray("connections");
        for (Connection c : connections.connections()) {
            ConnectionState s = c.state();
            ObjectNode row = list.addObject().put("id", s.id()).put("name", s.name()).put("status", s.status().name())
                    .put("reason", s.reason()).put("since", time(s.since()))
                    .put("home", c.home().systemName()).put("companion", c.companion().systemName());
            ArrayNode spaces = row.putArray("dataSpaces");
            for (DataSpaceState d : s.dataSpaces()) {
                ObjectNode space = spaces.addObject().put("name", d.name()).put("status", d.status().name())
                        .put("reason", d.reason()).put("since", time(d.since())).put("syncName", d.syncName());
                d.dataSpace().entities().forEach(space.putArray("entities")::add);
            }
            MetadataSyncState m = s.metadata();
            row.putObject("metadata").put("status", m.status().name()).put("pendingChanges", m.pendingChanges())
                    .put("round", m.round()).put("lastRoundAt", time(m.lastRoundAt())).put("reason", m.reason())
                    .put("paused", m.isPaused()).put("errorLog", m.lastErrorLog().isPresent());
        }
        return json;
    }

    void state(HttpExchange exchange) throws IOException {
        Http.json(exchange, 200, snapshot());
    }

    void errorLog(HttpExchange exchange) throws IOException {
        Http.Query q = Http.Query.of(exchange);
        Connection connection = connection(q.text("id"));
        MetadataErrorLog log = connection.metadataSync().lastErrorLog()
                .orElseThrow(() -> new Http.Problem(404, "the metadata sync of '" + connection.name() + "' has no error log"));
        boolean json = "json".equals(q.text("format"));
        String name = "metadata-errors-" + log.connectionId().replaceAll("[^A-Za-z0-9_-]", "_") + "-round-" + log.round()
                + (json ? ".json" : ".txt");
        try (OutputStream out = Http.download(exchange, json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
                name)) {
            out.write((json ? log.toJson() : log.toText()).getBytes(StandardCharsets.UTF_8));
        }
    }

    void check(HttpExchange exchange) throws IOException {
        Connection connection = connection(Http.body(exchange).path("id").asText(null));
        connection.check(); // the new status comes to the page as an event
        Http.json(exchange, 202, Http.JSON.createObjectNode().put("id", connection.id()));
    }

    private Connection connection(String id) {
        if (id == null) {
            throw new Http.Problem(400, "id: name the connection");
        }
        return connections.connection(id).orElseThrow(() -> new Http.Problem(404, "no connection '" + id + "'"));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
