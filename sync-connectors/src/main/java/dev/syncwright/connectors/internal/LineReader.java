package dev.syncwright.connectors.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a text file line by line from a byte offset, keeping the exact byte offset and line number after
 * each line so that a later read can continue there without rereading the file. A line ends at LF; a CR
 * before the LF is not part of the line.
 *
 * <p>Lines are found in the bytes, before decoding, which is exact for every charset that encodes LF as the
 * single byte {@code 0x0A} and never uses that byte inside a multi-byte sequence: all the ASCII-compatible
 * charsets the file sources accept (UTF-8, the ISO-8859 family, windows-125x). A byte sequence that is not
 * valid in the charset is decoded as U+FFFD and flags the line {@link #malformed()}, so a caller can still
 * see the line's structure. A line longer than {@code maxLineBytes} is skipped up to its end and flagged
 * {@link #tooLong()}, so no line can make the reader hold more than that.
 *
 * <p>Use {@link #advance()} and the accessors of the current line, or {@link #next()} for a line as a value.
 * Not thread-safe.
 */
public final class LineReader implements Closeable {
    private static final int BUFFER_BYTES = 1 << 16;

    /**
     * One line as a value.
     *
     * @param text   the line without its terminator; null when {@code error} is set
     * @param number its 1-based line number
     * @param error  why the line is unreadable, else null
     */
    public record Line(String text, long number, String error) {
    }

    private final FileChannel channel;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final boolean asciiAsIs;
    private final int maxLineBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private int next;
    private int end;
    private byte[] spill = new byte[256];
    private char[] chars = new char[256];
    private int length;
    private long lineBytes;
    private boolean crlf;
    private boolean malformed;
    private boolean tooLong;
    private long offset;
    private long line;

    /**
     * @param file         the file
     * @param charset      its charset, ASCII-compatible
     * @param position     where to start
     * @param maxLineBytes the longest line decoded, at least 1
     * @throws IOException when the file cannot be opened or is shorter than {@code position}
     */
    public LineReader(Path file, Charset charset, FilePosition position, int maxLineBytes) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.asciiAsIs = decodesAsciiAsIs(charset);
        this.maxLineBytes = maxLineBytes;
        try {
            seek(position);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Moves to a position, as if the reader had been opened there.
     *
     * @param position a position at the start of a line
     * @throws IOException when the file is shorter than the position
     */
    public void seek(FilePosition position) throws IOException {
        if (position.offset() > channel.size()) {
            throw new IOException("the file is shorter (" + channel.size() + " bytes) than the checkpoint ("
                    + position.offset() + "); was it replaced?");
        }
        channel.position(position.offset());
        next = 0;
        end = 0;
        offset = position.offset();
        line = position.line();
    }

    /**
     * Reads the next line and makes it the current one.
     *
     * @return false at the end of the file, where the position stays as it was
     * @throws IOException when the file cannot be read
     */
    public boolean advance() throws IOException {
        byte[] bytes = buffer.array();
        long read = 0;
        int from = next;
        int stop = next;
        boolean spilled = false;
        int kept = 0;
        boolean ended = false;
        while (!ended && (next < end || fill())) {
            from = next;
            stop = from;
            while (stop < end && bytes[stop] != '\n') {
                stop++;
            }
            ended = stop < end;
            next = ended ? stop + 1 : stop;
            read += next - from;
            if (spilled || !ended) {
                // the line runs past the buffer: keep what the buffer holds of it before it is refilled
                int keep = Math.max(0, Math.min(stop - from, maxLineBytes - kept));
                spill = ensure(spill, kept + keep);
                System.arraycopy(bytes, from, spill, kept, keep);
                kept += keep;
                spilled = true;
            }
        }
        if (read == 0) {
            return false;
        }
        offset += read;
        line++;
        lineBytes = read;
        tooLong = read - (ended ? 1 : 0) > maxLineBytes;
        byte[] source = spilled ? spill : bytes;
        int start = spilled ? 0 : from;
        int count = spilled ? kept : stop - from;
        crlf = !tooLong && count > 0 && source[start + count - 1] == '\r';
        decode(source, start, tooLong ? 0 : crlf ? count - 1 : count);
        if (line == 1 && length > 0 && chars[0] == '\uFEFF') {
            System.arraycopy(chars, 1, chars, 0, --length);
        }
        return true;
    }

    /** @return the current line's characters, from index 0 to {@link #length()}; reused by the next line */
    public char[] chars() {
        return chars;
    }

    /** @return the number of characters of the current line; 0 when it is {@link #tooLong()} */
    public int length() {
        return length;
    }

    /** @return the current line as a string */
    public String text() {
        return new String(chars, 0, length);
    }

    /** @return true when the current line holds nothing but white space and is readable */
    public boolean isBlank() {
        if (malformed || tooLong) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    /** @return the current line's 1-based number */
    public long number() {
        return line;
    }

    /** @return the current line's length in bytes, its terminator included */
    public long bytes() {
        return lineBytes;
    }

    /** @return true when the current line ended with CR LF rather than LF alone */
    public boolean crlf() {
        return crlf;
    }

    /** @return true when the current line has bytes that are not valid in the charset */
    public boolean malformed() {
        return malformed;
    }

    /** @return true when the current line is longer than {@code maxLineBytes} and was not decoded */
    public boolean tooLong() {
        return tooLong;
    }

    /** @return the charset's name, for messages */
    public String charsetName() {
        return charset.name();
    }

    /**
     * Reads the next line as a value.
     *
     * @return the line, or null at the end of the file
     * @throws IOException when the file cannot be read
     */
    public Line next() throws IOException {
        if (!advance()) {
            return null;
        }
        if (tooLong) {
            return new Line(null, line, "record is longer than " + maxLineBytes + " bytes");
        }
        if (malformed) {
            return new Line(null, line, "bytes that are not valid " + charset.name());
        }
        return new Line(text(), line, null);
    }

    /** @return the position just after the current line */
    public FilePosition position() {
        return new FilePosition(offset, line);
    }

    /** @return true when nothing is left to read after the current line */
    public boolean atEnd() throws IOException {
        return offset >= channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private boolean fill() throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        next = 0;
        end = Math.max(n, 0);
        return n > 0;
    }

    private void decode(byte[] bytes, int from, int count) {
        malformed = false;
        chars = ensure(chars, count);
        if (asciiAsIs) {
            int i = 0;
            while (i < count && bytes[from + i] >= 0) {
                chars[i] = (char) bytes[from + i];
                i++;
            }
            if (i == count) {
                length = count;
                return;
            }
        }
        decodeWithCharset(ByteBuffer.wrap(bytes, from, count));
    }

    private void decodeWithCharset(ByteBuffer in) {
        decoder.reset();
        CharBuffer out = CharBuffer.wrap(chars);
        while (true) {
            CoderResult result = in.hasRemaining() ? decoder.decode(in, out, true) : decoder.flush(out);
            if (result.isOverflow()) {
                chars = Arrays.copyOf(chars, chars.length * 2);
                out = CharBuffer.wrap(chars).position(out.position());
            } else if (result.isError()) {
                // keep the line's shape so that a CSV row can still be told apart from the next one
                malformed = true;
                in.position(in.position() + result.length());
                if (!out.hasRemaining()) {
                    chars = Arrays.copyOf(chars, chars.length * 2);
                    out = CharBuffer.wrap(chars).position(out.position());
                }
                out.put('\uFFFD');
            } else if (!in.hasRemaining()) {
                length = out.position();
                return;
            }
        }
    }

    /**
     * Whether every byte below 0x80 stands for the ASCII character of the same code on its own, so that a line
     * of such bytes can be copied as it is instead of going through the decoder. False for charsets with
     * shift sequences (ISO-2022, UTF-7), which give some of those bytes another meaning.
     */
    private static boolean decodesAsciiAsIs(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.ISO_8859_1)
                || charset.equals(StandardCharsets.US_ASCII)) {
            return true;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int b = 0; b < 0x80; b++) {
            try {
                CharBuffer decoded = decoder.reset().decode(ByteBuffer.wrap(new byte[] {(byte) b}));
                if (decoded.length() != 1 || decoded.get(0) != b) {
                    return false;
                }
            } catch (CharacterCodingException e) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ensure(byte[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }

    private static char[] ensure(char[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }
}
