package dev.syncwright.connectors.internal;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectorException;

/**
 * A position in a file: the byte offset and the number of lines before it. Encoded in a checkpoint as
 * {@code offset:line}. Immutable.
 *
 * @param offset the byte offset, at least 0
 * @param line   the number of lines before the offset, at least 0
 */
public record FilePosition(long offset, long line) {
    /** The start of a file. */
    public static final FilePosition START = new FilePosition(0, 0);

    /**
     * @return the position a checkpoint holds; {@link #START} for {@link Checkpoint#START}
     * @throws ConnectorException (permanent) when the checkpoint was not made by a file source
     */
    public static FilePosition of(Checkpoint checkpoint) {
        if (checkpoint.isStart()) {
            return START;
        }
        String value = checkpoint.value();
        int colon = value.indexOf(':');
        try {
            long offset = Long.parseLong(value.substring(0, colon));
            long line = Long.parseLong(value.substring(colon + 1));
            if (offset >= 0 && line >= 0) {
                return new FilePosition(offset, line);
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw ConnectorException.permanent("checkpoint '" + Texts.shorten(value, 60)
                + "' is not a file position (offset:line)", null);
    }

    /** @return this position as a checkpoint */
    public Checkpoint toCheckpoint() {
        return Checkpoint.of(offset + ":" + line);
    }
}
