package dev.syncwright.connectors.file;

import dev.syncwright.connectors.internal.CsvReader;
import dev.syncwright.connectors.internal.EntityFile;
import dev.syncwright.connectors.internal.FileEstimates;
import dev.syncwright.connectors.internal.FilePosition;
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
 * Reads CSV files, one file per entity, each with a header row naming its columns. Values are strings, and an
 * empty value is the empty string. Each read streams through the file once from its checkpoint.
 *
 * <p>The format is RFC 4180's, read leniently as spreadsheets read it. A value that starts with the quote is
 * quoted: it may hold delimiters, line breaks (kept as written, LF or CR LF) and doubled quotes, which stand
 * for one quote; white space between its closing quote and the next delimiter is ignored. A quote anywhere
 * else is an ordinary character, so {@code 100,5" tall,x} is a row of three values. Rows end at LF or CR LF,
 * blank lines are skipped, and a byte order mark at the start of the file is dropped.
 *
 * <p>The checkpoint is the byte offset and line number after the last record read, so a resumed read
 * seeks straight to where it stopped. A row that cannot be read (text after a closing quote, a wrong number of
 * values, bytes that are not in the charset, more than {@code maxRecordBytes}) becomes a key-less record made
 * by {@link MalformedRecords}: the engine reports it FAILED with the file and the row's first line.
 *
 * <p><b>A bad row costs only itself.</b> Reading always goes on at the line after the bad row's first line,
 * so no row after it is lost. This decides how far a quoted value still open at the end of a line may reach:
 * the following lines are taken as its continuation only if the row they make is well formed: the value
 * closes before the end of the file, within {@code maxRecordBytes} (1 MiB by default) of the row's start,
 * its closing quote is followed by a delimiter or a line end, and the row has as many values as the header.
 * Otherwise only the opening line is FAILED ("a quoted value is not closed ...") and the lines after it are
 * read again as rows of their own. So an unclosed quote looks ahead at most {@code maxRecordBytes}, and a
 * quoted value may span any number of lines within that size. One case stays ambiguous, as in any CSV
 * reader: a quote left open that a later stray quote closes into a well-formed row is read as one value
 * spanning those lines.
 *
 * <p>A file whose header lacks the key column fails that entity only, with a {@link ConfigurationException}
 * naming {@code keyColumn}.
 *
 * <p>Thread-safe: reads of different entities may run at once. Build with {@link #builder()}.
 */
public final class CsvSource implements SourceConnector {
    private final FileSourceSettings settings;
    private final CsvReader.Format format;
    private volatile Map<String, EntityFile> files = Map.of();

    private CsvSource(FileSourceSettings settings) {
        this.settings = settings;
        this.format = new CsvReader.Format(settings.charset(), settings.delimiter(), settings.quote(),
                settings.maxRecordBytes());
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
        try (CsvReader reader = open(file, start, header)) {
            while (records.size() < maxRecords) {
                CsvReader.Row row = reader.next();
                if (row == null) {
                    break;
                }
                records.add(toRecord(file, header, keyIndex, referenceIndex, row));
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
        try (CsvReader reader = open(file, header.end(), header)) {
            for (CsvReader.Row row = reader.next(); row != null && found.size() < wanted.size(); row = reader.next()) {
                if (!row.rejected()) {
                    SyncRecord r = toRecord(file, header, keyIndex, referenceIndex, row);
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

    private SyncRecord toRecord(EntityFile file, Header header, int keyIndex, int referenceIndex, CsvReader.Row row) {
        if (row.rejected()) {
            return MalformedRecords.of(file.entity(), file.fileName(), row.line(), row.error());
        }
        List<String> values = row.values();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            fields.putIfAbsent(header.columns().get(i), values.get(i));
        }
        String key = values.get(keyIndex).isEmpty() ? null : values.get(keyIndex);
        String reference = referenceIndex >= 0 && !values.get(referenceIndex).isEmpty() ? values.get(referenceIndex) : key;
        if (key == null) {
            reference = file.fileName() + " line " + row.line();
        }
        return new SyncRecord(file.entity(), key, reference, fields, null);
    }

    private Header header(EntityFile file) {
        try (CsvReader reader = new CsvReader(file.path(), format, FilePosition.START, -1)) {
            CsvReader.Row row = reader.next();
            if (row == null) {
                return new Header(List.of(), reader.position());
            }
            if (row.rejected()) {
                throw ConnectorException.badData(file.fileName() + " line " + row.line() + ": header " + row.error());
            }
            return new Header(row.values(), reader.position());
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

    private CsvReader open(EntityFile file, FilePosition position, Header header) throws IOException {
        return new CsvReader(file.path(), format, position, header.columns().size());
    }

    private static ConnectorException unreadable(EntityFile file, IOException e) {
        String why = e instanceof NoSuchFileException ? "the file does not exist" : Texts.describe(e);
        return ConnectorException.permanent("cannot read " + file.path() + ": " + why, e);
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
