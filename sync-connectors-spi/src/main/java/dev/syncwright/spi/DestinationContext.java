package dev.syncwright.spi;

/**
 * What the engine gives a destination when it opens it. Thread-safe.
 */
public interface DestinationContext {
    /** @return where to report confirmations of {@link DeliveryStatus#SENT} deliveries (push style) */
    ConfirmationSink confirmations();
}
