package dev.syncwright.reporting.internal;

import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.reporting.LatestSyncInfo;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The entries of an in-memory report, column by column: parallel primitive arrays in chunks of 65 536 rows
 * (growth allocates a new chunk, it never copies a column), repeated strings as dictionary codes, and the
 * per-entry texts as UTF-8 in a {@link ByteHeap}. Row {@code r} holds the entry of id (sync id) {@code r + 1}:
 * the store hands out ids by reserving rows, so a write finds its row without an index. About 54 bytes per
 * entry plus its texts.
 *
 * <p>Not thread-safe: the owning store calls writers under its write lock and readers under its read lock.
 */
public final class ColumnStore {
    static final int SHIFT = 16;
    static final int CHUNK = 1 << SHIFT;
    static final int MASK = CHUNK - 1;
    static final byte DELETED = -1;
    /** A row reserved for an entry id that no write has reached yet. */
    static final byte RESERVED = -2;
    private static final DeliveryStatus[] STATUSES = DeliveryStatus.values();

    /** One chunk of rows; its statistics let scans skip it. */
    static final class Chunk {
        final long[] created = new long[CHUNK];
        final long[] updated = new long[CHUNK];
        final long[] blob = new long[CHUNK];
        final int[] run = new int[CHUNK];
        final int[] lastRun = new int[CHUNK];
        final int[] sync = new int[CHUNK];
        final int[] entity = new int[CHUNK];
        final int[] message = new int[CHUNK];
        final int[] attempts = new int[CHUNK];
        final byte[] status = new byte[CHUNK];
        final int[] statusCounts = new int[STATUSES.length];
        int live;
        /** Rows reserved for ids not written yet: the chunk must stay while any is left. */
        int reserved;
        long minCreated = Long.MAX_VALUE;
        long maxCreated = Long.MIN_VALUE;
    }

    final Dictionary dict = new Dictionary();
    private final OpenEntries open = new OpenEntries();
    final ByteHeap heap = new ByteHeap();
    private int[] systemOfRun = new int[64];
    private Chunk[] chunks = new Chunk[16];
    private int rows;
    private long live;

    /** @return rows ever reserved (purged ones included); the next sync id is {@code rows() + 1} */
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

    /**
     * Reserves rows for entries not written yet: row {@code r} is the entry of id {@code r + 1}.
     *
     * @return the first reserved row
     */
    public int reserve(int count) {
        if ((long) rows + count > Integer.MAX_VALUE) {
            throw new IllegalStateException("the in-memory report is full (2^31 - 1 entries); purge it");
        }
        int first = rows;
        for (int row = first; row < first + count; row++) {
            int c = row >>> SHIFT;
            if (c >= chunks.length) {
                chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
            }
            Chunk ch = chunks[c];
            if (ch == null) {
                ch = chunks[c] = new Chunk();
            }
            ch.status[row & MASK] = RESERVED;
            ch.reserved++;
        }
        rows += count;
        return first;
    }

    /** The dictionary codes a write shares across its entries. */
    public record WriteCodes(int sync, int run, int entity) {
    }

    /** @return the codes of a write's sync, run (with its system) and entity */
    public WriteCodes codes(String syncName, String runId, String system, String entity) {
        int run = dict.code(runId);
        int systemCode = dict.code(system);
        if (run >= systemOfRun.length) {
            systemOfRun = Arrays.copyOf(systemOfRun, Math.max(run + 1, systemOfRun.length * 2));
        }
        if (systemOfRun[run] == 0) {
            systemOfRun[run] = systemCode + 1;
        }
        return new WriteCodes(dict.code(syncName), run, dict.code(entity));
    }

