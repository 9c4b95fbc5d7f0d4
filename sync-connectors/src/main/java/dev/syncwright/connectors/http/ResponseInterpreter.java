package dev.syncwright.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.connectors.internal.Json;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.SyncRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns an HTTP answer into delivery outcomes, as documented on {@link HttpDestination}. Stateless. */
final class ResponseInterpreter {
    private static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);
    private static final JsonNode UNREADABLE = Json.mapper().missingNode();

    private ResponseInterpreter() {
    }

    static List<DeliveryOutcome> outcomes(HttpExchange.Answer answer, List<SyncRecord> records, HttpSettings settings) {
        if (answer.failure() != null) {
            return all(records, DeliveryOutcome.retry(answer.failure()));
        }
        int status = answer.status();
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        JsonNode json = parse(text);
        if (RETRYABLE.contains(status)) {
            return all(records, DeliveryOutcome.retry("HTTP " + status + ": " + message(json, text, settings),
                    RetryAfter.parse(answer.headers().firstValue("Retry-After").orElse(null),
                            settings.clock().instant())));
        }
        JsonNode results = json == null ? null : json.get("results");
        String batchDelivery = json == null || json == UNREADABLE ? null : textOrNull(json.get("deliveryId"));
        if (status >= 200 && status < 300) {
            if (json == UNREADABLE) {
                return all(records, DeliveryOutcome.failed("HTTP " + status + " with a response that is not JSON: "
                        + settings.redact(Texts.shorten(text, 200))));
            }
            DeliveryOutcome whole = status == 202 && batchDelivery != null
                    ? DeliveryOutcome.sent(batchDelivery, null) : DeliveryOutcome.ok();
            if (results == null || !results.isArray()) {
                return all(records, whole);
            }
            return perRecord(results, records, DeliveryOutcome.retry("the server did not report on this record"),
                    batchDelivery, settings);
        }
        DeliveryOutcome rejected = DeliveryOutcome.failed("HTTP " + status + ": " + message(json, text, settings));
        if (results != null && results.isArray()) {
            return perRecord(results, records, rejected, batchDelivery, settings);
        }
        return all(records, rejected);
    }

    /** @return the settled outcome of a polled delivery, or null while it is outstanding or unknown */
    static DeliveryOutcome status(HttpExchange.Answer answer, String deliveryId, HttpSettings settings) {
        if (answer.failure() != null) {
            return null;
        }
        if (answer.status() == 404) {
            return DeliveryOutcome.retry("delivery " + Texts.shorten(deliveryId, 80) + " is unknown to the server");
        }
        if (answer.status() < 200 || answer.status() >= 300) {
            return null;
        }
        JsonNode json = parse(new String(answer.body(), StandardCharsets.UTF_8));
        if (json == null || json == UNREADABLE) {
            return null;
        }
        return outcome(json, null, null, settings);
    }

    private static List<DeliveryOutcome> perRecord(JsonNode results, List<SyncRecord> records, DeliveryOutcome missing,
                                                   String batchDelivery, HttpSettings settings) {
        Map<String, JsonNode> byKey = new HashMap<>();
        boolean keyed = true;
        for (JsonNode result : results) {
            String key = textOrNull(result.get("key"));
            if (key == null) {
                keyed = false;
            } else {
                byKey.put(key, result);
            }
        }
        List<DeliveryOutcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode result = keyed ? byKey.get(records.get(i).key())
                    : results.size() == records.size() ? results.get(i) : null;
            DeliveryOutcome outcome = result == null || !result.isObject() ? null : outcome(result, batchDelivery, missing, settings);
            outcomes.add(outcome == null ? missing : outcome);
        }
        return outcomes;
    }

    /** @return the outcome a result object states; {@code fallback} for pending or unknown ones when given */
    private static DeliveryOutcome outcome(JsonNode result, String batchDelivery, DeliveryOutcome fallback,
                                           HttpSettings settings) {
        String status = String.valueOf(textOrNull(result.get("status"))).toLowerCase(Locale.ROOT);
        String id = textOrNull(result.get("id"));
        String message = textOrNull(result.get("message"));
        String safe = message == null ? null : settings.redact(Texts.shorten(message, 300));
        switch (status) {
            case "ok", "created", "updated", "confirmed", "delivered":
                return DeliveryOutcome.ok(id);
            case "accepted", "sent": {
                String delivery = textOrNull(result.get("deliveryId"));
                delivery = delivery != null ? delivery : batchDelivery;
                return delivery == null ? DeliveryOutcome.ok(id) : DeliveryOutcome.sent(delivery, id);
            }
            case "retry":
                return DeliveryOutcome.retry(safe != null ? safe : "the server asked to retry");
            case "failed", "rejected", "error":
                return DeliveryOutcome.failed(safe != null ? safe : "rejected by the server");
            case "pending":
                return fallback == null ? null : DeliveryOutcome.retry("the server left the record pending");
            default:
                return fallback == null ? null
                        : DeliveryOutcome.failed("the server answered an unknown status '" + Texts.shorten(status, 40) + "'");
        }
    }

    private static String message(JsonNode json, String text, HttpSettings settings) {
        String message = null;
        if (json != null && json != UNREADABLE && json.isObject()) {
            message = textOrNull(json.get("message"));
            JsonNode error = json.get("error");
            if (message == null && error != null) {
                message = error.isTextual() ? error.asText() : textOrNull(error.get("message"));
            }
        }
        if (message == null) {
            message = text.isBlank() ? "(no message)" : text;
        }
        return settings.redact(Texts.shorten(message, 300));
    }

    /** @return the JSON of a body; null for an empty body, {@link #UNREADABLE} when it is not JSON */
    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(text);
            return node == null ? UNREADABLE : node;
        } catch (IOException e) {
            return UNREADABLE;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static List<DeliveryOutcome> all(List<SyncRecord> records, DeliveryOutcome outcome) {
        List<DeliveryOutcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            outcomes.add(outcome);
        }
        return outcomes;
    }
}
