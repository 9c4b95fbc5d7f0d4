package dev.syncwright.connectors.jdbc.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in the text format of PostgreSQL's {@code COPY .. FROM STDIN}, UTF-8 encoded into one growing buffer: values
 * separated by tabs, rows ended by a newline, NULL as {@code \N}, and backslash, tab, newline and carriage return
 * escaped with a backslash. Not thread-safe: one per batch.
 */
final class CopyText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf;
    private int size;

    CopyText(int capacity) {
        buf = new byte[Math.max(256, capacity)];
    }

    /** @return the bytes written so far; valid up to {@link #size()} */
    byte[] bytes() {
        return buf;
    }

    int size() {
        return size;
    }

    /** Drops everything written after {@code mark}, e.g. a row that turned out bad half-way. */
    void truncate(int mark) {
        size = mark;
    }

    void tab() {
        put((byte) '\t');
    }

    void endRow() {
        put((byte) '\n');
    }

    /**
     * Appends one value as {@link Values#convert} makes it: null, a String, Long, BigDecimal, Boolean, byte[]
     * (bytea's hex form), or a date or time, whose ISO-8601 text PostgreSQL reads.
     */
    void value(Object v) {
        if (v == null) {
            put((byte) '\\');
            put((byte) 'N');
        } else if (v instanceof String s) {
            text(s);
        } else if (v instanceof Long l) {
            ascii(Long.toString(l));
        } else if (v instanceof BigDecimal d) {
            ascii(d.toPlainString());
        } else if (v instanceof Boolean b) {
            put((byte) (b ? 't' : 'f'));
        } else if (v instanceof byte[] b) {
            bytea(b);
        } else {
            text(v.toString());
        }
    }

    /** @return the text written from {@code from} on, one char per byte: equal values give equal strings */
    String since(int from) {
        return new String(buf, from, size - from, StandardCharsets.ISO_8859_1);
    }

    private void text(String s) {
        ensure(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // UTF-8 never encodes a non-ASCII character with ASCII bytes, so escaping byte by byte is exact
                for (byte b : s.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    escaped(b);
                }
                return;
            }
            escaped((byte) c);
        }
    }

    private void escaped(byte b) {
        switch (b) {
            case '\\' -> {
                put((byte) '\\');
                put((byte) '\\');
            }
            case '\t' -> {
                put((byte) '\\');
                put((byte) 't');
            }
            case '\n' -> {
                put((byte) '\\');
                put((byte) 'n');
            }
            case '\r' -> {
                put((byte) '\\');
                put((byte) 'r');
            }
            default -> put(b);
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** bytea's hex input {@code \x0a1b}, its backslash doubled for COPY. */
    private void bytea(byte[] b) {
        ensure(3 + 2 * b.length);
        buf[size++] = '\\';
        buf[size++] = '\\';
        buf[size++] = 'x';
        for (byte x : b) {
            buf[size++] = HEX[(x >> 4) & 0xf];
            buf[size++] = HEX[x & 0xf];
        }
    }

    private void put(byte b) {
        if (size == buf.length) {
            ensure(1);
        }
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
