package dev.syncwright.core.internal;

import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;

import java.time.Duration;

/**
 * One record's delivery within a run. Mutated only by its entity's task (serialized); the confirmation
 * tracker only holds a reference to route a confirmation back to that task.
 */
final class RecordState {
    /** The record's key, or null for a record that arrived without one. */
    final String key;
    final String reference;
    /** The record to write; null for a delivery carried over from an earlier run until it is read again by key. */
    SyncRecord record;
    /** null until the record's first outcome; then its current status. */
    DeliveryStatus status;
    int attempts;
    String message;
    String endpointId;
    String deliveryId;
    /** When the current delivery was handed over (SENT); its confirmation timeout counts from here. */
    java.time.Instant sentAt;
    Duration retryAfter;
    RuntimeException cause;
    /** True once the entity's checkpoint passed the record: from then on it is kept as outstanding until final. */
    boolean committed;

    RecordState(SyncRecord record) {
        this.record = record;
        this.key = record == null ? null : record.key();
        this.reference = record == null ? null : record.reference();
    }

    /** A delivery carried over from an earlier run: its checkpoint already passed it. */
    RecordState(String key, String reference, int attempts) {
        this.key = key;
        this.reference = reference;
        this.attempts = attempts;
        this.committed = true;
    }

    boolean awaitingWrite() {
        return status == null || status == DeliveryStatus.PENDING;
    }

    /** @return the bytes this state keeps alive for a re-send */
    long heldBytes() {
        return record == null ? 0 : record.estimatedBytes();
    }
}
