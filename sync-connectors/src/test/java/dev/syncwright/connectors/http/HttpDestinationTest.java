package dev.syncwright.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Secret;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDestinationTest {
    private static final String TOKEN = "tok-3f9a-very-secret";
    private static final EntityDescriptor ORDERS = EntityDescriptor.of("orders", "id", List.of());
    private final TestServer server = new TestServer();

    HttpDestinationTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpDestination destination(String url) {
        HttpDestination d = HttpDestination.builder().url(url).bearerToken(Secret.of(TOKEN)).header("X-Tenant", "acme")
                .statusUrl(server.url("/status/{deliveryId}")).requestTimeout(Duration.ofMillis(800))
                .connectTimeout(Duration.ofSeconds(2)).build();
        d.open(() -> (id, outcome) -> { });
        return d;
    }

    private static List<SyncRecord> records(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> SyncRecord.of("orders", k, Map.of("id", k, "amount", 10))).toList();
    }

    @Test
    void postsTheBatchWithHeadersAndTokenAndReadsPerRecordResults() throws Exception {
        server.answer(r -> TestServer.Response.of(200, "{\"results\": ["
                + "{\"key\": \"1\", \"status\": \"ok\", \"id\": \"srv-1\"},"
                + "{\"key\": \"2\", \"status\": \"failed\", \"message\": \"amount too small\"},"
                + "{\"key\": \"3\", \"status\": \"retry\", \"message\": \"locked\"}]}"));

        List<DeliveryOutcome> outcomes = destination(server.url("/batches")).write(ORDERS, records("1", "2", "3", "4"));

        assertThat(outcomes).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK, DeliveryStatus.FAILED,
                DeliveryStatus.PENDING, DeliveryStatus.PENDING);
        assertThat(outcomes.get(0).endpointId()).isEqualTo("srv-1");
        assertThat(outcomes.get(1).message()).isEqualTo("amount too small");
        assertThat(outcomes.get(3).message()).isEqualTo("the server did not report on this record");
        TestServer.Request request = server.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("X-Tenant")).isEqualTo("acme");
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("entity").asText()).isEqualTo("orders");
        assertThat(body.get("records")).hasSize(4);
        assertThat(body.get("records").get(1).get("fields").get("amount").asInt()).isEqualTo(10);
    }

    @Test
    void a2xxWithoutResultsMakesEveryRecordOk() {
        server.answer(r -> TestServer.Response.of(204, ""));

        assertThat(destination(server.url("/b")).write(ORDERS, records("1", "2")))
                .extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
    }

    @Test
    void accepted202IsSentAndSettledByPollingTheStatusUrl() {
        AtomicInteger polls = new AtomicInteger();
        server.answer(r -> r.path().startsWith("/status/")
                ? TestServer.Response.of(200, polls.incrementAndGet() == 1 ? "{\"status\": \"pending\"}" : "{\"status\": \"ok\"}")
                : TestServer.Response.of(202, "{\"deliveryId\": \"d 42\"}"));
        HttpDestination destination = destination(server.url("/b"));

        List<DeliveryOutcome> outcomes = destination.write(ORDERS, records("1", "2"));
        Map<String, DeliveryOutcome> first = destination.pollDeliveries(List.of("d 42"));
        Map<String, DeliveryOutcome> second = destination.pollDeliveries(List.of("d 42"));

        assertThat(outcomes).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.SENT);
        assertThat(outcomes).extracting(DeliveryOutcome::deliveryId).containsOnly("d 42");
        assertThat(first).isEmpty();
        assertThat(second.get("d 42").status()).isEqualTo(DeliveryStatus.OK);
        assertThat(server.requests.get(1).path()).isEqualTo("/status/d+42");
    }

    @Test
    void throttlingAndUnavailabilityArePendingHonouringRetryAfter() {
        server.answer(r -> new TestServer.Response(429, "{\"error\": \"slow down\"}", Map.of("Retry-After", "7")));
        HttpDestination destination = destination(server.url("/b"));

        DeliveryOutcome throttled = destination.write(ORDERS, records("1")).get(0);
        server.answer(r -> new TestServer.Response(503, "maintenance", Map.of("Retry-After", "2")));
        DeliveryOutcome unavailable = destination.write(ORDERS, records("1")).get(0);

        assertThat(throttled.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(throttled.message()).isEqualTo("HTTP 429: slow down");
        assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(unavailable.message()).isEqualTo("HTTP 503: maintenance");
    }

    @Test
    void aClientErrorIsFailedWithTheServersMessageAndNeverShowsTheToken() {
        server.answer(r -> TestServer.Response.of(401, "{\"message\": \"token " + r.header("Authorization").substring(7)
                + " has expired\"}"));

        DeliveryOutcome outcome = destination(server.url("/b")).write(ORDERS, records("1")).get(0);

        assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(outcome.message()).isEqualTo("HTTP 401: token **** has expired");
    }

    @Test
    void aSlowServerIsPendingOnceTheRequestTimeoutPasses() {
        server.answer(r -> {
            TestServer.pause(3_000);
            return TestServer.Response.of(200, "");
        });
        long start = System.nanoTime();

        DeliveryOutcome outcome = destination(server.url("/slow")).write(ORDERS, records("1")).get(0);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        assertThat(outcome.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(outcome.message()).startsWith("no answer from http://127.0.0.1:").contains("within PT0.8S");
    }

    @Test
    void aServerThatIsDownIsPending() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        DeliveryOutcome outcome = destination("http://127.0.0.1:" + port + "/b?api_key=" + TOKEN).write(ORDERS, records("1")).get(0);

        assertThat(outcome.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(outcome.message()).isEqualTo("cannot connect to http://127.0.0.1:" + port + "/b (connection refused)");
    }

    @Test
    void aGarbage2xxBodyIsFailedAndGarbageInsteadOfHttpIsPending() throws Exception {
        server.answer(r -> TestServer.Response.of(200, "<html>proxy error " + TOKEN + "</html>"));
        DeliveryOutcome notJson = destination(server.url("/b")).write(ORDERS, records("1")).get(0);

        DeliveryOutcome notHttp;
        try (ServerSocket raw = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread garbage = new Thread(() -> {
                try (Socket s = raw.accept(); OutputStream out = s.getOutputStream()) {
                    s.getInputStream().read(new byte[1024]);
                    out.write("\u0000\u0001 not http at all\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                } catch (Exception ignored) {
                    // the client gave up first
                }
            });
            garbage.start();
            notHttp = destination("http://127.0.0.1:" + raw.getLocalPort() + "/b").write(ORDERS, records("1")).get(0);
            garbage.join(5_000);
        }

        assertThat(notJson.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(notJson.message()).startsWith("HTTP 200 with a response that is not JSON: <html>proxy error ****");
        assertThat(notHttp.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(notHttp.message()).startsWith("request to http://127.0.0.1:");
    }

    @Test
    void toStringShowsNoSecret() {
        HttpDestination d = HttpDestination.builder().url(server.url("/b")).bearerToken(Secret.of(TOKEN))
                .header("X-Api-Key", "key-77-secret").build();

        assertThat(d.toString()).doesNotContain(TOKEN).doesNotContain("key-77-secret").contains("X-Api-Key");
    }
}
