package dev.syncwright.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.syncwright.connectors.http.HttpDestination;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.Secret;
import dev.syncwright.testkit.InMemorySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Syncs three entities into an HTTP JSON API served by a flaky local server that this example starts: every
 * fourth request is refused with 503 (the records go PENDING and are retried), keys ending in 3 are accepted
 * for later confirmation (SENT, then OK once the status URL says so on its second poll), and keys ending in 7 are rejected
 * (FAILED with the server's message). Prints the live progress, then how many records took each path.
 */
public final class HttpExample {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpExample() {
    }

    public static void main(String[] args) throws Exception {
        FlakyServer server = FlakyServer.start();
        PathCounter paths = new PathCounter();
        try (ExampleState state = ExampleState.open(Path.of(args.length > 0 ? args[0] : "sync-data/http-example"));
             SyncEngine engine = SyncEngine.builder().parallelism(3).batchSize(200).journal(state.report())
                     .confirmationPollInterval(Duration.ofMillis(100)).listener(paths).build()) {
            HttpDestination destination = HttpDestination.builder()
                    .url(server.base() + "/records")
                    .statusUrl(server.base() + "/deliveries/{deliveryId}")
                    .bearerToken(Secret.of("example-token"))
                    .requestTimeout(Duration.ofSeconds(5))
                    .systemName("example-api")
                    .build();
            SyncResult result = LiveProgress.follow(engine.start(SyncRequest.builder("http-example")
                    .source(InMemorySource.builder().entities(3, 2_000).systemName("crm").build())
                    .destination(destination)
                    .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(500)).build())
                    .build()), System.out);
            System.out.printf(Locale.ROOT, "%nRun ended %s. Of %,d records:%n", result.status(), result.progress().records());
            System.out.printf(Locale.ROOT, "  %,6d went PENDING (503), were retried and ended OK%n", paths.count("PENDING>OK"));
            System.out.printf(Locale.ROOT, "  %,6d were accepted for later (SENT) and became OK when confirmed%n", paths.count("SENT>OK"));
            System.out.printf(Locale.ROOT, "  %,6d were FAILED by the server: e.g. \"%s\"%n", result.progress().deliveries().failed(),
                    paths.lastFailure);
            System.out.printf(Locale.ROOT, "  %,6d were OK at once%n", paths.count("OK"));
            System.out.printf(Locale.ROOT, "  %,6d took a longer path, e.g. PENDING, then SENT, then OK%n", result.progress().records()
                    - paths.count("PENDING>OK") - paths.count("SENT>OK") - paths.count("OK") - result.progress().deliveries().failed());
            System.out.printf("Journal and sync report: %s%n", state);
        } finally {
            server.stop();
        }
    }

    /** Follows each record's statuses, to tell the paths apart. Thread-safe. */
    private static final class PathCounter implements SyncListener {
        private final Map<String, String> pathByRecord = new ConcurrentHashMap<>();
        private volatile String lastFailure = "";

        @Override
        public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
            for (RecordOutcome o : outcomes) {
                pathByRecord.merge(o.entity() + "/" + o.key(), o.status().name(),
                        (before, now) -> before.endsWith(now) ? before : before + ">" + now);
                if (o.status() == DeliveryStatus.FAILED) {
                    lastFailure = o.message();
                }
            }
        }

        long count(String path) {
            return pathByRecord.values().stream().filter(path::equals).count();
        }
    }

    /** A local JSON API that misbehaves on purpose. */
    private static final class FlakyServer {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();
        private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
        private final AtomicInteger deliveries = new AtomicInteger();

        private FlakyServer(HttpServer server) {
            this.server = server;
        }

        static FlakyServer start() throws IOException {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FlakyServer flaky = new FlakyServer(http);
            http.createContext("/records", flaky::records);
            http.createContext("/deliveries/", flaky::delivery);
            http.start();
            return flaky;
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        private void records(HttpExchange exchange) throws IOException {
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = JSON.readTree(in);
            }
            if (requests.incrementAndGet() % 4 == 0) {
                exchange.getResponseHeaders().add("Retry-After", "0");
                send(exchange, 503, JSON.createObjectNode().put("message", "busy, try again"));
                return;
            }
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode results = answer.putArray("results");
            boolean anyAccepted = false;
            String deliveryId = "d-" + deliveries.incrementAndGet();
            for (JsonNode record : body.path("records")) {
                String key = record.path("key").asText();
                ObjectNode result = results.addObject().put("key", key);
                if (key.endsWith("7")) {
                    result.put("status", "failed").put("message", "rejected: field 'field2' is not a valid e-mail address");
                } else if (key.endsWith("3")) {
                    result.put("status", "accepted").put("deliveryId", deliveryId);
                    anyAccepted = true;
                } else {
                    result.put("status", "ok").put("id", "api-" + key);
                }
            }
            if (anyAccepted) {
                polls.put(deliveryId, new AtomicInteger());
            }
            send(exchange, 200, answer);
        }

        private void delivery(HttpExchange exchange) throws IOException {
            String id = exchange.getRequestURI().getPath().substring("/deliveries/".length());
            AtomicInteger seen = polls.get(id);
            ObjectNode answer = JSON.createObjectNode();
            // confirmed on the second look, as a queue that processes uploads would
            answer.put("status", seen == null ? "failed" : seen.incrementAndGet() >= 2 ? "ok" : "pending");
            send(exchange, seen == null ? 404 : 200, answer);
        }

        private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }
    }
}
