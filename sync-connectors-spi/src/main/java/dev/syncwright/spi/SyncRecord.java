package dev.syncwright.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record read from a source. Immutable; the field map keeps the source's order.
 *
 * <p>A record may arrive without a key (a bad row): the engine then reports it as a failed delivery
 * with the reason instead of sending it, so the constructor does not reject it.
 *
 * @param entity    the entity this record belongs to, not null
 * @param key       the record's identity at the source (the report's "source id"); null only for a bad record
 * @param reference the human-readable key shown in reports (e.g. {@code DEMOTEST-SS-YELLOW});
 *                  defaults to the key when null
 * @param fields    field name to value, in the source's order, an unmodifiable copy; values may be null
 * @param cursor    the value incremental syncs order by (e.g. an updated-at timestamp), or null
 */
public record SyncRecord(String entity, String key, String reference, Map<String, Object> fields, String cursor) {
    public SyncRecord {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(fields, "fields");
        reference = reference == null ? key : reference;
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** @return a record whose reference is its key and that has no cursor */
    public static SyncRecord of(String entity, String key, Map<String, Object> fields) {
        return new SyncRecord(entity, key, key, fields, null);
    }

    /**
     * A cheap estimate of the record's size in memory, used to bound batches by bytes. Counts two
     * bytes per character of keys, names and string values, and eight bytes for other values.
     *
     * @return the estimated size in bytes, at least 1
     */
    public long estimatedBytes() {
        long[] bytes = {16 + length(key) + length(reference) + length(cursor)};
        // forEach walks the backing map directly: no iterator or entry wrapper per field
        fields.forEach((name, v) -> bytes[0] += length(name)
                + (v instanceof CharSequence s ? 2L * s.length() : v instanceof byte[] b ? b.length : 8));
        return bytes[0];
    }

    private static long length(String s) {
        return s == null ? 0 : 2L * s.length();
    }
}
