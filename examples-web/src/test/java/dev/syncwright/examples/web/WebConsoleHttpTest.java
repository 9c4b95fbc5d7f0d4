package dev.syncwright.examples.web;

import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's HTTP surface without a browser: who it answers, what it refuses, how its event stream starts. */
class WebConsoleHttpTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebConsoleExample.Demo demo;

    @BeforeEach
    void startDemo(@TempDir Path dir) throws IOException {
        demo = WebConsoleExample.start(dir, 1, null);
    }

    @AfterEach
    void stopDemo() {
        demo.close();
    }

    @Test
    void answersOnlyRequestsAddressedToLoopbackNames() throws Exception {
        String rebound = raw("GET /api/progress HTTP/1.1\r\nHost: attacker.example:" + demo.console().port()
                + "\r\nConnection: close\r\n\r\n");
        HttpResponse<String> own = get("/api/progress");

        assertThat(rebound).startsWith("HTTP/1.1 421");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("\"entities\":[\"customers\",\"products\",\"orders\",\"invoices\",\"returns\"]");
        assertThat(own.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> p.contains("script-src 'self'"));
        assertThat(own.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void actionsFromAnotherSiteOrNotInJsonAreRefused() throws Exception {
        HttpResponse<String> foreign = http.send(post("/api/runs", "application/json", "{\"entities\":[\"customers\"]}")
                .header("Origin", "http://attacker.example").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> form = http.send(post("/api/runs", "text/plain", "entities=customers").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(demo.console().currentRun()).as("no run was started").isEmpty();
    }

    @Test
    void malformedReportQueriesAreAnsweredWithWhatIsWrong() throws Exception {
        HttpResponse<String> cursor = get("/api/report?after=not-a-cursor");
        HttpResponse<String> days = get("/api/report?days=30");

        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(cursor.body()).contains("cursor is malformed");
        assertThat(days.statusCode()).isEqualTo(400);
        assertThat(days.body()).contains("days must be a whole number from 1 to 15");
    }

    @Test
    void entriesOfASyncTheConsoleCannotResyncAreRefusedNamingIt() throws Exception {
        demo.systems().pushToPartner(demo.engine());
        long partnerEntry = demo.report().query(ReportFilter.builder().systemContains("partner-api").build(),
                PageRequest.first(1)).entries().get(0).syncId();

        HttpResponse<String> refused = http.send(post("/api/report/resync", "application/json",
                "{\"ids\":[" + partnerEntry + "]}").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("entry " + partnerEntry + " belongs to sync 'csv-to-partner'");
        assertThat(demo.report().get(partnerEntry).orElseThrow().attempts()).as("not sent again").isEqualTo(1);
    }

    @Test
    void theEventStreamStartsWithTheCurrentStateOfWhatItFollows() throws Exception {
        demo.systems().connect(demo.connections());
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(url("/api/events?topics=connections"))
                .build(), HttpResponse.BodyHandlers.ofLines());

        List<String> first;
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            first = List.of(it.next(), it.next(), it.next(), it.next());
        }

        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(first.get(0)).isEqualTo("retry: 2000");
        assertThat(first.get(2)).isEqualTo("event: connections");
        assertThat(first.get(3)).startsWith("data: {\"connections\":[").contains("\"name\":\"crm ↔ warehouse\"");
    }

    private URI url(String path) {
        return demo.console().url().resolve(path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder post(String path, String type, String body) {
        return HttpRequest.newBuilder(url(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Sends a request as written, Host header included (the HTTP client would set its own). */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), demo.console().port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
