package dev.syncwright.core.connection;

import java.time.Instant;
import java.util.Objects;

/**
 * One status change of a connection, a data space or a metadata sync, as a listener receives it.
 * Immutable and thread-safe.
 *
 * @param from   the status before; null when the thing is new (a data space just shared)
 * @param to     the status after, not null
 * @param reason why it changed, for humans, not null
 * @param at     when, from the manager's clock, not null
 * @param <S>    the status type
 */
public record StatusChange<S extends Enum<S>>(S from, S to, String reason, Instant at) {
    /**
     * Creates the value, checking its components.
     *
     * @param from the status before; null when the thing is new (a data space just shared)
     * @param to the status after, not null
     * @param reason why it changed, for humans, not null
     * @param at when, from the manager's clock, not null
     */
    public StatusChange {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return (from == null ? "(new)" : from.name()) + " -> " + to + " (" + reason + ")";
    }
}
