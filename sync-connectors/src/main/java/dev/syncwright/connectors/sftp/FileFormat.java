package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.internal.RecordFiles;

/** How an {@link SftpDestination} writes a batch into a file. */
public enum FileFormat {
    /**
     * A header line, then one row per record; RFC 4180 quoting, UTF-8, the key column first, then the entity's
     * declared fields, then any other field of the batch's records. Values are written as they are: no formula
     * escaping, since the file is data for the receiving system, not a spreadsheet. Extension {@code .csv}.
     */
    CSV(RecordFiles.Format.CSV),
    /** One JSON object per record and line, UTF-8, the key field first. Extension {@code .jsonl}. */
    JSON_LINES(RecordFiles.Format.JSON_LINES);

    private final RecordFiles.Format format;

    FileFormat(RecordFiles.Format format) {
        this.format = format;
    }

    RecordFiles.Format format() {
        return format;
    }
}
