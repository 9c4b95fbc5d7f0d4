package dev.syncwright.spi;

import java.util.List;
import java.util.Objects;

/**
 * One page of records read from a source. Immutable.
 *
 * @param records the records in source order, an unmodifiable copy
 * @param next    the checkpoint just after the last record of this page (resume from here), not null
 * @param hasMore false when the entity has no more records after {@code next}
 */
public record Page(List<SyncRecord> records, Checkpoint next, boolean hasMore) {
    /**
     * Creates the value, checking its components.
     *
     * @param records the records in source order, an unmodifiable copy
     * @param next the checkpoint just after the last record of this page (resume from here), not null
     * @param hasMore false when the entity has no more records after {@code next}
     */
    public Page {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        Objects.requireNonNull(next, "next checkpoint");
    }
}
