package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of the report ends: the sort, and the sort value and sync id of the page's last entry. Every
 * {@link ReportStore} pages with the same cursors, so a host can keep one in a URL whatever store it runs on;
 * a store reads the entries that sort strictly after {@code (value, syncId)} in the sort's direction.
 * Immutable.
 *
 * <p><b>The value, by column</b> (what {@link #number()} or {@link #text()} holds):
 * <ul>
 *   <li>{@code SYNC_ID}: nothing (the sync id is the whole key);</li>
 *   <li>{@code STATUS}: the status's ordinal (OK 0, SENT 1, PENDING 2, FAILED 3);</li>
 *   <li>{@code ATTEMPTS}: the attempts;</li>
 *   <li>{@code CREATED}, {@code UPDATED}, {@code LATEST_SYNC_TIME}: nanoseconds since the epoch;</li>
 *   <li>every other column: its text, compared by Unicode code point, null sorting first.</li>
 * </ul>
 *
 * <p><b>The encoding</b> ({@link #encode()}): URL-safe base64 without padding of the UTF-8 text
 * {@code 1|COLUMN|A or D|syncId|value}, where the value is {@code n} and a number, {@code t} and a text, or
 * {@code z} for a null text.
 *
 * @param sort   the order the cursor belongs to, not null
 * @param syncId the last entry's sync id
 * @param number the last entry's sort value, for numeric columns (0 for {@code SYNC_ID})
 * @param text   the last entry's sort value, for text columns (null when it is null, or the column is numeric)
 */
public record ReportCursor(ReportSort sort, long syncId, long number, String text) {
    /**
     * Creates the value, checking its components.
     *
     * @param sort the order the cursor belongs to, not null
     * @param syncId the last entry's sync id
     * @param number the last entry's sort value, for numeric columns (0 for {@code SYNC_ID})
     * @param text the last entry's sort value, for text columns (null when it is null, or the column is numeric)
     */
    public ReportCursor {
        Objects.requireNonNull(sort, "sort must not be null");
        if (isNumeric(sort.column()) && text != null) {
            throw new IllegalArgumentException("column " + sort.column() + " is numeric; a cursor on it has no text");
        }
    }

    /**
     * @param column a column
     * @return true when the column's cursor value is a number, false when it is a text
     */
    public static boolean isNumeric(ReportColumn column) {
        return switch (column) {
            case SYNC_ID, STATUS, ATTEMPTS, CREATED, UPDATED, LATEST_SYNC_TIME -> true;
            default -> false;
        };
    }

    /**
     * @param entry the last entry of a page
     * @param sort the order of the pages
     * @return the cursor after {@code entry} in the given order
     */
    public static ReportCursor after(ReportEntry entry, ReportSort sort) {
        ReportColumn c = sort.column();
        return switch (c) {
            case SYNC_ID -> new ReportCursor(sort, entry.syncId(), 0, null);
            case STATUS -> new ReportCursor(sort, entry.syncId(), entry.status().ordinal(), null);
            case ATTEMPTS -> new ReportCursor(sort, entry.syncId(), entry.attempts(), null);
            case CREATED -> new ReportCursor(sort, entry.syncId(), nanos(entry.created()), null);
            case UPDATED -> new ReportCursor(sort, entry.syncId(), nanos(entry.updated()), null);
            case LATEST_SYNC_TIME -> new ReportCursor(sort, entry.syncId(), nanos(entry.latestSync().time()), null);
            case RUN_ID -> new ReportCursor(sort, entry.syncId(), 0, entry.runId());
            case SYSTEM -> new ReportCursor(sort, entry.syncId(), 0, entry.system());
            case ENTITY -> new ReportCursor(sort, entry.syncId(), 0, entry.entity());
            case REFERENCE -> new ReportCursor(sort, entry.syncId(), 0, entry.reference());
            case SOURCE_ID -> new ReportCursor(sort, entry.syncId(), 0, entry.sourceId());
            case ENDPOINT_ID -> new ReportCursor(sort, entry.syncId(), 0, entry.endpointId());
            case MESSAGE -> new ReportCursor(sort, entry.syncId(), 0, entry.message());
        };
    }

    /** @return the status whose ordinal a STATUS cursor holds */
    public DeliveryStatus status() {
        return DeliveryStatus.values()[(int) number];
    }

    /** @return the time a CREATED, UPDATED or LATEST_SYNC_TIME cursor holds */
    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(number, 1_000_000_000L), Math.floorMod(number, 1_000_000_000L));
    }

    /**
     * @param time an instant
     * @return nanoseconds since the epoch, saturated at the range of a long
     */
    public static long nanos(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        } catch (ArithmeticException e) {
            return time.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** @return the opaque text form, for a URL or a page token */
    public String encode() {
        String value = isNumeric(sort.column()) ? "n" + number : text == null ? "z" : "t" + text;
        String raw = "1|" + sort.column().name() + "|" + (sort.direction() == SortDirection.DESC ? "D" : "A") + "|"
                + syncId + "|" + value;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param token a text from {@link #encode()}, not null
     * @return the cursor
     * @throws IllegalArgumentException when the token is not a cursor of the report
     */
    public static ReportCursor parse(String token) {
        Objects.requireNonNull(token, "cursor must not be null");
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        String[] p = raw.split("\\|", 5);
        if (p.length != 5 || !p[0].equals("1") || p[4].isEmpty() || !(p[2].equals("A") || p[2].equals("D"))) {
            throw malformed();
        }
        try {
            ReportSort sort = new ReportSort(ReportColumn.valueOf(p[1]), p[2].equals("D") ? SortDirection.DESC : SortDirection.ASC);
            long syncId = Long.parseLong(p[3]);
            char kind = p[4].charAt(0);
            boolean numeric = isNumeric(sort.column());
            if (numeric != (kind == 'n')) {
                throw malformed();
            }
            return switch (kind) {
                case 'n' -> new ReportCursor(sort, syncId, Long.parseLong(p[4].substring(1)), null);
                case 't' -> new ReportCursor(sort, syncId, 0, p[4].substring(1));
                case 'z' -> new ReportCursor(sort, syncId, 0, null);
                default -> throw malformed();
            };
        } catch (IllegalArgumentException e) { // a bad number or column name
            throw malformed();
        }
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("cursor is malformed (not a cursor of this report)");
    }

    @Override
    public String toString() {
        return encode();
    }
}
