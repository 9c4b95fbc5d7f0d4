package dev.syncwright.connectors.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.SyncRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes records as the lines of a data file, in the two formats the file connectors read back: JSON lines (one
 * object per record, the key field first) and CSV with a header (RFC 4180, UTF-8, the key column first). A record
 * whose values cannot be written is left out and named with the reason, so it can be FAILED alone. Stateless and
 * thread-safe.
 */
public final class RecordFiles {
    private static final CsvMapper CSV = new CsvMapper();

    /** The formats a batch can be written in. */
    public enum Format {
        /** One JSON object per line, UTF-8. */
        JSON_LINES("jsonl"),
        /** A header line, then one row per record; RFC 4180 quoting, UTF-8. */
        CSV("csv");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** @return the file name extension, without the dot */
        public String extension() {
            return extension;
        }
    }

    /**
     * A batch written as one file's content. Immutable.
     *
     * @param bytes    the content, UTF-8; empty when no record could be written
     * @param written  the records in the content, in batch order
     * @param rejected for each record left out, its index in the batch and why (for a FAILED outcome)
     */
    public record Content(byte[] bytes, List<SyncRecord> written, Map<Integer, String> rejected) {
        public Content {
            written = List.copyOf(written);
            rejected = Map.copyOf(rejected);
        }
    }

    private RecordFiles() {
    }

    /**
     * @param entity the records' entity, not null
     * @param record the record, not null
     * @return the record as one JSON object, without a line break
     * @throws IllegalArgumentException with a short reason when a value cannot be written as JSON
     */
    public static byte[] jsonLine(EntityDescriptor entity, SyncRecord record) {
        try {
            return Json.mapper().writeValueAsBytes(withKey(entity, record));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the record as JSON: " + Texts.shorten(e.getOriginalMessage(), 200), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot write the record as JSON: " + Texts.shorten(Texts.describe(e), 200), e);
        }
    }

    /**
     * @param format  the file format, not null
     * @param entity  the records' entity, not null
     * @param records the records, not null
     * @return the file's content; every record either in it or rejected with the reason
     */
    public static Content write(Format format, EntityDescriptor entity, List<SyncRecord> records) {
        return format == Format.CSV ? csv(entity, records) : jsonLines(entity, records);
    }

    private static Content jsonLines(EntityDescriptor entity, List<SyncRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 128);
        List<SyncRecord> written = new ArrayList<>(records.size());
        Map<Integer, String> rejected = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                out.writeBytes(jsonLine(entity, records.get(i)));
                out.write('\n');
                written.add(records.get(i));
            } catch (IllegalArgumentException e) {
                rejected.put(i, e.getMessage());
            }
        }
        return new Content(out.toByteArray(), written, rejected);
    }

    private static Content csv(EntityDescriptor entity, List<SyncRecord> records) {
        List<String> columns = columns(entity, records);
        List<String[]> rows = new ArrayList<>(records.size());
        List<SyncRecord> written = new ArrayList<>(records.size());
        Map<Integer, String> rejected = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            SyncRecord record = records.get(i);
            try {
                Map<String, Object> values = withKey(entity, record);
                String[] row = new String[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = cell(values.get(columns.get(c)));
                }
                rows.add(row);
                written.add(record);
            } catch (IllegalArgumentException e) {
                rejected.put(i, e.getMessage());
            }
        }
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 128);
        if (!written.isEmpty()) {
            try (SequenceWriter writer = CSV.writer(schema.build()).writeValues(out)) {
                for (String[] row : rows) {
                    writer.write(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
        }
        return new Content(out.toByteArray(), written, rejected);
    }

    /** @return the key field, the declared fields, then any other field the records have, in first-seen order */
    private static List<String> columns(EntityDescriptor entity, Collection<SyncRecord> records) {
        Set<String> columns = new LinkedHashSet<>();
        columns.add(entity.keyField());
        for (FieldDescriptor f : entity.fields()) {
            columns.add(f.name());
        }
        for (SyncRecord r : records) {
            columns.addAll(r.fields().keySet());
        }
        return List.copyOf(columns);
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Map || value instanceof Collection || value.getClass().isArray()) {
            try {
                return Json.mapper().writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write a value as CSV: " + Texts.shorten(e.getOriginalMessage(), 200), e);
            }
        }
        return Json.text(value);
    }

    /** @return the record's fields with its key under the key field, first, when the record lacks it */
    private static Map<String, Object> withKey(EntityDescriptor entity, SyncRecord record) {
        if (record.fields().containsKey(entity.keyField())) {
            return record.fields();
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(entity.keyField(), record.key());
        line.putAll(record.fields());
        return line;
    }
}
