package dev.syncwright.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.connectors.Engines;
import dev.syncwright.connectors.OutcomeLog;
import dev.syncwright.connectors.PausingDestination;
import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HttpSyncEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestServer server = new TestServer();
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final AtomicInteger received = new AtomicInteger();

    @TempDir
    Path dir;

    HttpSyncEndToEndTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path csv(int rows) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("K").append(i).append(",n").append(i).append('\n');
        }
        Files.writeString(in.resolve("contacts.csv"), csv);
        return in;
    }

    /** Stores the batch's keys like a keyed API would, and answers per record. */
    private String accept(TestServer.Request r, String rejectKey, String deliveryId) {
        try {
            StringBuilder results = new StringBuilder("{\"deliveryId\": " + (deliveryId == null ? "null" : "\"" + deliveryId + "\"")
                    + ", \"results\": [");
            for (JsonNode record : JSON.readTree(r.body()).get("records")) {
                String key = record.get("key").asText();
                received.incrementAndGet();
                boolean reject = key.equals(rejectKey);
                if (!reject) {
                    stored.add(key);
                }
                results.append("{\"key\": \"").append(key).append("\", \"status\": \"")
                        .append(reject ? "failed\", \"message\": \"duplicate e-mail\"" : deliveryId != null ? "accepted\"" : "ok\"")
                        .append("},");
            }
            results.setLength(results.length() - 1);
            return results.append("]}").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void flakyServerEndsWithEveryRecordOkExceptTheOneItRejects() throws Exception {
        Path in = csv(60);
        AtomicInteger calls = new AtomicInteger();
        server.answer(r -> calls.incrementAndGet() % 3 == 1
                ? new TestServer.Response(503, "busy", Map.of("Retry-After", "0"))
                : TestServer.Response.of(200, accept(r, "K13", null)));
        OutcomeLog log = new OutcomeLog();

        try (SyncEngine engine = Engines.engine(10, RunJournal.inMemory())) {
            SyncResult result = engine.start(SyncRequest.builder("to-api").source(CsvSource.builder().directory(in).build())
                    .destination(HttpDestination.builder().url(server.url("/contacts")).bearerToken(Secret.of("t-1234567")).build())
                    .listener(log).build()).await(WAIT);

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            assertThat(result.progress().deliveries().ok()).isEqualTo(59);
            assertThat(result.progress().deliveries().failed()).isEqualTo(1);
        }
        assertThat(log.latest("contacts", "K13").message()).isEqualTo("duplicate e-mail");
        assertThat(log.all()).anyMatch(o -> o.status() == DeliveryStatus.PENDING && o.message().equals("HTTP 503: busy"));
        assertThat(stored).hasSize(59);
    }

    @Test
    void acceptedDeliveriesAreConfirmedThroughTheStatusUrl() throws Exception {
        Path in = csv(30);
        AtomicInteger batches = new AtomicInteger();
        server.answer(r -> r.path().startsWith("/status/")
                ? TestServer.Response.of(200, "{\"status\": \"ok\"}")
                : TestServer.Response.of(202, accept(r, null, "d-" + batches.incrementAndGet())));
        OutcomeLog log = new OutcomeLog();

        try (SyncEngine engine = Engines.engine(10, RunJournal.inMemory())) {
            SyncResult result = engine.start(SyncRequest.builder("push").source(CsvSource.builder().directory(in).build())
                    .destination(HttpDestination.builder().url(server.url("/contacts"))
                            .statusUrl(server.url("/status/{deliveryId}")).build())
                    .listener(log).build()).await(WAIT);

            assertThat(result.progress().deliveries().ok()).isEqualTo(30);
        }
        assertThat(log.all()).anyMatch(o -> o.status() == DeliveryStatus.SENT && o.deliveryId().startsWith("d-"));
        assertThat(log.latestWith(DeliveryStatus.OK)).hasSize(30);
    }

    @Test
    void cancelledRunIsResumedWithoutLostRecords() throws Exception {
        int batch = 10;
        Path in = csv(75);
        server.answer(r -> TestServer.Response.of(200, accept(r, null, null)));
        RunJournal store = RunJournal.inMemory();

        try (SyncEngine engine = Engines.engine(batch, store)) {
            PausingDestination first = new PausingDestination(HttpDestination.builder().url(server.url("/c")).build(), 3);
            SyncExecution run = engine.start(SyncRequest.builder("resume").source(CsvSource.builder().directory(in).build())
                    .destination(first).build());
            first.awaitPaused();
            run.cancel();
            first.release();
            assertThat(run.await(WAIT).status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(stored).hasSizeLessThan(75);

            SyncResult second = engine.start(SyncRequest.builder("resume").source(CsvSource.builder().directory(in).build())
                    .destination(HttpDestination.builder().url(server.url("/c")).build()).build()).await(WAIT);

            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(stored).hasSize(75);
        assertThat(received.get()).isBetween(75, 75 + batch);
    }
}
