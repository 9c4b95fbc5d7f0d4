package dev.syncwright.kafka.connect.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few calls of Kafka Connect's REST API a host needs to run a sync on a cluster. Any worker answers them (a
 * follower forwards to the leader); when the worker in use does not answer, the next one given is asked, so a host
 * keeps watching its run while a worker is down. Thread-safe.
 */
public final class ConnectRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONFLICT_RETRIES = 20;

    /** A connector's state and its tasks' states, as the REST API reports them. */
    public record Status(String state, String trace, Map<Integer, String> tasks, Map<Integer, String> taskTraces) {
        /** @return true when the connector or one of its tasks FAILED */
        public boolean failed() {
            return "FAILED".equals(state) || tasks.containsValue("FAILED");
        }

        /** @return the trace of the connector, or of its first failed task */
        public String failure() {
            if ("FAILED".equals(state)) {
                return trace;
            }
            return tasks.entrySet().stream().filter(e -> "FAILED".equals(e.getValue()))
                    .map(e -> "task " + e.getKey() + ": " + taskTraces.get(e.getKey())).findFirst().orElse(null);
        }
    }

    private final List<URI> bases;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicInteger current = new AtomicInteger();

    /**
     * @param bases   the REST APIs of some workers, e.g. {@code http://127.0.0.1:8083}, not empty
     * @param timeout the timeout of each request
     */
    public ConnectRest(List<URI> bases, Duration timeout) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("at least one worker's REST URL is needed");
        }
        this.bases = bases.stream().map(b -> URI.create(b.toString().endsWith("/") ? b.toString() : b + "/")).toList();
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Creates a connector or replaces its configuration.
     *
     * @param name   the connector's name
     * @param config its configuration
     */
    public void putConfig(String name, Map<String, String> config) {
        call("PUT", connector(name) + "/config", JSON.valueToTree(config).toString());
    }

    /**
     * @param name the connector's name
     * @return its status, empty when there is no such connector
     */
    public Optional<Status> status(String name) {
        JsonNode n = call("GET", connector(name) + "/status", null);
        if (n == null) {
            return Optional.empty();
        }
        Map<Integer, String> tasks = new java.util.TreeMap<>();
        Map<Integer, String> traces = new java.util.TreeMap<>();
        for (JsonNode t : n.path("tasks")) {
            tasks.put(t.path("id").asInt(), t.path("state").asText());
            traces.put(t.path("id").asInt(), t.path("trace").asText(null));
        }
        return Optional.of(new Status(n.path("connector").path("state").asText(),
                n.path("connector").path("trace").asText(null), tasks, traces));
    }

    /** @param name a connector to stop: its tasks end, its configuration and offsets stay */
    public void stop(String name) {
        call("PUT", connector(name) + "/stop", null);
    }

    /** @param name a paused or stopped connector to run again */
    public void resume(String name) {
        call("PUT", connector(name) + "/resume", null);
    }

    /** @param name a connector to delete: its offsets stay, for a connector created again under its name */
    public void delete(String name) {
        call("DELETE", connector(name), null);
    }

    /** @param name a stopped connector whose offsets to delete */
    public void resetOffsets(String name) {
        call("DELETE", connector(name) + "/offsets", null);
    }

    /**
     * @param name the connector's name
     * @return its committed offsets as the REST API lists them ({@code {"offsets": [{"partition", "offset"}]}})
     */
    public JsonNode offsets(String name) {
        return call("GET", connector(name) + "/offsets", null);
    }

    private String connector(String name) {
        return "connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** @return the answer's JSON; null for 404, or for an answer without a body */
    private JsonNode call(String method, String path, String body) {
        int unanswered = 0;
        for (int attempt = 1; ; attempt++) {
            int at = current.get();
            URI base = bases.get(at % bases.size());
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                    .header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (++unanswered >= bases.size()) {
                    throw new UncheckedIOException("no Kafka Connect worker of " + bases + " answered " + method + " " + path,
                            e);
                }
                current.compareAndSet(at, at + 1); // this worker is down: ask the next one
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling Kafka Connect", e);
            }
            int code = response.statusCode();
            if (code == 404 && "GET".equals(method)) {
                return null;
            }
            if (code == 409 && attempt < CONFLICT_RETRIES) {
                pause(); // a rebalance is going on: the request is valid a moment later
                continue;
            }
            if (code / 100 != 2) {
                throw new IllegalStateException("Kafka Connect at " + base + " answered " + code + " to " + method + " "
                        + path + ": " + message(response.body()));
            }
            try {
                return response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("Kafka Connect at " + base + " answered " + method + " " + path
                        + " with invalid JSON", e);
            }
        }
    }

    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Kafka Connect", e);
        }
    }
}
