package dev.syncwright.examples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console's HTTP plumbing: query strings, JSON bodies and answers. Stateless. */
final class Http {
    /** One mapper for every answer; no default typing. */
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private Http() {
    }

    /** An answer other than 200 that a handler gives by throwing; its message is shown to the user. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Problem(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * @param exchange a request with a JSON body ({@code Content-Type: application/json}, at most 64 KiB)
     * @return the body's JSON tree
     * @throws IOException when the body cannot be read
     * @throws Problem     415 for another content type, 413 for a larger body, 400 for malformed JSON
     */
    static JsonNode body(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, "send the request as application/json");
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new Problem(413, "the request is larger than " + MAX_BODY + " bytes");
        }
        try {
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new Problem(400, "the request is not valid JSON");
        }
    }

    /**
     * @param exchange the exchange
     * @param status   the HTTP status
     * @param body     the JSON answer
     * @throws IOException when the answer cannot be written
     */
    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    /**
     * @param exchange    the exchange
     * @param status      the HTTP status
     * @param contentType the answer's content type
     * @param body        the answer
     * @throws IOException when the answer cannot be written
     */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Starts a streamed download; the caller writes the body and closes it.
     *
     * @param exchange    the exchange
     * @param contentType the file's content type
     * @param fileName    the name the browser saves it under (plain ASCII, no quotes)
     * @return the body to write to
     * @throws IOException when the headers cannot be sent
     */
    static OutputStream download(HttpExchange exchange, String contentType, String fileName) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        exchange.sendResponseHeaders(200, 0); // length unknown: chunked
        return exchange.getResponseBody();
    }

    /** A request's query parameters; a name may come several times. Immutable. */
    static final class Query {
        private final Map<String, List<String>> values;

        private Query(Map<String, List<String>> values) {
            this.values = values;
        }

        /**
         * @param exchange the exchange
         * @return the parameters of its URL
         */
        static Query of(HttpExchange exchange) {
            return parse(exchange.getRequestURI().getRawQuery());
        }

        /**
         * @param raw a URL's raw query, or null
         * @return its parameters
         */
        static Query parse(String raw) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            if (raw != null && !raw.isEmpty()) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                }
            }
            return new Query(values);
        }

        /**
         * @param name a parameter
         * @return its first value that is not blank, trimmed, or null
         */
        String text(String name) {
            for (String v : values.getOrDefault(name, List.of())) {
                if (!v.isBlank()) {
                    return v.trim();
                }
            }
            return null;
        }

        /**
         * @param name a parameter given several times or as a comma-separated list
         * @return every value that is not blank, trimmed, in order
         */
        List<String> list(String name) {
            List<String> all = new ArrayList<>();
            for (String v : values.getOrDefault(name, List.of())) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        all.add(part.trim());
                    }
                }
            }
            return all;
        }

        /**
         * @param name a parameter
         * @param absent the value when it is not given
         * @param min the least value allowed
         * @param max the largest value allowed
         * @return its value
         * @throws Problem 400 naming the parameter when it is not a whole number from min to max
         */
        int integer(String name, int absent, int min, int max) {
            String v = text(name);
            if (v == null) {
                return absent;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new Problem(400, name + " must be a whole number from " + min + " to " + max + ", was '" + v + "'");
        }

        /**
         * @param name a parameter
         * @return true when it is given as {@code true}, {@code 1} or {@code on}
         */
        boolean flag(String name) {
            String v = text(name);
            return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("on"));
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Problem(400, "the query string is malformed");
            }
        }
    }
}
