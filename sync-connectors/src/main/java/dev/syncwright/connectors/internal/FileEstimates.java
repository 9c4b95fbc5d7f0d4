package dev.syncwright.connectors.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cheap record-count estimates of line-based files, for progress only. */
public final class FileEstimates {
    private static final int SAMPLE_BYTES = 1 << 20;

    private FileEstimates() {
    }

    /**
     * Counts the lines of the first megabyte and scales by the file size: exact for small files of one line
     * per record, an estimate otherwise.
     *
     * @param file        the file
     * @param headerLines lines that hold no record
     * @return the estimated number of records, at least 0; 0 when the file cannot be read
     */
    public static long records(Path file, int headerLines) {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            byte[] sample = in.readNBytes((int) Math.min(size, SAMPLE_BYTES));
            long lines = 0;
            for (byte b : sample) {
                if (b == '\n') {
                    lines++;
                }
            }
            if (sample.length > 0 && sample[sample.length - 1] != '\n' && sample.length == size) {
                lines++; // the last line has no terminator
            }
            if (sample.length < size && sample.length > 0) {
                lines = Math.round(lines * ((double) size / sample.length));
            }
            return Math.max(0, lines - headerLines);
        } catch (IOException e) {
            return 0;
        }
    }
}
