package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the sync report: one run journal entry, a record attempted in a run, and where its delivery stands
 * now. Later changes of the same delivery update this entry instead of adding another: SENT becoming OK, PENDING
 * becoming FAILED, a delivery carried over to the next run of the sync (or its page read again after a cancel),
 * and resyncs of the record. Immutable.
 *
 * @param syncId     the entry's id, unique in its store, a positive number users can type and search
 * @param runId      the run that first attempted the record (the entry's run), not null
 * @param system     "source → destination" system names, not null
 * @param entity     the entity, not null
 * @param reference  the human-readable key (e.g. {@code DEMOTEST-SS-YELLOW}), may be null for a bad record
 * @param sourceId   the record's key at the source, null only for a record that arrived without a key
 * @param endpointId the record's id in the destination, may be null
 * @param status     the delivery status now, not null
 * @param attempts   writes to the destination so far, resyncs included
 * @param message    why the record is PENDING or FAILED, else null
 * @param created    when the entry was added, not null
 * @param updated    when the entry last changed, not null
 * @param latestSync the latest sync attempt, not null
 */
public record ReportEntry(long syncId, String runId, String system, String entity, String reference,
                          String sourceId, String endpointId, DeliveryStatus status, int attempts, String message,
                          Instant created, Instant updated, LatestSyncInfo latestSync) {
    /**
     * Creates the value, checking its components.
     *
     * @param syncId the entry's id, unique in its store, a positive number users can type and search
     * @param runId the run that first attempted the record (the entry's run), not null
     * @param system "source → destination" system names, not null
     * @param entity the entity, not null
     * @param reference the human-readable key (e.g. {@code DEMOTEST-SS-YELLOW}), may be null for a bad record
     * @param sourceId the record's key at the source, null only for a record that arrived without a key
     * @param endpointId the record's id in the destination, may be null
     * @param status the delivery status now, not null
     * @param attempts writes to the destination so far, resyncs included
     * @param message why the record is PENDING or FAILED, else null
     * @param created when the entry was added, not null
     * @param updated when the entry last changed, not null
     * @param latestSync the latest sync attempt, not null
     */
    public ReportEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(latestSync, "latestSync");
    }
}
