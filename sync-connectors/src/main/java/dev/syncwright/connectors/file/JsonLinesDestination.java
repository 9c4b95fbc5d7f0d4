package dev.syncwright.connectors.file;

import dev.syncwright.connectors.internal.RecordFiles;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Appends records to JSON-lines files, one file per entity ({@code <directory>/<entity>.jsonl}), one JSON
 * object per line holding the record's fields (the key field first, added when the record lacks it).
 *
 * <p>Each batch is written with one append and forced to disk ({@code fsync}) before it is answered, so OK
 * means durable; a batch that fails half-way is cut off again so that no partial line stays in the file.
 * The endpoint id of a record is {@code <file>@<byte offset>}. A record whose values cannot be written as
 * JSON is FAILED alone. Appending is not an upsert: a record re-sent after a crash appears twice.
 *
 * <p>Thread-safe: batches of different entities may be written at once. Build with {@link #builder()}.
 */
public final class JsonLinesDestination implements DestinationConnector {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesDestination.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    private final Path directory;
    private final String systemName;
    private final Map<String, FileChannel> channels = new ConcurrentHashMap<>();

    private JsonLinesDestination(Builder b) {
        this.directory = b.directory;
        this.systemName = b.systemName;
    }

    /** @return a builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String systemName() {
        return systemName;
    }

    /**
     * Creates the directory when missing.
     *
     * @throws ConfigurationException naming {@code directory} when it cannot be created
     */
    @Override
    public void open(DestinationContext context) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ConfigurationException("directory", "cannot create '" + directory + "': " + Texts.describe(e), e);
        }
    }

    /**
     * @throws ConnectorException transient when the file cannot be written (the batch is retried), permanent
     *                            when the entity name cannot be a file name
     */
    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        FileChannel channel = channel(entity);
        List<DeliveryOutcome> outcomes = new ArrayList<>(batch.size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 128);
        List<Integer> okIndexes = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (SyncRecord record : batch) {
            try {
                byte[] line = RecordFiles.jsonLine(entity, record);
                offsets.add((long) bytes.size());
                bytes.writeBytes(line);
                bytes.write('\n');
                okIndexes.add(outcomes.size());
                outcomes.add(null);
            } catch (IllegalArgumentException e) {
                outcomes.add(DeliveryOutcome.failed(e.getMessage()));
            }
        }
        long start;
        synchronized (channel) {
            try {
                start = channel.size();
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
                    while (buffer.hasRemaining()) {
                        channel.write(buffer, channel.size());
                    }
                    channel.force(true);
                } catch (IOException e) {
                    channel.truncate(start); // leave no partial line for the retry to append to
                    throw e;
                }
            } catch (IOException e) {
                throw ConnectorException.transientFailure("cannot append to " + fileName(entity) + ": " + Texts.describe(e), e);
            }
        }
        for (int i = 0; i < okIndexes.size(); i++) {
            outcomes.set(okIndexes.get(i), DeliveryOutcome.ok(fileName(entity) + "@" + (start + offsets.get(i))));
        }
        return outcomes;
    }

    /** Deletes the entity's file. */
    @Override
    public void removeEntityData(EntityDescriptor entity) {
        FileChannel channel = channels.remove(entity.name());
        try {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(directory.resolve(fileName(entity)));
        } catch (IOException e) {
            throw ConnectorException.transientFailure("cannot delete " + fileName(entity) + ": " + Texts.describe(e), e);
        }
    }

    /** Closes every file. */
    @Override
    public void close() {
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Closing a JSON-lines file failed: {}", Texts.describe(e));
            }
        }
        channels.clear();
    }

    private FileChannel channel(EntityDescriptor entity) {
        String name = fileName(entity);
        return channels.computeIfAbsent(entity.name(), e -> {
            try {
                return FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException ex) {
                throw ConnectorException.transientFailure("cannot open " + name + ": " + Texts.describe(ex), ex);
            }
        });
    }

    private static String fileName(EntityDescriptor entity) {
        if (!SAFE_NAME.matcher(entity.name()).matches() || entity.name().contains("..")) {
            throw ConnectorException.permanent("entity name '" + Texts.shorten(entity.name(), 80)
                    + "' cannot be used as a file name (letters, digits, '_', '-', '.')", null);
        }
        return entity.name() + ".jsonl";
    }

    @Override
    public String toString() {
        return "JsonLinesDestination[directory=" + directory + "]";
    }

    /** Builds a {@link JsonLinesDestination}. Not thread-safe. */
    public static final class Builder {
        private Path directory;
        private String systemName = "jsonl";

        private Builder() {
        }

        /**
         * @param directory where the files go, created when missing; not null
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param systemName the destination system's name shown in reports, not blank
         * @return this builder
         */
        public Builder systemName(String systemName) {
            this.systemName = FileSourceBuilder.notBlank("systemName", systemName);
            return this;
        }

        /**
         * @return a new destination
         * @throws ConfigurationException naming {@code directory} when it is not set
         */
        public JsonLinesDestination build() {
            if (directory == null) {
                throw new ConfigurationException("directory", "is required");
            }
            return new JsonLinesDestination(this);
        }
    }
}
