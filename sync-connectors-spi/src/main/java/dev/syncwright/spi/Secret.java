package dev.syncwright.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A sensitive value (password, token, API key) whose {@link #toString()} never shows it.
 *
 * <p>The value is only reachable through {@link #reveal()}, so that it cannot end up in a log line,
 * an exception message, a report or an export by accident. Immutable and thread-safe.
 */
public final class Secret {
    private static final String MASK = "Secret[****]";
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a sensitive value.
     *
     * @param value the value, not null
     * @return the secret
     * @throws NullPointerException if {@code value} is null
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret value must not be null"));
    }

    /** @return the sensitive value itself; never log or print it */
    public String reveal() {
        return value;
    }

    /** @return true when the value is the empty string */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Constant-time comparison, so that equality checks do not leak the value through timing. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // a hash derived from the value would leak information about it
    }

    /** @return a fixed mask, never the value */
    @Override
    public String toString() {
        return MASK;
    }
}
