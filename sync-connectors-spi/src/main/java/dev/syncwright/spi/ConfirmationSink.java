package dev.syncwright.spi;

/**
 * Where a destination that confirms deliveries by itself (push style) reports the final answer for a
 * delivery it earlier answered {@link DeliveryStatus#SENT}. Thread-safe: may be called from any thread,
 * including the destination's own callback threads. Unknown or already-settled delivery ids are ignored.
 */
@FunctionalInterface
public interface ConfirmationSink {
    /**
     * @param deliveryId the id the destination gave in its SENT outcome, not null
     * @param outcome    {@link DeliveryOutcome#ok(String)} when confirmed; {@link DeliveryOutcome#retry(String)}
     *                   when rejected for a transient reason (the engine re-sends); {@link DeliveryOutcome#failed(String)}
     *                   when rejected for good
     */
    void confirm(String deliveryId, DeliveryOutcome outcome);
}
