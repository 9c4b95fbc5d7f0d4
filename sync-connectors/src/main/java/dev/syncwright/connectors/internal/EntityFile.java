package dev.syncwright.connectors.internal;

import dev.syncwright.spi.ConfigurationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One file that holds one entity. Immutable.
 *
 * @param entity the entity name
 * @param path   the file
 * @param key    the key column or field of this file, or null for the source's default
 */
public record EntityFile(String entity, Path path, String key) {
    public EntityFile {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(path, "path");
    }

    /** @return the file's name without its directory */
    public String fileName() {
        return path.getFileName().toString();
    }

    /** @return the entity name of a file: its name without the extension */
    public static String entityName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Lists the files of a directory that end with {@code extension}, sorted by name, one entity each.
     *
     * @param setting   the setting that named the directory, for errors
     * @param directory the directory
     * @param extension e.g. {@code ".csv"}
     * @return the files, keyed by entity name, in name order
     * @throws ConfigurationException naming {@code setting} when the directory cannot be listed
     */
    public static Map<String, EntityFile> list(String setting, Path directory, String extension) {
        if (!Files.isDirectory(directory)) {
            throw new ConfigurationException(setting, "'" + directory + "' is not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> stream = Files.list(directory)) {
            stream.filter(p -> p.getFileName().toString().endsWith(extension) && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new ConfigurationException(setting, "cannot list '" + directory + "': " + Texts.describe(e), e);
        }
        Map<String, EntityFile> result = new LinkedHashMap<>();
        for (Path file : files) {
            result.put(entityName(file), new EntityFile(entityName(file), file, null));
        }
        return result;
    }
}
