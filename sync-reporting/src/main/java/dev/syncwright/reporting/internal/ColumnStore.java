package dev.syncwright.reporting.internal;

import dev.syncwright.reporting.EntryUpdate;
import dev.syncwright.reporting.EntryWrite;
import dev.syncwright.reporting.LatestSyncInfo;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Arrays;

/**
 * The entries of an in-memory report, column by column: parallel primitive arrays in chunks of 65 536 rows
 * (growth allocates a new chunk, it never copies a column), repeated strings as dictionary codes, and the
 * per-entry texts as UTF-8 in a {@link ByteHeap}. Row {@code r} has sync id {@code r + 1}. About 50 bytes per
 * entry plus its texts and about 7 bytes of key index.
 *
 * <p>Not thread-safe: the owning store calls writers under its write lock and readers under its read lock.
 */
public final class ColumnStore {
    static final int SHIFT = 16;
    static final int CHUNK = 1 << SHIFT;
    static final int MASK = CHUNK - 1;
    static final byte DELETED = -1;
    private static final DeliveryStatus[] STATUSES = DeliveryStatus.values();

    /** One chunk of rows; its statistics let scans skip it. */
    static final class Chunk {
        final long[] created = new long[CHUNK];
        final long[] updated = new long[CHUNK];
        final long[] blob = new long[CHUNK];
        final int[] run = new int[CHUNK];
        final int[] lastRun = new int[CHUNK];
        final int[] entity = new int[CHUNK];
        final int[] message = new int[CHUNK];
        final int[] attempts = new int[CHUNK];
        final byte[] status = new byte[CHUNK];
        final int[] statusCounts = new int[STATUSES.length];
        int live;
        long minCreated = Long.MAX_VALUE;
        long maxCreated = Long.MIN_VALUE;
    }

    final Dictionary dict = new Dictionary();
    final ByteHeap heap = new ByteHeap();
    private int[] systemOfRun = new int[64];
    private Chunk[] chunks = new Chunk[16];
    private int rows;
    private long live;
    private int[] index = new int[1 << 10];
    /** Per index slot, 8 bits of its key's hash: most probes that miss end here, before touching the entry. */
    private byte[] fingerprints = new byte[1 << 10];
    private int indexed;

    /** @return rows ever added (purged ones included); the next sync id is {@code rows() + 1} */
    public int rows() {
        return rows;
    }

    /** @return live entries */
    public long size() {
        return live;
    }

    Chunk chunk(int c) {
        return c < chunks.length ? chunks[c] : null;
    }

