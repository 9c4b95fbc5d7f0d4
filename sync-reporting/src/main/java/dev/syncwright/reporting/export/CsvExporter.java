package dev.syncwright.reporting.export;

import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.core.journal.SyncLogEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes the sync report, or a sync log, as CSV (RFC 4180): a header row, then one row per entry, fields
 * separated by commas, rows ended by CRLF; a field holding a comma, a double quote, CR or LF is enclosed in
 * double quotes, with inner quotes doubled. Times are ISO-8601 instants (UTC). Empty fields stand for null.
 *
 * <p>Columns: {@code syncId, runId, system, entity, reference, status, attempts, message, created, updated},
 * then {@code latestSyncTime, latestSyncResult, latestSyncRunId} when the request
 * {@linkplain ExportRequest#withLatestSyncInfo asks}, then {@code sourceId, endpointId} when it
 * {@linkplain ExportRequest#withIds asks}.
 *
 * <p><b>Formula injection.</b> Spreadsheet programs run a cell as a formula when it starts with {@code =},
 * {@code +}, {@code -} or {@code @}, and many first drop blanks or read a fullwidth {@code ＝} as {@code =}.
 * Following the OWASP advice on CSV injection, a text field is written with one single quote ({@code '}) in
 * front, which spreadsheets show as text, when
 * <ul>
 * <li>its first character that is not blank is {@code = + - @} or one of their fullwidth or small forms
 *     ({@code ＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫}); blank means white space and line breaks (space, tab, CR, LF, NEL, U+2028,
 *     U+2029), any Unicode space (such as the no-break and ideographic spaces) and invisible characters (other
 *     control characters, zero-width spaces and joiners, the byte order mark);</li>
 * <li>its first character is blank but a control character: tab, CR, LF or another one (OWASP names tab and
 *     CR); or</li>
 * <li>it already starts with a single quote, so that a value such as {@code '=1} is not read back as the
 *     escaped formula {@code =1}.</li>
 * </ul>
 * So the one reading rule that gives every original value back is: <b>when a text field starts with a single
 * quote, drop that one quote</b>; leave every other field as it is. A number in a text field is escaped like
 * any text, as OWASP advises: {@code -5} is written {@code '-5}, because a leading sign is also how a formula
 * such as {@code -5+cmd|...} starts, and the reading rule gives {@code -5} back. Number columns (sync id,
 * attempts) are never prefixed. The quote comes before the RFC 4180 quoting: {@code =1,2} is written
 * {@code "'=1,2"}.
 *
 * <p>Stateless and thread-safe; an export streams the entries and never holds them all in memory.
 */
public final class CsvExporter {
    private static final int BLOCK = 16 * 1024;
    /** The signs that open a formula, with their fullwidth and small forms. */
    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B";
    private final ReportStore store;

    /** @param store the report to export, not null */
    public CsvExporter(ReportStore store) {
        this.store = Objects.requireNonNull(store, "store must not be null");
    }

    /**
     * Writes every entry that matches the request's filter (all pages, not only the current one) in its order.
     * The writer is flushed, not closed.
     *
     * @param request which entries, in which order, with which columns; not null
     * @param out where the CSV goes, not null
     * @return how many entries were written
     * @throws IOException when writing fails
     */
    public long export(ExportRequest request, Writer out) throws IOException {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(out, "out must not be null");
        try (Stream<ReportEntry> entries = store.stream(request.filter(), request.sort())) {
            return write(ExportColumns.entryColumns(request), entries.iterator(), out);
        }
    }

    /**
     * As {@link #export(ExportRequest, Writer)}, in UTF-8. The stream is flushed, not closed.
     *
     * @param request which entries, in which order, with which columns; not null
     * @param out where the CSV goes, not null
     * @return how many entries were written
     * @throws IOException when writing fails
     */
    public long export(ExportRequest request, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(Objects.requireNonNull(out, "out must not be null"),
                StandardCharsets.UTF_8));
        long n = export(request, w);
        w.flush();
        return n;
    }

    /**
     * Writes sync log events (the "download the error log" action), columns
     * {@code time, level, runId, system, entity, kind, message, errorClass}. The writer is flushed, not closed.
     *
     * @param events the events, not null
     * @param out where the CSV goes, not null
     * @return how many events were written
     * @throws IOException when writing fails
     */
    public static long exportLog(List<SyncLogEvent> events, Writer out) throws IOException {
        Objects.requireNonNull(events, "events must not be null");
        Objects.requireNonNull(out, "out must not be null");
        return write(ExportColumns.logColumns(), events.iterator(), out);
    }

    private static <T> long write(List<ExportColumns.Column<T>> columns, Iterator<T> rows, Writer out)
            throws IOException {
        // rows are built in a buffer and handed to the writer in blocks: one call per cell would pay the
        // writer's lock and bookkeeping millions of times
        StringBuilder block = new StringBuilder(BLOCK + 1024);
        for (int i = 0; i < columns.size(); i++) {
            block.append(i == 0 ? "" : ",").append(columns.get(i).name());
        }
        block.append("\r\n");
        long n = 0;
        try {
            while (rows.hasNext()) {
                T row = rows.next();
                for (int i = 0; i < columns.size(); i++) {
                    ExportColumns.Column<T> c = columns.get(i);
                    if (i > 0) {
                        block.append(',');
                    }
                    Object v = c.value().apply(row);
                    if (v != null) {
                        block.append(c.text() ? cell(v.toString()) : v.toString());
                    }
                }
                block.append("\r\n");
                n++;
                if (block.length() >= BLOCK) {
                    out.append(block);
                    block.setLength(0);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.append(block);
        out.flush();
        return n;
    }

    /**
     * Escapes one text cell: neutralised against formula injection as described on this class, then quoted if
     * needed.
     *
     * @param value the text, not null
     * @return the cell as it appears in the file
     */
    public static String cell(String value) {
        String v = needsQuotePrefix(value) ? "'" + value : value;
        boolean quote = false;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    private static boolean needsQuotePrefix(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        if (first == '\'' || Character.isISOControl(first)) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isBlank(c)) {
                return FORMULA_STARTS.indexOf(c) >= 0;
            }
        }
        return false;
    }

    /** @return true for characters a spreadsheet may skip or not show before a formula's first sign */
    private static boolean isBlank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT;
    }
}
