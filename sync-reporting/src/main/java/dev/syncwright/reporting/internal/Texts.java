package dev.syncwright.reporting.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Text functions shared by the store, the listener and the exporters. Stateless and thread-safe. */
public final class Texts {
    private Texts() {
    }

    /**
     * Makes a text one line, so that a value from a source, a destination or a caller cannot forge a log line:
     * CR, LF, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) become spaces, as the
     * core does ({@link dev.syncwright.core.internal.Texts#oneLine}).
     *
     * @param text any text, may be null
     * @return the text on one line; null stays null
     */
    public static String oneLine(String text) {
        return text == null ? null : dev.syncwright.core.internal.Texts.oneLine(text);
    }

    /**
     * Compares by Unicode code point, which is the order of the UTF-8 bytes; null sorts first. Used for every
     * text column so that sorting in memory and comparing with a cursor agree.
     */
    public static int compare(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Compares two UTF-8 byte ranges as unsigned bytes (= code point order). */
    public static int compareBytes(byte[] a, int aFrom, int aLen, byte[] b, int bFrom, int bLen) {
        int n = Math.min(aLen, bLen);
        for (int k = 0; k < n; k++) {
            int x = a[aFrom + k] & 0xff;
            int y = b[bFrom + k] & 0xff;
            if (x != y) {
                return x - y;
            }
        }
        return aLen - bLen;
    }

    /** @return the UTF-8 bytes of a text, or null */
    public static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the text in lower case, by the root locale, for case-insensitive matching; null stays null */
    public static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    /** @return true when {@code text} contains {@code lowerNeedle} ignoring case; false for a null text */
    public static boolean containsIgnoreCase(String text, String lowerNeedle) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /**
     * Case-insensitive "contains" straight on UTF-8 bytes when the needle is ASCII: an ASCII letter only
     * matches its other case, and multi-byte sequences never contain ASCII bytes, so no decoding is needed.
     *
     * @param asciiLowerNeedle the needle, lower case, ASCII only
     */
    public static boolean containsAsciiIgnoreCase(byte[] hay, int from, int len, byte[] asciiLowerNeedle) {
        int n = asciiLowerNeedle.length;
        if (n == 0) {
            return true;
        }
        byte first = asciiLowerNeedle[0];
        byte firstUpper = upper(first);
        byte lastByte = asciiLowerNeedle[n - 1];
        byte lastUpper = upper(lastByte);
        int last = from + len - n;
        for (int i = from; i <= last; i++) {
            byte b = hay[i];
            if (b != first && b != firstUpper) {
                continue; // most positions fail on their first byte...
            }
            byte e = hay[i + n - 1];
            if (e != lastByte && e != lastUpper) {
                continue; // ...and most of the rest on their last (keys full of zeros start many candidates)
            }
            if (matchesAt(hay, i, asciiLowerNeedle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(byte[] hay, int at, byte[] asciiLowerNeedle) {
        for (int k = 1; k < asciiLowerNeedle.length - 1; k++) {
            int c = hay[at + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != asciiLowerNeedle[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte upper(byte lower) {
        return lower >= 'a' && lower <= 'z' ? (byte) (lower - ('a' - 'A')) : lower;
    }

    /** @return true when every char of the text is ASCII */
    public static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
