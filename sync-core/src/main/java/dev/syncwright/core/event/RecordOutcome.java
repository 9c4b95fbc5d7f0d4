package dev.syncwright.core.event;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of one record's delivery status in a run. The latest outcome for a given {@code entryId} is the
 * record's current status, which the run journal holds too. Immutable.
 *
 * @param entryId    the record's entry in the run journal (the report's sync id), positive
 * @param entity     the entity
 * @param key        the record's key at the source (a report's source id); null only for a record that
 *                   arrived without a key, which is then FAILED
 * @param reference  the human-readable key, may be null when the record had no key
 * @param status     the status now
 * @param attempts   how many times the record has been written so far (0 for a record that was never
 *                   written, e.g. rejected as bad input)
 * @param message    why it is PENDING or FAILED, else null
 * @param endpointId the record's id in the destination, may be null
 * @param deliveryId for SENT, the delivery id awaiting confirmation, else null
 * @param time       when the status changed, by the engine's clock
 */
public record RecordOutcome(long entryId, String entity, String key, String reference, DeliveryStatus status, int attempts,
                            String message, String endpointId, String deliveryId, Instant time) {
    /**
     * Creates the value, checking its components.
     *
     * @param entryId the record's entry in the run journal (the report's sync id), positive
     * @param entity the entity
     * @param key the record's key at the source (a report's source id); null only for a record that arrived without a
     *            key, which is then FAILED
     * @param reference the human-readable key, may be null when the record had no key
     * @param status the status now
     * @param attempts how many times the record has been written so far (0 for a record that was never written, e.g.
     *                 rejected as bad input)
     * @param message why it is PENDING or FAILED, else null
     * @param endpointId the record's id in the destination, may be null
     * @param deliveryId for SENT, the delivery id awaiting confirmation, else null
     * @param time when the status changed, by the engine's clock
     */
    public RecordOutcome {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
    }
}
