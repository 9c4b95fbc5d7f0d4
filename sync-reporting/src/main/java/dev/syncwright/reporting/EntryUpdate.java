package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * A change to an existing entry made by a later run, typically a {@link Resync}: the entry keeps its run and
 * creation time, and its latest sync info now names {@code runId}. Immutable.
 *
 * @param syncId     the entry to change
 * @param runId      the run that produced this outcome, not null
 * @param status     the status now, not null
 * @param attempts   the entry's total attempts now (earlier runs included), at least 0
 * @param message    why PENDING or FAILED, else null
 * @param endpointId the destination's id, may be null (keeps the known one)
 * @param time       when the status changed, not null
 */
public record EntryUpdate(long syncId, String runId, DeliveryStatus status, int attempts, String message,
                          String endpointId, Instant time) {
    public EntryUpdate {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }
}
