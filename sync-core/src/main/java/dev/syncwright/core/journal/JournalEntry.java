package dev.syncwright.core.journal;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;

/**
 * One record's delivery as a {@link RunJournal#write write} sets it: the latest state of the entry with this
 * id. The engine hands the journal read-only views of its own delivery state, valid only during the
 * {@code write} call: a journal copies what it keeps and never holds on to the object.
 *
 * <p>Use {@link #of} for a plain immutable value (stores' tests, tools).
 */
public interface JournalEntry {

    /** @return the entry's id: given by the engine from {@link RunJournal#reserveEntryIds}, positive */
    long id();

    /** @return the record's key at the source (the report's source id); null for a record that arrived without one */
    String sourceId();

    /** @return the record's human-readable key, may be null */
    String reference();

    /** @return the record's id in the destination, or null when not known (a journal then keeps the known one) */
    String endpointId();

    /** @return the delivery status now, not null */
    DeliveryStatus status();

    /** @return writes of the record to the destination so far, resyncs included, at least 0 */
    int attempts();

    /** @return why the record is PENDING or FAILED, else null */
    String message();

    /** @return for SENT, the delivery awaiting confirmation; else null */
    String deliveryId();

    /** @return when the status changed, not null; the first write of an id is also the entry's creation time */
    Instant time();

    /**
     * @return true when the entity's committed checkpoint has passed this record while its delivery is not final:
     *         the next run of the sync must finish it (poll it, or re-send it). False for a record whose page is
     *         not committed yet (a next run re-reads it from the checkpoint) and for every final one.
     */
    boolean passed();

    /**
     * @param id the entry's id, positive
     * @param sourceId the record's key at the source, or null
     * @param reference the record's human-readable key, or null
     * @param endpointId the record's id in the destination, or null
     * @param status the delivery status, not null
     * @param attempts writes of the record so far, at least 0
     * @param message why it is PENDING or FAILED, else null
     * @param deliveryId for SENT, the delivery awaiting confirmation; else null
     * @param time when the status changed, not null
     * @param passed true when the committed checkpoint has passed the record while its delivery is not final
     * @return an immutable entry holding these values
     * @throws NullPointerException     when {@code status} or {@code time} is null
     * @throws IllegalArgumentException when {@code id} is not positive or {@code attempts} negative
     */
    static JournalEntry of(long id, String sourceId, String reference, String endpointId, DeliveryStatus status,
                           int attempts, String message, String deliveryId, Instant time, boolean passed) {
        return new EntryValue(id, sourceId, reference, endpointId, status, attempts, message, deliveryId, time, passed);
    }
}
