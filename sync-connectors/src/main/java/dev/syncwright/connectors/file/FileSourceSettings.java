package dev.syncwright.connectors.file;

import dev.syncwright.connectors.internal.EntityFile;
import dev.syncwright.spi.ConfigurationException;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings of a file source, as built by {@link FileSourceBuilder}. Immutable. */
record FileSourceSettings(String systemName, Path directory, List<EntityFile> files, Charset charset, String key,
                          String reference, char delimiter, char quote, int maxRecordBytes) {
    FileSourceSettings {
        files = List.copyOf(files);
    }

    /** @return the files by entity name: the directory's files with that extension, or the listed ones */
    Map<String, EntityFile> resolveFiles(String extension) {
        if (directory != null) {
            return EntityFile.list("directory", directory, extension);
        }
        Map<String, EntityFile> result = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            EntityFile file = files.get(i);
            if (!Files.isRegularFile(file.path()) || !Files.isReadable(file.path())) {
                throw new ConfigurationException("files[" + i + "].path", "'" + file.path() + "' is not a readable file");
            }
            result.put(file.entity(), file);
        }
        return java.util.Collections.unmodifiableMap(result);
    }

    @Override
    public String toString() {
        return (directory != null ? "directory=" + directory : "files=" + files.stream().map(EntityFile::fileName).toList())
                + ", charset=" + charset.name() + ", key=" + key;
    }
}
