package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * When a record was last synced and with what result: the latest change of its entry, by the entry's own run or
 * by a later run that took it over (the next run of the sync finishing a carried delivery, or a resync run).
 * The report's optional "latest sync info" columns. Immutable.
 *
 * @param time   when the latest attempt's outcome was reported, not null
 * @param result the status that attempt led to, not null
 * @param runId  the run that made the change (the entry's run, or a later one), not null
 */
public record LatestSyncInfo(Instant time, DeliveryStatus result, String runId) {
    /**
     * Creates the value, checking its components.
     *
     * @param time when the latest attempt's outcome was reported, not null
     * @param result the status that attempt led to, not null
     * @param runId the run that made the change (the entry's run, or a later one), not null
     */
    public LatestSyncInfo {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(runId, "runId");
    }
}
