package dev.syncwright.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record read from a source. Immutable and thread-safe; the field map keeps the source's order.
 *
 * <p>A record may arrive without a key (a bad row): the engine then reports it as a failed delivery with
 * the reason instead of sending it, so the constructor does not reject it.
 *
 * <p>This is a value class rather than a {@code record} only so that it can keep its size estimate,
 * computed once while the fields are copied (when they are still in the CPU cache), instead of walking
 * every field again on the engine's hot path. Equality is by value over the five components.
 */
public final class SyncRecord {
    private final String entity;
    private final String key;
    private final String reference;
    private final Map<String, Object> fields;
    private final String cursor;
    private final long estimatedBytes;
    private final String rejection;

    /**
     * @param entity    the entity this record belongs to, not null
     * @param key       the record's identity at the source (the report's "source id"); null only for a bad record
     * @param reference the human-readable key shown in reports (e.g. {@code DEMOTEST-SS-YELLOW}); defaults to
     *                  the key when null
     * @param fields    field name to value, in the source's order; copied; values may be null
     * @param cursor    the value incremental syncs order by (e.g. an updated-at timestamp), or null
     */
    public SyncRecord(String entity, String key, String reference, Map<String, Object> fields, String cursor) {
        this(entity, key, reference, fields, cursor, null);
    }

    private SyncRecord(String entity, String key, String reference, Map<String, Object> fields, String cursor,
                       String rejection) {
        this.rejection = rejection;
        this.entity = Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(fields, "fields");
        this.key = key;
        this.reference = reference == null ? key : reference;
        this.cursor = cursor;
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (fields.size() / 0.75f) + 1));
        long bytes = 16 + length(key) + length(this.reference) + length(cursor);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            copy.put(e.getKey(), v);
            bytes += length(e.getKey()) + (v instanceof CharSequence s ? 2L * s.length() : v instanceof byte[] b ? b.length : 8);
        }
        this.fields = Collections.unmodifiableMap(copy);
        this.estimatedBytes = bytes;
    }

    /**
     * @param entity the entity's name
     * @param key the record's key at the source
     * @param fields the record's values by field name, in order
     * @return a record whose reference is its key and that has no cursor
     */
    public static SyncRecord of(String entity, String key, Map<String, Object> fields) {
        return new SyncRecord(entity, key, key, fields, null);
    }

    /**
     * A record the source found but could not read (a malformed line, an unparseable value). The engine does
     * not send it; it reports it FAILED with {@code reason}, so nothing bad vanishes silently.
     *
     * @param entity    the entity, not null
     * @param reference where the record is, for humans (e.g. {@code "orders.csv line 82"}), may be null
     * @param reason    why it could not be read, not null; must not contain secrets
     * @return a key-less record carrying the reason
     */
    public static SyncRecord rejected(String entity, String reference, String reason) {
        return new SyncRecord(entity, null, reference, Map.of(), null, Objects.requireNonNull(reason, "reason"));
    }

    /** @return why the source could not read this record (see {@link #rejected}), or null for a readable record */
    public String rejection() {
        return rejection;
    }

    /** @return the entity this record belongs to, never null */
    public String entity() {
        return entity;
    }

    /** @return the record's key at the source; null only for a bad record */
    public String key() {
        return key;
    }

    /** @return the human-readable key; the key when none was given */
    public String reference() {
        return reference;
    }

    /** @return field name to value in the source's order; unmodifiable, never null; values may be null */
    public Map<String, Object> fields() {
        return fields;
    }

    /** @return the value incremental syncs order by, or null */
    public String cursor() {
        return cursor;
    }

    /**
     * A cheap estimate of the record's size in memory, used to bound batches by bytes: two bytes per
     * character of keys, names and string values, the length of byte arrays, eight bytes for other values.
     * Computed once, when the record is built.
     *
     * @return the estimated size in bytes, at least 16
     */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    private static long length(String s) {
        return s == null ? 0 : 2L * s.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncRecord r && entity.equals(r.entity) && Objects.equals(key, r.key)
                && Objects.equals(reference, r.reference) && fields.equals(r.fields) && Objects.equals(cursor, r.cursor)
                && Objects.equals(rejection, r.rejection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entity, key, reference, fields, cursor, rejection);
    }

    @Override
    public String toString() {
        return "SyncRecord[entity=" + entity + ", key=" + key + ", reference=" + reference + ", fields=" + fields
                + ", cursor=" + cursor + (rejection == null ? "" : ", rejection=" + rejection) + "]";
    }
}