    /** Adds or updates the entry of the write's key; @return its sync id. */
    public long write(EntryWrite w) {
        int run = dict.code(w.runId());
        int system = dict.code(w.system());
        if (run >= systemOfRun.length) {
            systemOfRun = Arrays.copyOf(systemOfRun, Math.max(run + 1, systemOfRun.length * 2));
        }
        if (systemOfRun[run] == 0) {
            systemOfRun[run] = system + 1;
        }
        int entity = dict.code(w.entity());
        byte[] key = Texts.utf8(w.sourceId());
        int row = key == null ? -1 : find(run, entity, key);
        long time = nanos(w.time());
        if (row >= 0) {
            change(row, w.status(), w.attempts(), w.message(), w.endpointId(), time, run, true);
            return row + 1L;
        }
        if (rows == Integer.MAX_VALUE) {
            throw new IllegalStateException("the in-memory report is full (2^31 - 1 entries); purge it");
        }
        row = rows;
        int c = row >>> SHIFT;
        if (c >= chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        Chunk ch = chunks[c];
        if (ch == null) {
            ch = chunks[c] = new Chunk();
        }
        int i = row & MASK;
        ch.created[i] = time;
        ch.updated[i] = time;
        ch.blob[i] = heap.add(w.reference(), w.sourceId(), w.endpointId());
        ch.run[i] = run;
        ch.lastRun[i] = run;
        ch.entity[i] = entity;
        ch.message[i] = dict.code(w.message());
        ch.attempts[i] = w.attempts();
        ch.status[i] = (byte) w.status().ordinal();
        ch.statusCounts[w.status().ordinal()]++;
        ch.live++;
        ch.minCreated = Math.min(ch.minCreated, time);
        ch.maxCreated = Math.max(ch.maxCreated, time);
        rows++;
        live++;
        if (key != null) {
            indexInsert(row, hash(run, entity, key, 0, key.length));
        }
        return row + 1L;
    }

    /** Applies a change by sync id; @return false when the entry does not exist. */
    public boolean update(EntryUpdate u) {
        if (u.syncId() < 1 || u.syncId() > rows || isDeleted((int) (u.syncId() - 1))) {
            return false;
        }
        change((int) (u.syncId() - 1), u.status(), u.attempts(), u.message(), u.endpointId(), nanos(u.time()),
                dict.code(u.runId()), false);
        return true;
    }

    private void change(int row, DeliveryStatus status, int attempts, String message, String endpointId, long time,
                        int run, boolean sameRun) {
        Chunk ch = chunks[row >>> SHIFT];
        int i = row & MASK;
        ch.statusCounts[ch.status[i]]--;
        ch.status[i] = (byte) status.ordinal();
        ch.statusCounts[status.ordinal()]++;
        // outcomes of one run count attempts from 1; never let a late, older outcome lower them
        ch.attempts[i] = sameRun ? Math.max(ch.attempts[i], attempts) : attempts;
        ch.message[i] = dict.code(message);
        ch.updated[i] = time;
        ch.lastRun[i] = run;
        if (endpointId != null && !endpointId.equals(heap.text(ch.blob[i], 2))) {
            long old = ch.blob[i];
            ch.blob[i] = heap.add(heap.text(old, 0), heap.text(old, 1), endpointId);
            heap.release(old);
        }
    }

    /** Removes entries created before the cutoff; @return how many. */
    public long purgeOlderThan(Instant cutoff) {
        long limit = nanos(cutoff);
        long removed = 0;
        int lastChunk = rows == 0 ? -1 : (rows - 1) >>> SHIFT;
        for (int c = 0; c <= lastChunk; c++) {
            Chunk ch = chunks[c];
            if (ch == null || ch.live == 0 || ch.minCreated >= limit) {
                continue;
            }
            int end = Math.min(CHUNK, rows - (c << SHIFT));
            long min = Long.MAX_VALUE;
            for (int i = 0; i < end; i++) {
                if (ch.status[i] == DELETED) {
                    continue;
                }
                if (ch.created[i] < limit) {
                    ch.statusCounts[ch.status[i]]--;
                    ch.status[i] = DELETED;
                    heap.release(ch.blob[i]);
                    ch.live--;
                    removed++;
                } else {
                    min = Math.min(min, ch.created[i]);
                }
            }
            ch.minCreated = min;
            if (ch.live == 0 && end == CHUNK) {
                chunks[c] = null; // full and empty: nothing will be added to it again
            }
        }
        if (removed > 0) {
            live -= removed;
            rebuildIndex();
        }
        return removed;
    }

    /** @return true when the row exists and was not purged */
    public boolean isLive(int row) {
        return row >= 0 && row < rows && !isDeleted(row);
    }

    /** @return bytes held by the text blocks */
    public long textBytes() {
        return heap.bytes();
    }

    boolean isDeleted(int row) {
        Chunk ch = chunk(row >>> SHIFT);
        return ch == null || ch.status[row & MASK] == DELETED;
    }

    int systemCode(int run) {
        return systemOfRun[run] - 1;
    }

    /** @return the entry of a live row */
    public ReportEntry entry(int row) {
        Chunk ch = chunks[row >>> SHIFT];
        int i = row & MASK;
        long blob = ch.blob[i];
        DeliveryStatus status = STATUSES[ch.status[i]];
        Instant updated = instant(ch.updated[i]);
        return new ReportEntry(row + 1L, dict.value(ch.run[i]), dict.value(systemCode(ch.run[i])),
                dict.value(ch.entity[i]), heap.text(blob, 0), heap.text(blob, 1), heap.text(blob, 2), status,
                ch.attempts[i], dict.value(ch.message[i]), instant(ch.created[i]), updated,
                new LatestSyncInfo(updated, status, dict.value(ch.lastRun[i])));
    }

    /** @return the row of a live entry with this key, or -1 */
    private int find(int run, int entity, byte[] key) {
        int mask = index.length - 1;
        int hash = hash(run, entity, key, 0, key.length);
        byte fingerprint = fingerprint(hash);
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int v = index[slot];
            if (v == 0) {
                return -1;
            }
            if (fingerprints[slot] != fingerprint) {
                continue;
            }
            int row = v - 1;
            Chunk ch = chunks[row >>> SHIFT];
            int i = row & MASK;
            if (ch.run[i] == run && ch.entity[i] == entity) {
                ByteHeap.Field f = heap.field(ch.blob[i], 1);
                if (f != null && Texts.compareBytes(f.array(), f.offset(), f.length(), key, 0, key.length) == 0) {
                    return row;
                }
            }
        }
    }

    private void indexInsert(int row, int hash) {
        if ((indexed + 1) * 4L > index.length * 3L) {
            index = new int[index.length * 2];
            fingerprints = new byte[index.length];
            indexed = 0;
            reindexAll();
        }
        put(row, hash);
    }

    private void put(int row, int hash) {
        int mask = index.length - 1;
        int slot = hash & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = row + 1;
        fingerprints[slot] = fingerprint(hash);
        indexed++;
    }

    private void rebuildIndex() {
        int size = 1 << 10;
        while (size * 3L < live * 4L + 4) {
            size <<= 1;
        }
        index = new int[size];
        fingerprints = new byte[size];
        indexed = 0;
        reindexAll();
    }

    private void reindexAll() {
        for (int row = 0; row < rows; row++) {
            Chunk ch = chunks[row >>> SHIFT];
            if (ch == null) {
                row |= MASK; // skip the freed chunk
                continue;
            }
            int i = row & MASK;
            if (ch.status[i] == DELETED) {
                continue;
            }
            ByteHeap.Field f = heap.field(ch.blob[i], 1);
            if (f != null) {
                put(row, hash(ch.run[i], ch.entity[i], f.array(), f.offset(), f.length()));
            }
        }
    }

    /** The hash's top byte: independent of the slot, which comes from its low bits. */
    private static byte fingerprint(int hash) {
        return (byte) (hash >>> 24);
    }

    private static int hash(int run, int entity, byte[] b, int from, int len) {
        int h = run * 0x9E3779B1 + entity * 31;
        for (int k = 0; k < len; k++) {
            h = h * 31 + b[from + k];
        }
        // MurmurHash3's full finalizer: keys differing only in their last digits must land far apart, or
        // linear probing builds long runs and every insert compares many keys
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
