package dev.syncwright.core.internal;

import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;

import java.time.Duration;
import java.time.Instant;

/**
 * One record's delivery within a run, and its journal entry: the task hands these objects to the journal as
 * read-only {@link JournalEntry} views. Mutated only by its entity's task (serialized); the confirmation tracker
 * only holds a reference to route a confirmation back to that task.
 */
final class RecordState implements JournalEntry {
    final long entryId;
    /** The sync the entry belongs to when it is not the run's (an entry a resync re-sends), else null. */
    String syncName;
    /** The record's key, or null for a record that arrived without one. */
    final String key;
    final String reference;
    /** The record to write; null for a delivery carried over or re-sent until it is read again by key. */
    SyncRecord record;
    /** null until the record's first outcome; then its current status. */
    DeliveryStatus status;
    /** Writes of the record so far, earlier runs included (the entry's attempts). */
    int attempts;
    /** Writes of the record by this run: what the retry policy limits. */
    int runAttempts;
    String message;
    String endpointId;
    String deliveryId;
    /** When the current delivery was handed over (SENT); its confirmation timeout counts from here. */
    Instant sentAt;
    /** When the status last changed. */
    Instant changedAt;
    Duration retryAfter;
    RuntimeException cause;
    /** True once the entity's checkpoint passed the record: from then on the journal keeps it open until final. */
    boolean committed;
    /** True while the journal has not been given the latest state. */
    boolean dirty;

    RecordState(long entryId, SyncRecord record) {
        this.entryId = entryId;
        this.record = record;
        this.key = record == null ? null : record.key();
        this.reference = record == null ? null : record.reference();
    }

    /** The state of an existing entry taken over by this run (carried over, or re-sent). */
    RecordState(long entryId, String key, String reference, int attempts, boolean committed) {
        this.entryId = entryId;
        this.key = key;
        this.reference = reference;
        this.attempts = attempts;
        this.committed = committed;
    }

    boolean awaitingWrite() {
        return status == null || status == DeliveryStatus.PENDING;
    }

    /** @return the bytes this state keeps alive for a re-send */
    long heldBytes() {
        return record == null ? 0 : record.estimatedBytes();
    }

    @Override
    public long id() {
        return entryId;
    }

    @Override
    public String sourceId() {
        return key;
    }

    @Override
    public String reference() {
        return reference;
    }

    @Override
    public String endpointId() {
        return endpointId;
    }

    @Override
    public DeliveryStatus status() {
        return status;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public String deliveryId() {
        return deliveryId;
    }

    @Override
    public Instant time() {
        return changedAt;
    }

    @Override
    public boolean passed() {
        return committed && !status.isFinal();
    }
}
