package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * A record's outcome in a run, as written to a {@link ReportStore}: it adds the entry of
 * {@code (runId, entity, sourceId)} or updates it when it exists. Immutable.
 *
 * @param runId      the run, not null
 * @param system     "source → destination", not null
 * @param entity     the entity, not null
 * @param sourceId   the record's key; null for a key-less record, which always adds a new entry
 * @param reference  the human-readable key, may be null
 * @param endpointId the destination's id, may be null (an update then keeps the known one)
 * @param status     the status now, not null
 * @param attempts   writes so far in this run, at least 0
 * @param message    why PENDING or FAILED, else null
 * @param time       when the status changed, not null
 */
public record EntryWrite(String runId, String system, String entity, String sourceId, String reference,
                         String endpointId, DeliveryStatus status, int attempts, String message, Instant time) {
    public EntryWrite {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }
}
