package dev.syncwright.connectors.http;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.Secret;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The settings of an {@link HttpDestination}. Immutable; secrets are never shown. */
record HttpSettings(URI url, String statusUrl, Map<String, Secret> headers, Secret token, Duration connectTimeout,
                    Duration requestTimeout, int maxResponseBytes, String systemName, Clock clock) {
    HttpSettings {
        headers = Map.copyOf(headers);
    }

    /** @return a request to {@code uri} with the timeout, headers and token set */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        headers.forEach((name, value) -> b.header(name, value.reveal()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token.reveal());
        }
        return b;
    }

    /** @return the URL for messages, without user info or query string */
    String safeUrl() {
        return Texts.redactUrl(url.toString());
    }

    /** @return the text on one line with every secret value masked, so a server that echoes one cannot leak it */
    String redact(String text) {
        String result = Texts.oneLine(text);
        if (token != null && !token.isEmpty()) {
            result = result.replace(token.reveal(), "****");
        }
        for (Secret value : headers.values()) {
            if (value.reveal().length() >= 4) {
                result = result.replace(value.reveal(), "****");
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "url=" + safeUrl() + ", headers=" + headers.keySet() + ", token=" + (token == null ? "none" : token)
                + ", requestTimeout=" + requestTimeout;
    }
}
