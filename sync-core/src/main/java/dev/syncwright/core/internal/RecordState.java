package dev.syncwright.core.internal;

import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;

import java.time.Duration;

/**
 * One record's delivery within a run. Mutated only by its entity's task (serialized); the confirmation
 * tracker only holds a reference to route a confirmation back to that task.
 */
final class RecordState {
    final SyncRecord record;
    /** null until the record's first outcome; then its current status. */
    DeliveryStatus status;
    int attempts;
    String message;
    String endpointId;
    String deliveryId;
    Duration retryAfter;
    RuntimeException cause;

    RecordState(SyncRecord record) {
        this.record = record;
    }

    boolean awaitingWrite() {
        return status == null || status == DeliveryStatus.PENDING;
    }
}
