package dev.syncwright.core.connection;

import dev.syncwright.core.internal.MetadataErrorLogFormat;
import dev.syncwright.spi.SchemaChange;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The error log of a failed metadata sync round: each change that failed and why. Export it with
 * {@link #toJson()} or {@link #toText()}. Immutable and thread-safe.
 *
 * @param connectionId   the connection's id, not null
 * @param connectionName the connection's name, not null
 * @param round          the round's number on this connection
 * @param startedAt      when the round started, not null
 * @param finishedAt     when it ended, not null
 * @param applied        how many changes of the round were applied
 * @param failures       the changes that failed, in the order they were tried; not empty; an unmodifiable copy
 */
public record MetadataErrorLog(String connectionId, String connectionName, long round, Instant startedAt,
                               Instant finishedAt, int applied, List<Failure> failures) {
    /**
     * Creates the value, checking its components.
     *
     * @param connectionId the connection's id, not null
     * @param connectionName the connection's name, not null
     * @param round the round's number on this connection
     * @param startedAt when the round started, not null
     * @param finishedAt when it ended, not null
     * @param applied how many changes of the round were applied
     * @param failures the changes that failed, in the order they were tried; not empty; an unmodifiable copy
     */
    public MetadataErrorLog {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(connectionName, "connectionName");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        failures = List.copyOf(failures);
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("an error log lists at least one failure");
        }
    }

    /**
     * One change that failed. Immutable.
     *
     * @param change the change, not null
     * @param reason why it failed (the companion's message, or "destination cannot change schema"), not null
     * @param at     when it failed, not null
     */
    public record Failure(SchemaChange change, String reason, Instant at) {
        /**
         * Creates the value, checking its components.
         *
         * @param change the change, not null
         * @param reason why it failed (the companion's message, or "destination cannot change schema"), not null
         * @param at when it failed, not null
         */
        public Failure {
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * @return the log as one JSON object: {@code connectionId, connectionName, round, startedAt, finishedAt,
     *         applied, failed, failures[]}, each failure with {@code kind, entity, field, fromType, toType,
     *         change} (a description), {@code reason} and {@code at}; times in ISO-8601
     */
    public String toJson() {
        return MetadataErrorLogFormat.json(this);
    }

    /** @return the log as plain text: a header line, a summary line, then one line per failure */
    public String toText() {
        return MetadataErrorLogFormat.text(this);
    }
}
