package dev.syncwright.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception a connector throws. Its {@link Kind} decides, once and for all, how the
 * engine treats the failure: only {@link Kind#TRANSIENT} failures are retried.
 *
 * <p>Messages must never contain a {@link Secret}'s value. Immutable once thrown.
 */
public class ConnectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is, which decides whether it is retried. */
    public enum Kind {
        /** The other side is down, throttling or timed out; trying again later may succeed. Retried. */
        TRANSIENT,
        /** Trying again will not help (rejected by validation, schema mismatch). Not retried. */
        PERMANENT,
        /** The connector is configured wrongly; the message names the setting. Fails fast. */
        CONFIGURATION,
        /** The data itself is bad (malformed line, unmappable value). Not retried. */
        BAD_DATA
    }

    /** What kind of failure this is. */
    private final Kind kind;
    private final transient Duration retryAfter;

    /**
     * @param kind    the kind of failure, not null
     * @param message what went wrong, for humans; must not contain secrets
     */
    public ConnectorException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    /**
     * @param kind    the kind of failure, not null
     * @param message what went wrong, for humans; must not contain secrets
     * @param cause   the underlying failure, may be null
     */
    public ConnectorException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    /**
     * @param kind       the kind of failure, not null
     * @param message    what went wrong, for humans; must not contain secrets
     * @param cause      the underlying failure, may be null
     * @param retryAfter how long the other side asked us to wait before retrying, may be null
     */
    public ConnectorException(Kind kind, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    /**
     * @param message what failed
     * @param cause the underlying failure, may be null
     * @return a retryable failure
     */
    public static ConnectorException transientFailure(String message, Throwable cause) {
        return new ConnectorException(Kind.TRANSIENT, message, cause);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure, may be null
     * @return a failure that is not retried
     */
    public static ConnectorException permanent(String message, Throwable cause) {
        return new ConnectorException(Kind.PERMANENT, message, cause);
    }

    /**
     * @param message what is wrong with the data
     * @return a failure caused by bad data
     */
    public static ConnectorException badData(String message) {
        return new ConnectorException(Kind.BAD_DATA, message);
    }

    /** @return the kind of failure, never null */
    public Kind kind() {
        return kind;
    }

    /** @return true when the engine should retry */
    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /** @return how long the other side asked us to wait before retrying, if it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
