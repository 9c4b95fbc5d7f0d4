package dev.syncwright.connectors.file;

import dev.syncwright.spi.SyncRecord;

/**
 * How the file sources hand over a line they cannot read: a {@link SyncRecord#rejected rejected} record,
 * which the engine reports as a FAILED delivery with the reason instead of sending it. Its reference is
 * {@code "<file> line <n>"}, so the report shows where the line is, and the reason says what is wrong.
 *
 * <p>Stateless and thread-safe.
 */
public final class MalformedRecords {
    private MalformedRecords() {
    }

    /**
     * @param entity   the entity, not null
     * @param fileName the file's name, not null
     * @param line     the 1-based number of the line (the first line of a multi-line record)
     * @param reason   why the line cannot be read, not null
     * @return a key-less record carrying the reason
     */
    public static SyncRecord of(String entity, String fileName, long line, String reason) {
        String where = fileName + " line " + line;
        return SyncRecord.rejected(entity, where, where + ": " + reason);
    }

    /**
     * @param record a record read by a file source
     * @return true for a record made by {@link #of}
     */
    public static boolean isMalformed(SyncRecord record) {
        return record.rejection() != null;
    }

    /**
     * @param record a record read by a file source
     * @return the reason of a malformed record ({@code "<file> line <n>: <why>"}), or null for a good record
     */
    public static String reason(SyncRecord record) {
        return record.rejection();
    }
}
