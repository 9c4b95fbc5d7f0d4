package dev.syncwright.core.journal;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Objects;

/** The immutable {@link JournalEntry} of {@link JournalEntry#of}. */
record EntryValue(long id, String sourceId, String reference, String endpointId, DeliveryStatus status, int attempts,
                  String message, String deliveryId, Instant time, boolean passed) implements JournalEntry {
    EntryValue {
        if (id < 1) {
            throw new IllegalArgumentException("entry id must be positive, was " + id);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
    }
}
