package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * When a record was last synced and with what result: the latest write attempt of the entry's own run, or
 * of the resync run that last re-sent it. Immutable.
 *
 * @param time   when the latest attempt's outcome was reported, not null
 * @param result the status that attempt led to, not null
 * @param runId  the run that made the attempt (the entry's run, or a resync run), not null
 */
public record LatestSyncInfo(Instant time, DeliveryStatus result, String runId) {
    public LatestSyncInfo {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(runId, "runId");
    }
}
