package dev.syncwright.connectors.internal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a text file one logical record at a time from a byte offset, keeping the exact byte offset and
 * line number after each record so that a later read can continue there without rereading the file.
 *
 * <p>With a quote character, a record ends at a newline outside quotes (an odd number of quote bytes so far
 * means the newline is inside a quoted field), so quoted CSV values may span lines; parsing the record's
 * fields is left to a real CSV parser. This byte-level split is exact for every charset in which the quote
 * character and the newline are single bytes that never occur inside a multi-byte sequence (UTF-8, ASCII,
 * the ISO-8859 family, windows-125x). A record longer than {@code maxRecordBytes} is cut at the next newline
 * and returned with an error, so an unbalanced quote cannot swallow the rest of the file.
 *
 * <p>Not thread-safe.
 */
public final class LineReader implements Closeable {
    private static final int NO_QUOTE = -1;

    /**
     * One logical record.
     *
     * @param text      the record without its line terminator; null when {@code error} is set
     * @param firstLine the 1-based number of its first line
     * @param lastLine  the number of its last line
     * @param error     why the record is unreadable, else null
     */
    public record Line(String text, long firstLine, long lastLine, String error) {
    }

    private final FileChannel channel;
    private final InputStream in;
    private final Charset charset;
    private final int quote;
    private final int maxRecordBytes;
    private byte[] buffer = new byte[256];
    private long offset;
    private long line;

    /**
     * @param file           the file
     * @param charset        its charset
     * @param position       where to start
     * @param quote          the quote character, or null when records never span lines
     * @param maxRecordBytes the longest record accepted
     * @throws IOException when the file cannot be opened
     */
    public LineReader(Path file, Charset charset, FilePosition position, Character quote, int maxRecordBytes)
            throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (position.offset() > channel.size()) {
                throw new IOException("the file is shorter (" + channel.size() + " bytes) than the checkpoint ("
                        + position.offset() + "); was it replaced?");
            }
            channel.position(position.offset());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        this.charset = charset;
        this.quote = quote == null ? NO_QUOTE : quote;
        this.maxRecordBytes = maxRecordBytes;
        this.offset = position.offset();
        this.line = position.line();
    }

    /** @return the position just after the last record returned */
    public FilePosition position() {
        return new FilePosition(offset, line);
    }

    /**
     * @return the next record, or null at the end of the file
     * @throws IOException when the file cannot be read
     */
    public Line next() throws IOException {
        int length = 0;
        boolean inQuotes = false;
        boolean tooLong = false;
        long first = line + 1;
        int b;
        while (true) {
            b = in.read();
            if (b < 0) {
                if (length == 0 && !tooLong) {
                    return null;
                }
                line++;
                break;
            }
            offset++;
            if (b == '\n' && (!inQuotes || tooLong)) {
                line++;
                break;
            }
            if (b == '\n') {
                line++;
            }
            if (b == quote) {
                inQuotes = !inQuotes;
            }
            if (tooLong) {
                continue;
            }
            if (length == maxRecordBytes) {
                tooLong = true;
                continue;
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(maxRecordBytes, buffer.length * 2));
            }
            buffer[length++] = (byte) b;
        }
        if (tooLong) {
            return new Line(null, first, line, "record is longer than " + maxRecordBytes
                    + " bytes" + (quote == NO_QUOTE ? "" : " (is a quote left open?)"));
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, 0, length))
                    .toString();
            if (first == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (b < 0 && inQuotes && quote != NO_QUOTE) {
                return new Line(null, first, line, "a quoted value is not closed before the end of the file");
            }
            return new Line(text, first, line, null);
        } catch (CharacterCodingException e) {
            return new Line(null, first, line, "bytes that are not valid " + charset.name());
        }
    }

    /** @return true when nothing is left to read */
    public boolean atEnd() throws IOException {
        return offset >= channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
