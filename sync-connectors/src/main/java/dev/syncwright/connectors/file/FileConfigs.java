package dev.syncwright.connectors.file;

import dev.syncwright.connectors.internal.ConfigReader;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Reads the settings every file source shares. */
final class FileConfigs {
    private FileConfigs() {
    }

    static void readFiles(ConfigReader c, FileSourceBuilder<?> b, String keySetting) {
        c.string("directory").ifPresent(d -> b.directory(path(c, "directory", d)));
        for (ConfigReader f : c.objects("files", "path")) {
            Path path = path(f, "path", f.requiredString("path"));
            String entity = f.string("entity").orElse(null);
            String key = f.string(keySetting).orElse(null);
            f.rejectUnknown();
            b.file(entity, path, key);
        }
    }

    static Path path(ConfigReader c, String setting, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw c.error(setting, "'" + value + "' is not a valid path");
        }
    }
}
