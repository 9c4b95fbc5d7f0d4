package dev.syncwright.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An open journal entry that a run of the sync must finish: a record whose delivery was not final when its run
 * stopped (cancelled, failed, or killed). Immutable.
 *
 * <p>When its entity's checkpoint has {@link #passed()} it, the next run finishes it directly: it polls the
 * delivery again (until the confirmation timeout, counted from {@link #since()}), or reads the record again by
 * key and re-sends it, or reports it FAILED with the reason when the source no longer has it. When the checkpoint
 * has not passed it, the next run reads it again with its page and updates this same entry.
 *
 * @param entryId    the journal entry's id, positive
 * @param key        the record's key at the source, not null
 * @param reference  the record's human-readable key, may be null
 * @param deliveryId the delivery awaiting confirmation, or null when the record is owed a re-send
 * @param attempts   writes of the record so far, at least 0
 * @param since      when the delivery was handed over (or the re-send became due), not null
 * @param passed     true when the entity's checkpoint has passed the record
 */
public record OutstandingDelivery(long entryId, String key, String reference, String deliveryId, int attempts,
                                  Instant since, boolean passed) {
    /**
     * Creates the value, checking its components.
     *
     * @param entryId the journal entry's id, positive
     * @param key the record's key at the source, not null
     * @param reference the record's human-readable key, may be null
     * @param deliveryId the delivery awaiting confirmation, or null when the record is owed a re-send
     * @param attempts writes of the record so far, at least 0
     * @param since when the delivery was handed over (or the re-send became due), not null
     * @param passed true when the entity's checkpoint has passed the record
     */
    public OutstandingDelivery {
        if (entryId < 1) {
            throw new IllegalArgumentException("entryId must be positive, was " + entryId);
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(since, "since");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }

    /** @return true when the record is owed a re-send rather than awaiting a confirmation */
    public boolean awaitingResend() {
        return deliveryId == null;
    }
}
