package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.file.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes CSV files for a {@link CsvSource} to read: one file per entity, keys {@code <entity>-000000} on. */
final class SourceFiles {
    private final Path directory;

    SourceFiles(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** Adds an entity of {@code records} records, each with {@code fields} text fields besides its id. */
    SourceFiles entity(String name, int records, int fields) throws IOException {
        StringBuilder csv = new StringBuilder("id");
        for (int f = 1; f <= fields; f++) {
            csv.append(",field").append(f);
        }
        csv.append('\n');
        for (int i = 0; i < records; i++) {
            csv.append(String.format(Locale.ROOT, "%s-%06d", name, i));
            for (int f = 1; f <= fields; f++) {
                csv.append(",value-").append(i).append('-').append(f);
            }
            csv.append('\n');
        }
        Files.writeString(directory.resolve(name + ".csv"), csv);
        return this;
    }

    CsvSource source() {
        return CsvSource.builder().directory(directory).build();
    }
}
