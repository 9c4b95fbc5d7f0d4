package dev.syncwright.spi;

import java.util.Objects;

/**
 * What a connector's {@code check()} found out about its end of a connection: reachable and usable, or
 * why not. Immutable and thread-safe.
 *
 * @param status  the verdict, not null
 * @param message what was found, for humans (e.g. "licence expired on 2025-03-01"); never null, empty
 *                for {@link Status#OK}; must not contain a {@link Secret}'s value
 */
public record ConnectionCheck(Status status, String message) {

    /** The verdict of a check. Everything but {@link #OK} means the end cannot be used now. */
    public enum Status {
        /** The end answered and the credentials are accepted. */
        OK,
        /** The end did not answer (network down, host unknown, timed out); it may answer later. */
        UNREACHABLE,
        /** The end answered, but the account, tenant or system was removed or deactivated. */
        GONE,
        /** The end answered, but the credentials or the licence expired or were revoked. */
        CREDENTIALS_EXPIRED
    }

    private static final ConnectionCheck OK_CHECK = new ConnectionCheck(Status.OK, "");

    /**
     * Creates the value, checking its components.
     *
     * @param status the verdict, not null
     * @param message what was found, for humans (e.g. "licence expired on 2025-03-01"); never null, empty for {@link
     *                Status#OK}; must not contain a {@link Secret}'s value
     */
    public ConnectionCheck {
        Objects.requireNonNull(status, "status must not be null");
        message = message == null ? "" : message;
    }

    /** @return a passed check */
    public static ConnectionCheck ok() {
        return OK_CHECK;
    }

    /**
     * @param message why the end did not answer
     * @return a check that found the end unreachable
     */
    public static ConnectionCheck unreachable(String message) {
        return new ConnectionCheck(Status.UNREACHABLE, message);
    }

    /**
     * @param message what is gone
     * @return a check that found the end removed or deactivated
     */
    public static ConnectionCheck gone(String message) {
        return new ConnectionCheck(Status.GONE, message);
    }

    /**
     * @param message what expired
     * @return a check that found the credentials or licence expired
     */
    public static ConnectionCheck credentialsExpired(String message) {
        return new ConnectionCheck(Status.CREDENTIALS_EXPIRED, message);
    }

    /** @return true when the end can be used */
    public boolean isOk() {
        return status == Status.OK;
    }

    @Override
    public String toString() {
        return message.isEmpty() ? status.name() : status + ": " + message;
    }
}
