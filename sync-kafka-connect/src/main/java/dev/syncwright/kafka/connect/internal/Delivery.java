package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.Instant;

/**
 * One record a sink task holds, from the moment it is read from Kafka until its delivery is final (and its offset
 * may be committed). It is its own journal entry: the journal reads it during a write, as the engine's entries.
 * Not thread-safe: only the task's thread touches it.
 */
final class Delivery implements JournalEntry, SinkWork.Item {
    final long id;
    final String run;
    final String entity;
    final String system;
    final long offset;
    final SinkRecord kafkaRecord;
    /** The record to write, or null when it cannot be written ({@link #rejection}). */
    final SyncRecord record;
    final EntityDescriptor descriptor;
    /** Why the record is not written but FAILED, or null. */
    final String rejection;
    /** The reference the record came with, or null when it is its key. */
    private final String givenReference;

    DeliveryStatus status;
    int attempts;
    String endpointId;
    String message;
    String deliveryId;
    Instant time;
    /** When the record may be written again (PENDING). */
    Instant retryAt;
    /** When its delivery was handed over (SENT). */
    Instant sentAt;
    /** True once the entity's progress counts it. */
    boolean counted;

    Delivery(long id, String run, String entity, String system, SinkRecord kafkaRecord, SyncRecord record,
             EntityDescriptor descriptor, String rejection, String givenReference) {
        this.id = id;
        this.run = run;
        this.entity = entity;
        this.system = system;
        this.offset = kafkaRecord.kafkaOffset();
        this.kafkaRecord = kafkaRecord;
        this.record = record;
        this.descriptor = descriptor;
        this.rejection = rejection;
        this.givenReference = givenReference;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public boolean settled() {
        return status != null && status.isFinal();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String sourceId() {
        Object key = kafkaRecord.key();
        return key == null ? null : key.toString();
    }

    @Override
    public String reference() {
        return givenReference != null ? givenReference : sourceId();
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
        return time;
    }

    @Override
    public boolean passed() {
        // the source offset passed the record when Kafka took it: a next run finds it only here or in the topic
        return !settled();
    }

    @Override
    public String toString() {
        return "Delivery[" + id + " " + entity + "/" + sourceId() + " " + status + " x" + attempts + "]";
    }
}
