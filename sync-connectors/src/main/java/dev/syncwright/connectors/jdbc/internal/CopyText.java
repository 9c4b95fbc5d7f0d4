package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.spi.FieldType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
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

    /**
     * Appends a record's text as it is when it is already written the way {@link Values#convert} would write the
     * value it stands for, so that PostgreSQL reads the same: a whole number of at most 18 digits for an integer
     * column, a plain decimal for a numeric one, an ISO-8601 date, or date and time without an offset for a
     * {@code timestamp} column. This spares parsing the text into a number or time only to print it again.
     *
     * @return true when appended; false, with nothing appended, when the text must be converted
     */
    boolean verbatim(String s, FieldType type, boolean withOffset) {
        boolean plain = switch (type) {
            case STRING, JSON -> {
                text(s);
                yield true;
            }
            case INTEGER -> digits(s, s.startsWith("-") ? 1 : 0, s.length()) && s.length() - (s.startsWith("-") ? 1 : 0) <= 18;
            case DECIMAL -> isPlainDecimal(s);
            case DATE -> s.length() == 10 && isDate(s);
            case TIMESTAMP -> !withOffset && isLocalDateTime(s);
            default -> false;
        };
        if (plain && type != FieldType.STRING && type != FieldType.JSON) {
            ascii(s);
        }
        return plain;
    }

    private static boolean isPlainDecimal(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s.length() <= 1000 && digits(s, start, s.length());
        }
        return s.length() <= 1000 && digits(s, start, dot) && digits(s, dot + 1, s.length());
    }

    /** {@code yyyy-MM-dd}, a real date. */
    private static boolean isDate(String s) {
        if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-' || !digits(s, 8, 10)) {
            return false;
        }
        try {
            LocalDate.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm[:ss[.f]]} with up to 9 digits of fraction, T or a space between date and time. */
    private static boolean isLocalDateTime(String s) {
        int n = s.length();
        if (n < 16 || n == 17 || n == 18 || n == 20 || n > 29 || !isDate(s.substring(0, 10))
                || (s.charAt(10) != 'T' && s.charAt(10) != ' ') || !digits(s, 11, 13) || s.charAt(13) != ':'
                || !digits(s, 14, 16)) {
            return false;
        }
        if (n > 16 && (s.charAt(16) != ':' || !digits(s, 17, 19) || (n > 19 && (s.charAt(19) != '.' || !digits(s, 20, n))))) {
            return false;
        }
        try {
            LocalTime.of(number(s, 11, 13), number(s, 14, 16), n > 16 ? number(s, 17, 19) : 0);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean digits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    private void text(String s) {
        int n = s.length();
        ensure(2 * n);
        byte[] b = buf;
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                size = p;
                utf8(s.substring(i));
                return;
            }
            byte escape = escape((byte) c);
            if (escape != 0) {
                b[p++] = '\\';
                b[p++] = escape;
            } else {
                b[p++] = (byte) c;
            }
        }
        size = p;
    }

    /** UTF-8 never encodes a non-ASCII character with ASCII bytes, so escaping byte by byte is exact. */
    private void utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ensure(2 * bytes.length);
        for (byte b : bytes) {
            byte escape = escape(b);
            if (escape != 0) {
                buf[size++] = '\\';
                buf[size++] = escape;
            } else {
                buf[size++] = b;
            }
        }
    }

    /** @return the letter that follows the backslash for a byte COPY's text format escapes, or 0 */
    private static byte escape(byte b) {
        return switch (b) {
            case '\\' -> (byte) '\\';
            case '\t' -> (byte) 't';
            case '\n' -> (byte) 'n';
            case '\r' -> (byte) 'r';
            default -> 0;
        };
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
