package dev.syncwright.reporting.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the per-entry unique texts (reference, source id, endpoint id) as UTF-8 in big byte chunks, one
 * "blob" per entry, addressed by a long ({@code chunk << 32 | offset}). A chunk is freed once no live
 * entry points into it, so purging old entries gives the memory back. Not thread-safe: guarded by the
 * owning store's lock.
 *
 * <p>Blob layout: three fields, each a varint header then bytes. Header 0 = null, 1 = same as the reference
 * (source ids are often the reference), n ≥ 2 = n - 2 bytes follow.
 */
public final class ByteHeap {
    static final int CHUNK = 1 << 20;
    private static final int SAME_AS_REFERENCE = 1;

    private final List<byte[]> chunks = new ArrayList<>();
    private final List<int[]> live = new ArrayList<>();
    private int current = -1;
    private int position;
    private long bytes;

    /** A decoded view of one field: where its bytes are, or null/absent. */
    public record Field(byte[] array, int offset, int length) {
        String text() {
            return new String(array, offset, length, StandardCharsets.UTF_8);
        }
    }

    /** @return the address of a new blob holding the three texts (each may be null) */
    public long add(String reference, String sourceId, String endpointId) {
        byte[] ref = Texts.utf8(reference);
        byte[] src = sourceId != null && sourceId.equals(reference) ? null : Texts.utf8(sourceId);
        byte[] end = Texts.utf8(endpointId);
        int size = varSize(ref) + varSize(src) + varSize(end);
        if (current < 0 || position + size > chunks.get(current).length) {
            if (current >= 0 && live.get(current)[0] == 0) {
                bytes -= chunks.get(current).length;
                chunks.set(current, null);
            }
            chunks.add(new byte[Math.max(CHUNK, size)]);
            live.add(new int[1]);
            current = chunks.size() - 1;
            position = 0;
            bytes += chunks.get(current).length;
        }
        byte[] chunk = chunks.get(current);
        long address = ((long) current << 32) | position;
        position = put(chunk, position, ref, 0);
        position = put(chunk, position, src, sourceId != null && src == null ? SAME_AS_REFERENCE : 0);
        position = put(chunk, position, end, 0);
        live.get(current)[0]++;
        return address;
    }

    /** Marks a blob no longer used; its chunk is freed when it held no other live blob. */
    public void release(long address) {
        int chunk = (int) (address >>> 32);
        int[] count = live.get(chunk);
        if (--count[0] == 0 && chunk != current) {
            bytes -= chunks.get(chunk).length;
            chunks.set(chunk, null);
        }
    }

    /** @return bytes held in chunks, for memory accounting */
    public long bytes() {
        return bytes;
    }

    /**
     * @param which 0 = reference, 1 = source id, 2 = endpoint id
     * @return the field's bytes, or null when the text is null
     */
    public Field field(long address, int which) {
        byte[] chunk = chunks.get((int) (address >>> 32));
        int p = (int) address;
        Field ref = null;
        for (int i = 0; i <= which; i++) {
            int header = 0;
            int shift = 0;
            int b;
            do {
                b = chunk[p++];
                header |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            Field f;
            if (header == 0) {
                f = null;
            } else if (header == SAME_AS_REFERENCE) {
                f = ref;
            } else {
                f = new Field(chunk, p, header - 2);
                p += header - 2;
            }
            if (i == 0) {
                ref = f;
            }
            if (i == which) {
                return f;
            }
        }
        throw new AssertionError();
    }

    /**
     * {@link Texts#containsAsciiIgnoreCase} on the reference of a blob, without a {@link Field} per call:
     * a contains-search runs it on every entry.
     *
     * @return false when the reference is null
     */
    public boolean referenceContainsAscii(long address, byte[] asciiLowerNeedle) {
        byte[] chunk = chunks.get((int) (address >>> 32));
        int p = (int) address;
        int header = 0;
        int shift = 0;
        int b;
        do {
            b = chunk[p++];
            header |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return header >= 2 && Texts.containsAsciiIgnoreCase(chunk, p, header - 2, asciiLowerNeedle);
    }

    /** @return the text of a field, or null */
    public String text(long address, int which) {
        Field f = field(address, which);
        return f == null ? null : f.text();
    }

    private static int varSize(byte[] b) {
        int n = b == null ? 0 : b.length + 2;
        int size = 1;
        while ((n >>>= 7) != 0) {
            size++;
        }
        return size + (b == null ? 0 : b.length);
    }

    private static int put(byte[] chunk, int p, byte[] value, int nullHeader) {
        int n = value == null ? nullHeader : value.length + 2;
        while ((n & ~0x7f) != 0) {
            chunk[p++] = (byte) ((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        chunk[p++] = (byte) n;
        if (value != null) {
            System.arraycopy(value, 0, chunk, p, value.length);
            p += value.length;
        }
        return p;
    }
}
