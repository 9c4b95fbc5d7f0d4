package dev.syncwright.connectors.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code Retry-After} header (RFC 9110, section 10.2.3) from an untrusted server without ever throwing
 * or overflowing: {@code delay-seconds} (ASCII digits only) or an HTTP date, in the preferred IMF-fixdate form or
 * one of the two obsolete forms (RFC 850, asctime) that recipients must accept. Stateless and thread-safe.
 */
final class RetryAfter {
    /** The longest wait taken from a server; the engine caps it further by its retry policy. */
    static final Duration LONGEST = Duration.ofDays(365);

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("EEE MMM ppd HH:mm:ss uuuu").toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);
    /** The years an HTTP date can name (four digits); a clock outside them still yields an answer. */
    private static final Instant CALENDAR_START = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant CALENDAR_END = Instant.parse("9999-12-31T23:59:59Z");

    private RetryAfter() {
    }

    /**
     * @param value the header's value, may be null
     * @param now   the time an HTTP date is measured from, not null
     * @return how long the server asked to wait, at most {@link #LONGEST}; zero for a date in the past; null when
     *         the header is absent or not a valid value (negative numbers, decimals, other text)
     */
    static Duration parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (isAsciiDigits(v)) {
            return seconds(v);
        }
        Instant at = date(v, now);
        if (at == null) {
            return null;
        }
        if (!at.isAfter(now)) {
            return Duration.ZERO;
        }
        // any two instants are less than 2^56 seconds apart: this cannot overflow
        Duration d = Duration.between(now, at);
        return d.compareTo(LONGEST) > 0 ? LONGEST : d;
    }

    private static boolean isAsciiDigits(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Duration seconds(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        long bound = LONGEST.toSeconds();
        // more digits than the bound has is past it, whatever they are: no parse can overflow
        if (significant.length() > Long.toString(bound).length()) {
            return LONGEST;
        }
        return Duration.ofSeconds(Math.min(bound, Long.parseLong(significant)));
    }

    private static Instant date(String v, Instant now) {
        for (DateTimeFormatter format : List.of(IMF_FIXDATE, ASCTIME, rfc850(now))) {
            try {
                return ZonedDateTime.parse(v, format).toInstant();
            } catch (DateTimeException e) {
                // not this form; try the next
            }
        }
        return null;
    }

    /**
     * The obsolete RFC 850 form has a two-digit year; RFC 9110 reads one that looks more than 50 years ahead
     * as the latest past year with those digits, which is a base year 49 years before {@code now}.
     */
    private static DateTimeFormatter rfc850(Instant now) {
        Instant within = now.isBefore(CALENDAR_START) ? CALENDAR_START : now.isAfter(CALENDAR_END) ? CALENDAR_END : now;
        LocalDate base = LocalDate.ofInstant(within, ZoneOffset.UTC).minusYears(49);
        return new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, base)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);
    }
}
