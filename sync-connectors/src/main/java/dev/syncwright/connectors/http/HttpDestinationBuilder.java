package dev.syncwright.connectors.http;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an {@link HttpDestination}. Each setting is checked as it is given, with a
 * {@link ConfigurationException} naming it; secret values never appear in those messages. Not thread-safe.
 */
public final class HttpDestinationBuilder {
    private URI url;
    private String statusUrl;
    private final Map<String, Secret> headers = new LinkedHashMap<>();
    private Secret token;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxResponseBytes = 4 << 20;
    private String systemName = "http";
    private Clock clock = Clock.systemUTC();

    HttpDestinationBuilder() {
    }

    /**
     * @param url where batches are POSTed: an absolute http or https URL
     * @return this builder
     * @throws ConfigurationException naming {@code url} when it is not one
     */
    public HttpDestinationBuilder url(String url) {
        this.url = httpUri("url", url);
        return this;
    }

    /**
     * @param template where a delivery's status is read (GET), with {@code {deliveryId}} where the id goes, e.g.
     *                 {@code https://api.example.com/deliveries/{deliveryId}}; unset: SENT deliveries are only
     *                 settled by the engine's confirmation timeout
     * @return this builder
     * @throws ConfigurationException naming {@code statusUrl} when it is not an http URL with the placeholder
     */
    public HttpDestinationBuilder statusUrl(String template) {
        if (template == null || !template.contains("{deliveryId}")) {
            throw new ConfigurationException("statusUrl", "must contain the placeholder {deliveryId}");
        }
        httpUri("statusUrl", template.replace("{deliveryId}", "id"));
        this.statusUrl = template;
        return this;
    }

    /**
     * @param name  a header sent with every request
     * @param value its value; kept as a secret, since headers often carry keys
     * @return this builder
     * @throws ConfigurationException naming {@code headers.<name>} when the JDK does not allow the header
     */
    public HttpDestinationBuilder header(String name, Secret value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Authorization") && token != null) {
            throw new ConfigurationException("headers." + Texts.shorten(name, 60), "is set by the connector");
        }
        try {
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value.reveal());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("headers." + Texts.shorten(name, 60),
                    "is not a header the HTTP client may send, or its value is not valid");
        }
        headers.put(name, value);
        return this;
    }

    /**
     * @param name the header's name
     * @param value its value, kept as a secret
     * @return this builder
     * @see #header(String, Secret)
     */
    public HttpDestinationBuilder header(String name, String value) {
        return header(name, Secret.of(Objects.requireNonNull(value, "value")));
    }

    /**
     * @param token sent as {@code Authorization: Bearer <token>}; may be null for none
     * @return this builder
     */
    public HttpDestinationBuilder bearerToken(Secret token) {
        if (token != null && (token.isEmpty() || token.reveal().chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new ConfigurationException("token", "must not be empty or contain control characters");
        }
        this.token = token;
        return this;
    }

    /**
     * @param timeout how long to wait for a connection (default 10 s); longer is PENDING
     * @return this builder
     */
    public HttpDestinationBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
        return this;
    }

    /**
     * @param timeout how long to wait for a whole answer (default 30 s); longer is PENDING
     * @return this builder
     */
    public HttpDestinationBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = positive("requestTimeout", timeout);
        return this;
    }

    /**
     * @param bytes the most of a response body read (default 4 MiB); the rest is ignored
     * @return this builder
     */
    public HttpDestinationBuilder maxResponseBytes(int bytes) {
        if (bytes < 1024) {
            throw new ConfigurationException("maxResponseBytes", "must be at least 1024, was " + bytes);
        }
        this.maxResponseBytes = bytes;
        return this;
    }

    /**
     * @param name the destination system's name shown in reports, not blank (default {@code http})
     * @return this builder
     */
    public HttpDestinationBuilder systemName(String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("systemName", "must not be blank");
        }
        this.systemName = name;
        return this;
    }

    /**
     * @param clock what a {@code Retry-After} given as an HTTP date is measured against (default the system
     *              clock in UTC), not null
     * @return this builder
     */
    public HttpDestinationBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * @return a new destination
     * @throws ConfigurationException naming {@code url} when it is not set
     */
    public HttpDestination build() {
        if (url == null) {
            throw new ConfigurationException("url", "is required");
        }
        return new HttpDestination(new HttpSettings(url, statusUrl, headers, token, connectTimeout, requestTimeout,
                maxResponseBytes, systemName, clock));
    }

    private static URI httpUri(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(setting, "must not be blank");
        }
        try {
            URI uri = new URI(value);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new ConfigurationException(setting, "must be an absolute http or https URL, was '"
                        + Texts.redactUrl(value) + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException(setting, "is not a valid URL: '" + Texts.redactUrl(value) + "'");
        }
    }

    private static Duration positive(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException(setting, "must be positive, was " + d);
        }
        return d;
    }
}