    /**
     * Writes an entry's latest state: the first write of a reserved row adds the entry, a later one updates it;
     * a row purged meanwhile is left as it is.
     *
     * @throws IllegalArgumentException when the id was never reserved here
     */
    public void put(WriteCodes codes, JournalEntry e) {
        long id = e.id();
        if (id < 1 || id > rows) {
            throw new IllegalArgumentException("entry id " + id + " was not reserved by this report store");
        }
        int row = (int) (id - 1);
        Chunk ch = chunk(row >>> SHIFT);
        if (ch == null) {
            return; // purged
        }
        int i = row & MASK;
        long time = nanos(e.time());
        byte status = ch.status[i];
        if (status == DELETED) {
            open.updatePurged(id, e);
            return;
        }
        if (status != RESERVED) {
            change(row, e.status(), e.attempts(), e.message(), e.endpointId(), time, codes.run());
            open.update(row, ch.sync[i], e);
            return;
        }
        ch.created[i] = time;
        ch.updated[i] = time;
        ch.blob[i] = heap.add(e.reference(), e.sourceId(), e.endpointId());
        ch.run[i] = codes.run();
        ch.lastRun[i] = codes.run();
        ch.sync[i] = codes.sync();
        ch.entity[i] = codes.entity();
        ch.message[i] = dict.code(e.message());
        ch.attempts[i] = e.attempts();
        ch.status[i] = (byte) e.status().ordinal();
        ch.statusCounts[e.status().ordinal()]++;
        ch.live++;
        ch.reserved--;
        ch.minCreated = Math.min(ch.minCreated, time);
        ch.maxCreated = Math.max(ch.maxCreated, time);
        live++;
        if (!e.status().isFinal()) {
            open.update(row, codes.sync(), e);
        }
    }

    /** @return the open entries of a sync (by name), each with its entity's name */
    public List<Map.Entry<String, OutstandingDelivery>> openEntries(String syncName) {
        int sync = dict.find(syncName);
        List<Map.Entry<String, OutstandingDelivery>> out = new ArrayList<>();
        if (sync >= 0) {
            for (OpenEntries.Open o : open.of(sync, this)) {
                out.add(Map.entry(dict.value(o.entity()), o.delivery()));
            }
        }
        return out;
    }

    /** The sync starts over: its open entries stop being open. */
    public void resetOpen(String syncName) {
        int sync = dict.find(syncName);
        if (sync >= 0) {
            open.reset(sync);
        }
    }

    /** @return the purged open entry of this id, as the journal returns it, or null */
    public StoredEntry purgedOpenEntry(long id) {
        return open.purgedEntry(id, dict);
    }

    int entityCode(int row) {
        return chunks[row >>> SHIFT].entity[row & MASK];
    }

    /** @return the open entry of a live row */
    OutstandingDelivery outstanding(int row, String deliveryId, boolean passed) {
        Chunk ch = chunks[row >>> SHIFT];
        int i = row & MASK;
        long blob = ch.blob[i];
        return new OutstandingDelivery(row + 1L, heap.text(blob, 1), heap.text(blob, 0), deliveryId, ch.attempts[i],
                instant(ch.updated[i]), passed);
    }

    private void change(int row, DeliveryStatus status, int attempts, String message, String endpointId, long time,
                        int run) {
        Chunk ch = chunks[row >>> SHIFT];
        int i = row & MASK;
        ch.statusCounts[ch.status[i]]--;
        ch.status[i] = (byte) status.ordinal();
        ch.statusCounts[status.ordinal()]++;
        ch.attempts[i] = attempts;
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
                if (ch.status[i] < 0) {
                    continue; // purged, or reserved and not written yet
                }
                if (ch.created[i] < limit) {
                    int row = (c << SHIFT) + i;
                    if (open.isOpen(row, ch.sync[i])) {
                        open.purge(row, ch.sync[i], ch.entity[i], heap.text(ch.blob[i], 1), heap.text(ch.blob[i], 0),
                                ch.attempts[i], instant(ch.updated[i]), STATUSES[ch.status[i]], dict.value(ch.run[i]));
                    }
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
            if (ch.live == 0 && ch.reserved == 0 && end == CHUNK) {
                chunks[c] = null; // full and empty: nothing will be added to it again
            }
        }
        live -= removed;
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
        return ch == null || ch.status[row & MASK] < 0;
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

    /** @return the entry of a live row, as the journal gives it to a run that re-sends it */
    public StoredEntry stored(int row) {
        Chunk ch = chunks[row >>> SHIFT];
        int i = row & MASK;
        long blob = ch.blob[i];
        return new StoredEntry(row + 1L, dict.value(ch.sync[i]), dict.value(ch.run[i]), dict.value(ch.entity[i]),
                heap.text(blob, 1), heap.text(blob, 0), STATUSES[ch.status[i]], ch.attempts[i]);
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
