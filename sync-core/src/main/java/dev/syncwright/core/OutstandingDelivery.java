package dev.syncwright.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A record whose delivery was not final when its entity's checkpoint moved past it: handed to the destination
 * and awaiting its confirmation ({@link #deliveryId()} set), or owed a re-send (a rejected or timed-out
 * delivery, {@link #awaitingResend()}). It is kept with the checkpoint, so the next run of the sync finishes
 * it: polls the delivery again, re-sends the record (read again by key) after the confirmation timeout, or
 * reports it FAILED with the reason. Immutable.
 *
 * @param key        the record's key at the source, not null
 * @param reference  the record's human-readable key, may be null
 * @param deliveryId the delivery awaiting confirmation, or null when the record is owed a re-send
 * @param attempts   writes of the record so far, at least 1
 * @param since      when the delivery was handed over (the confirmation timeout counts from here), or when the
 *                   re-send became due, not null
 */
public record OutstandingDelivery(String key, String reference, String deliveryId, int attempts, Instant since) {
    public OutstandingDelivery {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(since, "since");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** @return true when the record is owed a re-send rather than awaiting a confirmation */
    public boolean awaitingResend() {
        return deliveryId == null;
    }
}
