package dev.syncwright.connectors.file;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.syncwright.connectors.internal.EntityFile;
import dev.syncwright.connectors.internal.FileEstimates;
import dev.syncwright.connectors.internal.FilePosition;
import dev.syncwright.connectors.internal.LineReader;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CSV files, one file per entity, each with a header row naming its columns. Parsing is done by
 * Jackson's CSV module; values are strings, and an empty value is the empty string.
 *
 * <p>The checkpoint is the byte offset and line number after the last record read, so a resumed read
 * seeks straight to where it stopped. A line that cannot be parsed (a quote left open, a wrong number of
 * values, bytes that are not in the charset) becomes a key-less record made by {@link MalformedRecords}:
 * the engine reports it FAILED with the file and line, and reading goes on with the next line. A file whose
 * header lacks the key column fails that entity only, with a {@link ConfigurationException} naming
 * {@code keyColumn}.
 *
 * <p>Thread-safe: reads of different entities may run at once. Build with {@link #builder()}.
 */
public final class CsvSource implements SourceConnector {
    private final FileSourceSettings settings;
    private final ObjectReader csv;
    private volatile Map<String, EntityFile> files = Map.of();

    private CsvSource(FileSourceSettings settings) {
        this.settings = settings;
        CsvSchema schema = CsvSchema.emptySchema()
                .withColumnSeparator(settings.delimiter())
                .withQuoteChar(settings.quote())
                .withoutHeader();
        this.csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY).readerFor(String[].class).with(schema);
    }

    /** @return a builder with the defaults: comma, double quote, UTF-8, key column {@code id}; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String systemName() {
        return settings.systemName();
    }

    /**
     * Finds the files: lists the directory, or checks that every listed file exists.
     *
     * @throws ConfigurationException naming {@code directory} or {@code files} when they cannot be read
     */
    @Override
    public void open() {
        files = settings.resolveFiles(".csv");
    }

    /** @return one entity per file with the header's columns as fields and an estimated count */
    @Override
    public List<EntityDescriptor> entities() {
        List<EntityDescriptor> result = new ArrayList<>();
        for (EntityFile file : files.values()) {
            List<FieldDescriptor> fields = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            try {
                for (String column : header(file).columns()) {
                    if (!column.isBlank() && seen.add(column)) {
                        fields.add(FieldDescriptor.string(column));
                    }
                }
            } catch (ConnectorException e) {
                fields.clear(); // reported when the entity is read, so the other entities still run
            }
            result.add(new EntityDescriptor(file.entity(), keyColumn(file), fields,
                    java.util.OptionalLong.of(FileEstimates.records(file.path(), 1))));
        }
        return List.copyOf(result);
    }

    /**
     * @throws ConfigurationException when the file's header lacks the key column
     * @throws ConnectorException     (permanent) when the file is gone, unreadable or shorter than the checkpoint
     */
    @Override
    public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
        EntityFile file = file(entity);
        Header header = header(file);
        int keyIndex = header.indexOf(keyColumn(file));
        int referenceIndex = settings.reference() == null ? -1 : header.indexOf(settings.reference());
        FilePosition start = from.isStart() ? header.end() : FilePosition.of(from);
        List<SyncRecord> records = new ArrayList<>(Math.min(maxRecords, 1024));
        try (LineReader reader = open(file, start)) {
            while (records.size() < maxRecords) {
                LineReader.Line line = reader.next();
                if (line == null) {
                    break;
                }
                if (line.error() == null && line.text().isBlank()) {
                    continue;
                }
                records.add(toRecord(file, header, keyIndex, referenceIndex, line));
            }
            return new Page(records, reader.position().toCheckpoint(), !reader.atEnd());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Scans the whole file for the keys; a resync of a CSV entity reads the file once per batch of keys. */
    @Override
    public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
        EntityFile file = file(entity);
        Header header = header(file);
        int keyIndex = header.indexOf(keyColumn(file));
        int referenceIndex = settings.reference() == null ? -1 : header.indexOf(settings.reference());
        Set<String> wanted = new HashSet<>(keys);
        Map<String, SyncRecord> found = new LinkedHashMap<>();
        try (LineReader reader = open(file, header.end())) {
            for (LineReader.Line line = reader.next(); line != null && found.size() < wanted.size(); line = reader.next()) {
                if (line.error() == null && !line.text().isBlank()) {
                    SyncRecord r = toRecord(file, header, keyIndex, referenceIndex, line);
                    if (r.key() != null && wanted.contains(r.key())) {
                        found.put(r.key(), r);
                    }
                }
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return List.copyOf(found.values());
    }

    private SyncRecord toRecord(EntityFile file, Header header, int keyIndex, int referenceIndex, LineReader.Line line) {
        if (line.error() != null) {
            return MalformedRecords.of(file.entity(), file.fileName(), line.firstLine(), line.error());
        }
        String[] values;
        try (MappingIterator<String[]> it = csv.readValues(line.text())) {
            values = it.hasNext() ? it.next() : new String[0];
        } catch (IOException | RuntimeException e) {
            return MalformedRecords.of(file.entity(), file.fileName(), line.firstLine(),
                    "cannot be parsed as CSV: " + Texts.shorten(firstLine(e.getMessage()), 200));
        }
        if (values.length != header.columns().size()) {
            return MalformedRecords.of(file.entity(), file.fileName(), line.firstLine(),
                    "has " + values.length + " values, the header has " + header.columns().size());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            fields.putIfAbsent(header.columns().get(i), values[i]);
        }
        String key = values[keyIndex].isEmpty() ? null : values[keyIndex];
        String reference = referenceIndex >= 0 && !values[referenceIndex].isEmpty() ? values[referenceIndex] : key;
        if (key == null) {
            reference = file.fileName() + " line " + line.firstLine();
        }
        return new SyncRecord(file.entity(), key, reference, fields, null);
    }

    private Header header(EntityFile file) {
        try (LineReader reader = open(file, FilePosition.START)) {
            LineReader.Line line = reader.next();
            while (line != null && line.error() == null && line.text().isBlank()) {
                line = reader.next();
            }
            if (line == null) {
                return new Header(List.of(), reader.position());
            }
            if (line.error() != null) {
                throw ConnectorException.badData(file.fileName() + " line " + line.firstLine() + ": header " + line.error());
            }
            List<String> columns;
            try (MappingIterator<String[]> it = csv.readValues(line.text())) {
                columns = it.hasNext() ? List.of(it.next()) : List.of();
            }
            return new Header(columns, reader.position());
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private String keyColumn(EntityFile file) {
        return file.key() != null ? file.key() : settings.key();
    }

    private EntityFile file(EntityDescriptor entity) {
        EntityFile file = files.get(entity.name());
        if (file == null) {
            throw ConnectorException.permanent("no CSV file for entity '" + entity.name() + "' (was the source opened?)", null);
        }
        return file;
    }

    private LineReader open(EntityFile file, FilePosition position) throws IOException {
        return new LineReader(file.path(), settings.charset(), position, settings.quote(), settings.maxRecordBytes());
    }

    private static ConnectorException unreadable(EntityFile file, IOException e) {
        String why = e instanceof NoSuchFileException ? "the file does not exist" : Texts.describe(e);
        return ConnectorException.permanent("cannot read " + file.path() + ": " + why, e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public String toString() {
        return "CsvSource[" + settings + "]";
    }

    /** The header of a file and the position after it. */
    private record Header(List<String> columns, FilePosition end) {
        int indexOf(String column) {
            int i = columns.indexOf(column);
            if (i < 0 && !columns.isEmpty()) {
                throw new ConfigurationException("keyColumn", "column '" + column + "' is not in the header (columns: "
                        + Texts.shorten(String.join(", ", columns), 300) + ")");
            }
            return i;
        }
    }

    /**
     * Builds a {@link CsvSource}. Set either {@link #directory} or one or more {@link #file}s. Each setting
     * is checked as it is given. Not thread-safe.
     */
    public static final class Builder extends FileSourceBuilder<Builder> {
        private Builder() {
            super("csv", "id");
        }

        /**
         * @param delimiter the column separator (default {@code ,})
         * @return this builder
         * @throws ConfigurationException naming {@code delimiter} for a quote, CR or LF
         */
        public Builder delimiter(char delimiter) {
            this.delimiter = checkChar("delimiter", delimiter);
            return this;
        }

        /**
         * @param quote the quote character (default {@code "})
         * @return this builder
         * @throws ConfigurationException naming {@code quote} for CR or LF
         */
        public Builder quote(char quote) {
            this.quote = checkChar("quote", quote);
            return this;
        }

        /**
         * @param column the header column holding each record's key, for files that set none (default {@code id})
         * @return this builder
         */
        public Builder keyColumn(String column) {
            return key("keyColumn", column);
        }

        /**
         * @param column a header column holding the human-readable reference shown in reports; unset: the key
         * @return this builder
         */
        public Builder referenceColumn(String column) {
            return reference("referenceColumn", column);
        }

        /**
         * @return a new source with a copy of these settings
         * @throws ConfigurationException when neither or both of directory and files are set, or the
         *                                delimiter equals the quote
         */
        public CsvSource build() {
            if (delimiter == quote) {
                throw new ConfigurationException("quote", "must differ from the delimiter");
            }
            return new CsvSource(settings());
        }

        private static char checkChar(String setting, char c) {
            if (c == '\n' || c == '\r') {
                throw new ConfigurationException(setting, "must not be a line break");
            }
            return c;
        }
    }
}
