package dev.syncwright.connectors.file;

import dev.syncwright.connectors.internal.EntityFile;
import dev.syncwright.spi.ConfigurationException;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings every file source shares: where the files are, their charset, and which column or field
 * holds the key. Each setting is checked as it is given, with a {@link ConfigurationException} naming it.
 * Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class FileSourceBuilder<B extends FileSourceBuilder<B>> {
    private String systemName;
    private Path directory;
    private final List<EntityFile> files = new ArrayList<>();
    private Charset charset = StandardCharsets.UTF_8;
    private String key;
    private String reference;
    private int maxRecordBytes = 1 << 20;
    /** The CSV delimiter; unused by other formats. */
    char delimiter = ',';
    /** The CSV quote; unused by other formats. */
    char quote = '"';

    FileSourceBuilder(String systemName, String defaultKey) {
        this.systemName = systemName;
        this.key = defaultKey;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Reads every file of the directory with the format's extension, one entity per file, named after the
     * file without its extension, in name order.
     *
     * @param directory the directory, not null
     * @return this builder
     * @throws ConfigurationException naming {@code directory} when files were listed too
     */
    public B directory(Path directory) {
        if (!files.isEmpty()) {
            throw new ConfigurationException("directory", "set either directory or files, not both");
        }
        this.directory = Objects.requireNonNull(directory, "directory");
        return self();
    }

    /**
     * Adds one file as an entity, in the order given.
     *
     * @param entity the entity name, not blank; {@code null} for the file name without its extension
     * @param file   the file, not null
     * @param key    the key column or field of this file, or null for the source's default
     * @return this builder
     * @throws ConfigurationException naming {@code files} when a directory was set or the entity is listed twice
     */
    public B file(String entity, Path file, String key) {
        Objects.requireNonNull(file, "file");
        if (directory != null) {
            throw new ConfigurationException("files", "set either directory or files, not both");
        }
        String name = entity == null ? EntityFile.entityName(file) : entity;
        if (name.isBlank()) {
            throw new ConfigurationException("files[" + files.size() + "].entity", "must not be blank");
        }
        if (files.stream().anyMatch(f -> f.entity().equals(name))) {
            throw new ConfigurationException("files[" + files.size() + "].entity", "entity '" + name + "' is listed twice");
        }
        files.add(new EntityFile(name, file, key));
        return self();
    }

    /**
     * @param file a file read as one entity, named after the file without its extension
     * @return this builder
     * @see #file(String, Path, String)
     */
    public B file(Path file) {
        return file(null, file, null);
    }

    /**
     * @param charset the files' charset (default UTF-8); it must encode the quote and line breaks as the
     *                single bytes ASCII does, so UTF-16 is refused
     * @return this builder
     * @throws ConfigurationException naming {@code charset} for a charset that is not ASCII-compatible
     */
    public B charset(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        byte[] probe = "\n\",;|a".getBytes(charset);
        if (probe.length != 6 || probe[0] != '\n' || probe[1] != '"') {
            throw new ConfigurationException("charset", "charset '" + charset.name()
                    + "' is not ASCII-compatible; use UTF-8, ISO-8859-x or windows-125x");
        }
        this.charset = charset;
        return self();
    }

    /**
     * @param systemName the source system's name shown in reports, not blank
     * @return this builder
     */
    public B systemName(String systemName) {
        this.systemName = notBlank("systemName", systemName);
        return self();
    }

    /**
     * @param bytes the longest record accepted (default 1 MiB); a longer one is reported malformed. For CSV
     *              this is also how far a quoted value left open looks ahead for its closing quote
     * @return this builder
     * @throws ConfigurationException naming {@code maxRecordBytes} when below 16
     */
    public B maxRecordBytes(int bytes) {
        if (bytes < 16) {
            throw new ConfigurationException("maxRecordBytes", "must be at least 16, was " + bytes);
        }
        this.maxRecordBytes = bytes;
        return self();
    }

    B key(String setting, String key) {
        this.key = notBlank(setting, key);
        return self();
    }

    B reference(String setting, String reference) {
        this.reference = reference == null ? null : notBlank(setting, reference);
        return self();
    }

    FileSourceSettings settings() {
        if (directory == null && files.isEmpty()) {
            throw new ConfigurationException("directory", "set a directory or list files");
        }
        return new FileSourceSettings(systemName, directory, files, charset, key, reference, delimiter, quote,
                maxRecordBytes);
    }

    static String notBlank(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(setting, "must not be blank");
        }
        return value;
    }
}
