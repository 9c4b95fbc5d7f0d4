package dev.syncwright.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a destination says about one record it was asked to write. Immutable.
 *
 * <p>Use the factories: {@link #ok(String)}, {@link #sent(String, String)}, {@link #retry(String)},
 * {@link #failed(String)}.
 *
 * @param status     the delivery status, not null
 * @param endpointId the record's id in the destination, may be null when the destination has none
 * @param deliveryId for {@link DeliveryStatus#SENT}: the id the destination confirms later; else null
 * @param message    why the record is PENDING or FAILED (required for those), else may be null
 * @param retryAfter for PENDING: how long the destination asked to wait, may be null
 */
public record DeliveryOutcome(DeliveryStatus status, String endpointId, String deliveryId, String message, Duration retryAfter) {
    private static final DeliveryOutcome OK_NO_ID = new DeliveryOutcome(DeliveryStatus.OK, null, null, null, null);

    /**
     * Creates the value, checking its components.
     *
     * @param status the delivery status, not null
     * @param endpointId the record's id in the destination, may be null when the destination has none
     * @param deliveryId for {@link DeliveryStatus#SENT}: the id the destination confirms later; else null
     * @param message why the record is PENDING or FAILED (required for those), else may be null
     * @param retryAfter for PENDING: how long the destination asked to wait, may be null
     */
    public DeliveryOutcome {
        Objects.requireNonNull(status, "status");
        if (status == DeliveryStatus.SENT && (deliveryId == null || deliveryId.isEmpty())) {
            throw new IllegalArgumentException("a SENT outcome needs a delivery id to be confirmed later");
        }
        if ((status == DeliveryStatus.PENDING || status == DeliveryStatus.FAILED) && (message == null || message.isBlank())) {
            throw new IllegalArgumentException("a " + status + " outcome needs a message saying why");
        }
    }

    /** @return written and durable, without a destination id */
    public static DeliveryOutcome ok() {
        return OK_NO_ID;
    }

    /**
     * @param endpointId the record's id in the destination, or null
     * @return written and durable under the given destination id (may be null)
     */
    public static DeliveryOutcome ok(String endpointId) {
        return endpointId == null ? OK_NO_ID : new DeliveryOutcome(DeliveryStatus.OK, endpointId, null, null, null);
    }

    /**
     * @param deliveryId the destination's id of the delivery, which it confirms later; not null
     * @param endpointId the record's id in the destination, or null
     * @return handed over; the destination will confirm {@code deliveryId} later
     */
    public static DeliveryOutcome sent(String deliveryId, String endpointId) {
        return new DeliveryOutcome(DeliveryStatus.SENT, endpointId, deliveryId, null, null);
    }

    /**
     * @param message why it was not delivered
     * @return not delivered yet for a transient reason; the engine retries
     */
    public static DeliveryOutcome retry(String message) {
        return new DeliveryOutcome(DeliveryStatus.PENDING, null, null, message, null);
    }

    /**
     * @param message why it was not delivered
     * @param retryAfter the least wait the destination asked for, not null
     * @return not delivered yet; the destination asked to wait at least {@code retryAfter}
     */
    public static DeliveryOutcome retry(String message, Duration retryAfter) {
        return new DeliveryOutcome(DeliveryStatus.PENDING, null, null, message, retryAfter);
    }

    /**
     * @param message why it was rejected
     * @return permanently rejected; never retried
     */
    public static DeliveryOutcome failed(String message) {
        return new DeliveryOutcome(DeliveryStatus.FAILED, null, null, message, null);
    }
}
