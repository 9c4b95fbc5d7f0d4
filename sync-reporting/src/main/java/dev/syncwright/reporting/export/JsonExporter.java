package dev.syncwright.reporting.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.core.journal.SyncLogEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes the sync report, or a sync log, as a JSON array of objects with the same fields as the CSV export
 * ({@link CsvExporter}); null values are written as JSON null, numbers as numbers, times as ISO-8601 text.
 * Uses Jackson's streaming generator only: no object mapping, no type information.
 *
 * <p>Text values are written exactly as they are, with no formula-injection quote ({@link CsvExporter} adds
 * one): spreadsheet programs do not run JSON strings as formulas, and JSON escaping already keeps every value
 * inside its string. A consumer that turns this JSON into CSV for a spreadsheet must escape it there.
 *
 * <p>Stateless and thread-safe; an export streams the entries and never holds them all in memory.
 */
public final class JsonExporter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final ReportStore store;

    /** @param store the report to export, not null */
    public JsonExporter(ReportStore store) {
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    /**
     * Writes every entry that matches the request's filter (all pages) in its order. The writer is flushed, not
     * closed.
     *
     * @param request which entries, in which order, with which columns; not null
     * @param out where the JSON goes, not null
     * @return how many entries were written
     * @throws IOException when writing fails
     */
    public long export(ExportRequest request, Writer out) throws IOException {
        Objects.requireNonNull(out, "out must not be null");
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return export(request, g);
        }
    }

    /**
     * As {@link #export(ExportRequest, Writer)}, in UTF-8. The stream is flushed, not closed.
     *
     * @param request which entries, in which order, with which columns; not null
     * @param out where the JSON goes, not null
     * @return how many entries were written
     * @throws IOException when writing fails
     */
    public long export(ExportRequest request, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out must not be null");
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return export(request, g);
        }
    }

    private long export(ExportRequest request, JsonGenerator g) throws IOException {
        Objects.requireNonNull(request, "request must not be null");
        try (Stream<ReportEntry> entries = store.stream(request.filter(), request.sort())) {
            return write(ExportColumns.entryColumns(request), entries.iterator(), g);
        }
    }

    /**
     * Writes sync log events as a JSON array. The writer is flushed, not closed.
     *
     * @param events the events, not null
     * @param out where the JSON goes, not null
     * @return how many events were written
     * @throws IOException when writing fails
     */
    public static long exportLog(List<SyncLogEvent> events, Writer out) throws IOException {
        Objects.requireNonNull(events, "events must not be null");
        Objects.requireNonNull(out, "out must not be null");
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            return write(ExportColumns.logColumns(), events.iterator(), g);
        }
    }

    private static <T> long write(List<ExportColumns.Column<T>> columns, Iterator<T> rows, JsonGenerator g)
            throws IOException {
        long n = 0;
        g.writeStartArray();
        while (rows.hasNext()) {
            T row = rows.next();
            g.writeStartObject();
            for (ExportColumns.Column<T> c : columns) {
                Object v = c.value().apply(row);
                if (v == null) {
                    g.writeNullField(c.name());
                } else if (v instanceof Number num) {
                    g.writeNumberField(c.name(), num.longValue());
                } else {
                    g.writeStringField(c.name(), v.toString());
                }
            }
            g.writeEndObject();
            n++;
        }
        g.writeEndArray();
        g.flush();
        return n;
    }
}
