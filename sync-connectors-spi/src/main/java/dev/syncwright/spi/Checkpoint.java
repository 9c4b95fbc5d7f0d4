package dev.syncwright.spi;

import java.util.Objects;

/**
 * An opaque position in an entity's stream of records, meaningful only to the source that made it
 * (an offset, the last key read, a timestamp). The engine stores it after each committed batch and
 * hands it back to resume. Immutable.
 *
 * @param value the source's encoding of the position; never null, empty for {@link #START}
 */
public record Checkpoint(String value) {
    /** The position before the first record. */
    public static final Checkpoint START = new Checkpoint("");

    /**
     * Creates the value, checking its components.
     *
     * @param value the source's encoding of the position; never null, empty for {@link #START}
     */
    public Checkpoint {
        Objects.requireNonNull(value, "checkpoint value must not be null (use Checkpoint.START)");
    }

    /**
     * @param value the source's encoding of the position; null or empty for {@link #START}
     * @return a checkpoint holding {@code value}
     */
    public static Checkpoint of(String value) {
        return value == null || value.isEmpty() ? START : new Checkpoint(value);
    }

    /** @return true for the position before the first record */
    public boolean isStart() {
        return value.isEmpty();
    }
}
