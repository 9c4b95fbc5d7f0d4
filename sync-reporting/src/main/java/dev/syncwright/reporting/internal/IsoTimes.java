package dev.syncwright.reporting.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes instants exactly as {@link Instant#toString()} does (ISO-8601, UTC, fractions in groups of three
 * digits), several times faster: exports write millions of them, and consecutive entries share a day, so
 * the date part is kept from the previous call. Not thread-safe: one instance per export.
 */
public final class IsoTimes {
    private static final long SECONDS_PER_DAY = 86_400;
    /** Years 0000-9999 print with four digits; others fall back to {@link Instant#toString()}. */
    private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private long cachedDay = Long.MIN_VALUE;
    /** "yyyy-mm-ddT" of {@link #cachedDay}, then the time of day, fraction and zone: at most 31 chars. */
    private final char[] text = new char[32];

    /** @return the instant as {@link Instant#toString()} writes it, or null for null */
    public String format(Instant t) {
        if (t == null) {
            return null;
        }
        long seconds = t.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return t.toString();
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        if (day != cachedDay) {
            cachedDay = day;
            (LocalDate.ofEpochDay(day) + "T").getChars(0, 11, text, 0);
        }
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] c = text;
        two(c, 11, secondOfDay / 3600);
        c[13] = ':';
        two(c, 14, secondOfDay / 60 % 60);
        c[16] = ':';
        two(c, 17, secondOfDay % 60);
        int end = 19;
        int nano = t.getNano();
        if (nano != 0) {
            c[end++] = '.';
            int width;
            if (nano % 1_000_000 == 0) {
                nano /= 1_000_000;
                width = 3;
            } else if (nano % 1000 == 0) {
                nano /= 1000;
                width = 6;
            } else {
                width = 9;
            }
            for (int i = end + width - 1; i >= end; i--) {
                c[i] = (char) ('0' + nano % 10);
                nano /= 10;
            }
            end += width;
        }
        c[end++] = 'Z';
        return new String(c, 0, end);
    }

    private static void two(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }
}
