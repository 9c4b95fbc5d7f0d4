package dev.syncwright.connectors.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the rows of a CSV file one after another from a byte position, in one pass, keeping the exact
 * position (byte offset and line number) after each row for checkpoints.
 *
 * <p>The format is RFC 4180's, read leniently as spreadsheets do: a value that starts with the quote is
 * quoted and may hold delimiters, line breaks (kept as they are in the file, LF or CR LF) and doubled quotes
 * (one quote each); white space between a closing quote and the next delimiter is ignored; a quote anywhere
 * else in a value is an ordinary character. Lines end at LF or CR LF; lines of white space between rows are
 * skipped; a byte order mark at the start of the file is dropped.
 *
 * <p>A row that cannot be read is returned as {@link Row#rejected rejected}, with the number of its first
 * line, and never costs a later row: reading goes on at the line after the row's first line. So a quoted
 * value that is still open at the end of a line is continued on the next lines only while they make it a
 * well-formed row: it must close before the end of the file and within {@code maxRecordBytes}, its closing
 * quote must be followed by a delimiter or the end of a line, and the row must have {@code width} values.
 * Otherwise only the opening line is rejected and the lines after it are read again as rows of their own.
 *
 * <p>Not thread-safe.
 */
public final class CsvReader implements Closeable {
    /**
     * How a file is written. Immutable.
     *
     * @param charset        the charset, ASCII-compatible
     * @param delimiter      the value separator
     * @param quote          the quote, not the delimiter
     * @param maxRecordBytes the most bytes one row may take, line breaks included
     */
    public record Format(Charset charset, char delimiter, char quote, int maxRecordBytes) {
    }

    /**
     * One row.
     *
     * @param line   the 1-based number of its first line
     * @param values its values in file order, none of them null; null when the row is rejected
     * @param error  why the row cannot be read; null for a readable row
     */
    public record Row(long line, List<String> values, String error) {
        /** @return true when the row could not be read */
        public boolean rejected() {
            return error != null;
        }
    }

    private final LineReader lines;
    private final Format format;
    private final int width;
    private final List<String> values = new ArrayList<>();
    private final StringBuilder quoted = new StringBuilder();
    private boolean openQuote;

    /**
     * @param file     the file
     * @param format   how it is written
     * @param position where to start: the start of the file or a position this reader gave
     * @param width    how many values a row must have; -1 for any number (to read a header)
     * @throws IOException when the file cannot be opened or is shorter than {@code position}
     */
    public CsvReader(Path file, Format format, FilePosition position, int width) throws IOException {
        this.lines = new LineReader(file, format.charset(), position, format.maxRecordBytes());
        this.format = format;
        this.width = width;
    }

    /**
     * @return the next row, or null at the end of the file
     * @throws IOException when the file cannot be read
     */
    public Row next() throws IOException {
        do {
            if (!lines.advance()) {
                return null;
            }
        } while (lines.isBlank());
        long first = lines.number();
        if (lines.tooLong()) {
            return new Row(first, null, tooLong(false));
        }
        values.clear();
        openQuote = false;
        String error = parse(lines.chars(), lines.length());
        if (openQuote) {
            return continued(first);
        }
        if (lines.malformed()) {
            return new Row(first, null, notValid());
        }
        if (error != null) {
            return new Row(first, null, "cannot be parsed as CSV: " + error);
        }
        return fitsWidth() ? row(first) : new Row(first, null, "has " + widthMismatch());
    }

    /** @return the position just after the last row returned, or after the blank lines that end the file */
    public FilePosition position() {
        return lines.position();
    }

    /** @return true when nothing is left to read after the last row returned */
    public boolean atEnd() throws IOException {
        return lines.atEnd();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /** Reads the lines a quoted value opened on line {@code first} runs on to. */
    private Row continued(long first) throws IOException {
        FilePosition afterFirst = lines.position();
        long bytes = lines.bytes();
        boolean malformed = lines.malformed();
        String why = null;
        while (openQuote && why == null) {
            quoted.append(lines.crlf() ? "\r\n" : "\n");
            if (!lines.advance()) {
                why = "a quoted value is not closed before the end of the file";
                break;
            }
            bytes += lines.bytes();
            if (lines.tooLong() || bytes > format.maxRecordBytes()) {
                why = tooLong(true);
                break;
            }
            malformed |= lines.malformed();
            String error = parse(lines.chars(), lines.length());
            if (error != null) {
                why = notClosedHere("with " + error);
            } else if (!openQuote && !fitsWidth()) {
                why = notClosedHere("in a row of " + widthMismatch());
            }
        }
        if (why == null) {
            return malformed ? new Row(first, null, notValid()) : row(first);
        }
        // the lines taken for the value's continuation may be rows of their own: read them again
        lines.seek(afterFirst);
        return new Row(first, null, why);
    }

    /**
     * Parses one line into {@link #values}, going on with a quoted value left open by the line before.
     *
     * @return why the line cannot be parsed, or null; {@link #openQuote} says whether the row goes on
     */
    private String parse(char[] c, int length) {
        char delimiter = format.delimiter();
        char quote = format.quote();
        int i = 0;
        boolean inQuotes = openQuote;
        while (true) {
            if (!inQuotes && (i == length || c[i] != quote)) {
                int stop = i;
                while (stop < length && c[stop] != delimiter) {
                    stop++;
                }
                values.add(new String(c, i, stop - i));
                if (stop == length) {
                    return null;
                }
                i = stop + 1;
                continue;
            }
            if (!inQuotes) {
                quoted.setLength(0);
                i++;
            }
            i = quotedPart(c, i, length, quote);
            if (i < 0) {
                openQuote = true;
                return null;
            }
            openQuote = false;
            inQuotes = false;
            values.add(quoted.toString());
            while (i < length && c[i] != delimiter && (c[i] == ' ' || c[i] == '\t')) {
                i++;
            }
            if (i == length) {
                return null;
            }
            if (c[i] != delimiter) {
                return "text after the closing quote of value " + values.size();
            }
            i++;
        }
    }

    /**
     * Appends the part of a quoted value that is on this line to {@link #quoted}.
     *
     * @return the index after its closing quote, or -1 when the value goes on past the end of the line
     */
    private int quotedPart(char[] c, int from, int length, char quote) {
        int start = from;
        for (int i = from; i < length; i++) {
            if (c[i] == quote) {
                if (i + 1 < length && c[i + 1] == quote) {
                    quoted.append(c, start, i + 1 - start);
                    start = ++i + 1;
                } else {
                    quoted.append(c, start, i - start);
                    return i + 1;
                }
            }
        }
        quoted.append(c, start, length - start);
        return -1;
    }

    private Row row(long first) {
        return new Row(first, List.copyOf(values), null);
    }

    private boolean fitsWidth() {
        return width < 0 || values.size() == width;
    }

    private String widthMismatch() {
        return values.size() + " values, the header has " + width;
    }

    private String notClosedHere(String how) {
        return "a quoted value is not closed on this line (continued, it ends on line " + lines.number() + " " + how + ")";
    }

    private String tooLong(boolean quoteOpen) {
        return "record is longer than " + format.maxRecordBytes() + " bytes" + (quoteOpen ? " (is a quote left open?)" : "");
    }

    private String notValid() {
        return "bytes that are not valid " + lines.charsetName();
    }
}
