package dev.syncwright.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncwright.connectors.internal.Json;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends batches of records as JSON to an HTTP endpoint with the JDK {@link HttpClient}. Build with
 * {@link #builder()}; see {@link HttpDestinationBuilder} for the settings.
 *
 * <p><b>Request:</b> {@code POST <url>} with the configured headers, {@code Authorization: Bearer <token>}
 * when a token is set, and the body
 * {@code {"entity": "orders", "records": [{"key": "1", "reference": "A-1", "fields": {...}}, ...]}}.
 *
 * <p><b>Response:</b> the body may report on each record:
 * {@code {"deliveryId": "d-7", "results": [{"key": "1", "status": "ok", "id": "srv-1"},
 * {"key": "2", "status": "failed", "message": "..."}]}}, where a status is {@code ok}, {@code accepted}
 * (SENT, confirmed later; needs a {@code deliveryId} on the result or the response), {@code retry} or
 * {@code failed}. Without results every record gets the response's outcome:
 * <ul>
 * <li>2xx: OK; 202 with a {@code deliveryId}: SENT, confirmed by {@link #pollDeliveries} at the status URL;</li>
 * <li>429, 503, and 408, 500, 502, 504, a refused connection, a connect or request timeout: PENDING, honouring
 *     {@code Retry-After}: whole seconds, or an HTTP date measured against the builder's
 *     {@linkplain HttpDestinationBuilder#clock clock}; a date in the past means no wait, a wait longer than 365
 *     days is cut to 365 days (the engine's retry policy caps it further), and a value that is neither (a
 *     negative or decimal number, other text) is ignored;</li>
 * <li>other 4xx and 3xx: FAILED with the server's message ({@code message} or {@code error} of a JSON body,
 *     else the body's text);</li>
 * <li>a 2xx body that is not JSON: FAILED, since the server's answer cannot be trusted.</li>
 * </ul>
 * A record whose fields cannot be written as JSON is FAILED alone and not sent. Secret values (the token,
 * header values) never appear in messages, even when the server echoes them.
 *
 * <p>Thread-safe: batches of different entities are sent at once.
 */
public final class HttpDestination implements DestinationConnector {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDestination.class);

    private final HttpSettings settings;
    private final HttpClient client;

    HttpDestination(HttpSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return a builder; not thread-safe */
    public static HttpDestinationBuilder builder() {
        return new HttpDestinationBuilder();
    }

    @Override
    public String systemName() {
        return settings.systemName();
    }

    /** Nothing to open: the endpoint is reached on the first write. */
    @Override
    public void open(DestinationContext context) {
    }

    /** @return one outcome per record; never throws for an HTTP or network failure (those are outcomes) */
    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        List<Integer> sent = new ArrayList<>(batch.size());
        ObjectNode body = Json.mapper().createObjectNode().put("entity", entity.name());
        ArrayNode records = body.putArray("records");
        for (int i = 0; i < batch.size(); i++) {
            SyncRecord r = batch.get(i);
            try {
                JsonNode fields = Json.mapper().valueToTree(r.fields());
                records.addObject().put("key", r.key()).put("reference", r.reference()).set("fields", fields);
                sent.add(i);
            } catch (IllegalArgumentException e) {
                outcomes[i] = DeliveryOutcome.failed("cannot write the record as JSON: " + settings.redact(Texts.describe(e)));
            }
        }
        if (sent.isEmpty()) {
            return Arrays.asList(outcomes);
        }
        HttpRequest request;
        try {
            request = settings.request(settings.url())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
                    .build();
        } catch (IOException e) {
            throw ConnectorException.permanent("cannot write the batch as JSON: " + settings.redact(Texts.describe(e)), e);
        }
        HttpExchange.Answer answer = HttpExchange.send(client, request, settings);
        List<SyncRecord> sentRecords = sent.stream().map(batch::get).toList();
        List<DeliveryOutcome> answered = ResponseInterpreter.outcomes(answer, sentRecords, settings);
        for (int i = 0; i < sent.size(); i++) {
            outcomes[sent.get(i)] = answered.get(i);
        }
        return Arrays.asList(outcomes);
    }

    /**
     * Asks the status URL about each delivery: {@code GET <statusUrl with {deliveryId}>}, answered by
     * {@code {"status": "ok" | "pending" | "retry" | "failed", "message": "..."}}. Pending deliveries and
     * deliveries that could not be asked (server down) are left out; a 404 makes the delivery PENDING so
     * that it is sent again.
     */
    @Override
    public Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
        if (settings.statusUrl() == null) {
            return Map.of();
        }
        Map<String, DeliveryOutcome> settled = new LinkedHashMap<>();
        for (String id : deliveryIds) {
            URI uri = URI.create(settings.statusUrl().replace("{deliveryId}", URLEncoder.encode(id, StandardCharsets.UTF_8)));
            HttpExchange.Answer answer = HttpExchange.send(client, settings.request(uri).GET().build(), settings);
            DeliveryOutcome outcome = ResponseInterpreter.status(answer, id, settings);
            if (outcome != null) {
                settled.put(id, outcome);
            } else if (answer.failure() != null) {
                LOG.debug("Polling delivery {} failed: {}", Texts.oneLine(id), answer.failure());
            }
        }
        return settled;
    }

    @Override
    public String toString() {
        return "HttpDestination[" + settings + "]";
    }
}
