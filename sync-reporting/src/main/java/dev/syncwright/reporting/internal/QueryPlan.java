package dev.syncwright.reporting.internal;

import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportCursor;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * A {@link ReportFilter} and an order compiled against a {@link ColumnStore}: the filter as dictionary-code
 * tables and primitive bounds, the row order, and the cursor. Valid only while the store's read lock is held
 * (the dictionary must not grow under it). Not thread-safe.
 */
public final class QueryPlan {
    private final ColumnStore store;
    private final long createdFrom;
    private final long createdTo;
    private final long updatedFrom;
    private final long updatedTo;
    private final int statusMask;
    private final boolean[] entityOk;
    private final boolean[] runOk;
    private final long[] syncIds;
    private final Matcher referenceEquals;
    private final Matcher referenceContains;
    private final byte[] sourceId;
    private final byte[] endpointId;
    private final int minAttempts;
    private final int maxAttempts;
    private final boolean[] messageOk;
    private final boolean[] searchRunOk;
    private final Matcher searchReference;
    private final long searchSyncId;
    private final ReportSort sort;
    private final ReportColumn column;
    private final boolean descending;
    /** True when only the time window and statuses filter: a chunk wholly in the window is counted from its statistics. */
    private final boolean onlyWindowAndStatus;
    private final boolean filtersUpdated;
    private final boolean filtersAttempts;
    private final int[] ranks;
    private final ReportCursor cursor;

    /** Case-insensitive text test on UTF-8 bytes. */
    private static final class Matcher {
        private final String lowerNeedle;
        private final byte[] asciiNeedle;
        private final boolean exact;

        Matcher(String needle, boolean exact) {
            this.lowerNeedle = Texts.lower(needle);
            this.asciiNeedle = Texts.isAscii(lowerNeedle) ? Texts.utf8(lowerNeedle) : null;
            this.exact = exact;
        }

        boolean test(ByteHeap.Field f) {
            if (f == null) {
                return false;
            }
            if (asciiNeedle != null && !exact) {
                return Texts.containsAsciiIgnoreCase(f.array(), f.offset(), f.length(), asciiNeedle);
            }
            if (asciiNeedle != null && f.length() != asciiNeedle.length) {
                return false;
            }
            String text = Texts.lower(f.text());
            return exact ? text.equals(lowerNeedle) : text.contains(lowerNeedle);
        }

        /** @return the test on the reference of a blob */
        boolean testReference(ByteHeap heap, long blob) {
            return asciiNeedle != null && !exact ? heap.referenceContainsAscii(blob, asciiNeedle) : test(heap.field(blob, 0));
        }

        boolean test(String text) {
            if (text == null) {
                return false;
            }
            String lower = Texts.lower(text);
            return exact ? lower.equals(lowerNeedle) : lower.contains(lowerNeedle);
        }
    }

    /**
     * @param sort   the order of the rows
     * @param cursor where the page starts, or null; made for {@code sort}
     * @param now    the store's clock reading, for the relative window
     * @throws IllegalArgumentException when the cursor was made for another sort
     */
    public QueryPlan(ColumnStore store, ReportFilter q, ReportSort sort, ReportCursor cursor, Instant now) {
        this.store = store;
        Dictionary dict = store.dict;
        createdFrom = ColumnStore.nanos(q.createdFrom(now));
        createdTo = q.createdTo() == null ? Long.MAX_VALUE : ColumnStore.nanos(q.createdTo());
        updatedFrom = q.updatedFrom() == null ? Long.MIN_VALUE : ColumnStore.nanos(q.updatedFrom());
        updatedTo = q.updatedTo() == null ? Long.MAX_VALUE : ColumnStore.nanos(q.updatedTo());
        int mask = 0;
        if (q.statuses() == null) {
            mask = -1;
        } else {
            for (DeliveryStatus s : q.statuses()) {
                mask |= 1 << s.ordinal();
            }
        }
        statusMask = mask;
        entityOk = codes(dict, q.entities());
        int n = dict.size();
        boolean[] runs = null;
        if (q.runIds() != null || q.systemEquals() != null || q.systemContains() != null) {
            boolean[] byId = codes(dict, q.runIds());
            Matcher sysEq = q.systemEquals() == null ? null : new Matcher(q.systemEquals(), true);
            Matcher sysIn = q.systemContains() == null ? null : new Matcher(q.systemContains(), false);
            runs = new boolean[n];
            for (int c = 0; c < n; c++) {
                boolean ok = byId == null || byId[c];
                if (ok && (sysEq != null || sysIn != null)) {
                    String system = isRun(c) ? dict.value(store.systemCode(c)) : null;
                    ok = (sysEq == null || sysEq.test(system)) && (sysIn == null || sysIn.test(system));
                }
                runs[c] = ok;
            }
        }
        runOk = runs;
        syncIds = q.syncIds() == null ? null : q.syncIds().stream().mapToLong(Long::longValue).sorted().toArray();
        referenceEquals = q.referenceEquals() == null ? null : new Matcher(q.referenceEquals(), true);
        referenceContains = q.referenceContains() == null ? null : new Matcher(q.referenceContains(), false);
        sourceId = Texts.utf8(q.sourceId());
        endpointId = Texts.utf8(q.endpointId());
        minAttempts = q.minAttempts();
        maxAttempts = q.maxAttempts();
        if (q.messageContains() != null) {
            Matcher m = new Matcher(q.messageContains(), false);
            messageOk = new boolean[n];
            for (int c = 0; c < n; c++) {
                messageOk[c] = m.test(dict.value(c));
            }
        } else {
            messageOk = null;
        }
        if (q.search() != null) {
            Matcher m = new Matcher(q.search(), false);
            searchRunOk = new boolean[n];
            for (int c = 0; c < n; c++) {
                searchRunOk[c] = isRun(c) && m.test(dict.value(store.systemCode(c)));
            }
            searchReference = m;
            long id;
            try {
                id = Long.parseLong(q.search().trim());
            } catch (NumberFormatException e) {
                id = -1;
            }
            searchSyncId = id;
        } else {
            searchRunOk = null;
            searchReference = null;
            searchSyncId = -1;
        }
        this.sort = sort;
        column = sort.column();
        descending = sort.direction() == SortDirection.DESC;
        ranks = switch (column) {
            case RUN_ID, SYSTEM, ENTITY, MESSAGE -> dict.ranks();
            default -> null;
        };
        if (cursor != null && !cursor.sort().equals(sort)) {
            throw new IllegalArgumentException("cursor was made for another sort (" + cursor.sort().column() + " "
                    + cursor.sort().direction() + "); start again without a cursor");
        }
        this.cursor = cursor;
        filtersUpdated = updatedFrom != Long.MIN_VALUE || updatedTo != Long.MAX_VALUE;
        filtersAttempts = minAttempts > 0 || maxAttempts != Integer.MAX_VALUE;
        onlyWindowAndStatus = updatedFrom == Long.MIN_VALUE && updatedTo == Long.MAX_VALUE && minAttempts <= 0
                && maxAttempts == Integer.MAX_VALUE && entityOk == null && runOk == null && messageOk == null
                && syncIds == null && referenceEquals == null && referenceContains == null && sourceId == null
                && endpointId == null && searchReference == null;
    }

    private boolean isRun(int code) {
        return store.systemCode(code) >= 0;
    }

    private static boolean[] codes(Dictionary dict, Set<String> values) {
        if (values == null) {
            return null;
        }
        boolean[] ok = new boolean[dict.size()];
        for (String v : values) {
            int c = dict.find(v);
            if (c >= 0) {
                ok[c] = true;
            }
        }
        return ok;
    }

    /** @return false when no row of the chunk can match, from its statistics alone */
    boolean mayMatch(ColumnStore.Chunk ch) {
        if (ch == null || ch.live == 0 || ch.maxCreated < createdFrom || ch.minCreated >= createdTo) {
            return false;
        }
        for (int s = 0; s < ch.statusCounts.length; s++) {
            if (ch.statusCounts[s] > 0 && (statusMask & (1 << s)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the live-or-deleted row matches (deleted rows never do) */
    boolean matches(ColumnStore.Chunk ch, int i, int row) {
        byte status = ch.status[i];
        if (status < 0 || (statusMask & (1 << status)) == 0) {
            return false;
        }
        long created = ch.created[i];
        if (created < createdFrom || created >= createdTo) {
            return false;
        }
        // columns without a filter are not read: a scan is bound by the memory it touches
        if (filtersUpdated && (ch.updated[i] < updatedFrom || ch.updated[i] >= updatedTo)) {
            return false;
        }
        if (filtersAttempts && (ch.attempts[i] < minAttempts || ch.attempts[i] > maxAttempts)) {
            return false;
        }
        if (entityOk != null && !entityOk[ch.entity[i]]) {
            return false;
        }
        if (runOk != null && !runOk[ch.run[i]]) {
            return false;
        }
        if (messageOk != null && (ch.message[i] < 0 || !messageOk[ch.message[i]])) {
            return false;
        }
        if (syncIds != null && Arrays.binarySearch(syncIds, row + 1L) < 0) {
            return false;
        }
        long blob = ch.blob[i];
        if (referenceEquals != null && !referenceEquals.test(store.heap.field(blob, 0))) {
            return false;
        }
        if (referenceContains != null && !referenceContains.testReference(store.heap, blob)) {
            return false;
        }
        if (sourceId != null && !bytesEqual(store.heap.field(blob, 1), sourceId)) {
            return false;
        }
        if (endpointId != null && !bytesEqual(store.heap.field(blob, 2), endpointId)) {
            return false;
        }
        return searchReference == null || searchRunOk[ch.run[i]] || row + 1L == searchSyncId
                || searchReference.test(store.heap.field(blob, 0));
    }

    private static boolean bytesEqual(ByteHeap.Field f, byte[] b) {
        return f != null && Texts.compareBytes(f.array(), f.offset(), f.length(), b, 0, b.length) == 0;
    }

    /** Orders two live rows by the sort column, then sync id, in the query's direction. */
    int compare(int a, int b) {
        int c = compareAsc(a, b);
        return descending ? -c : c;
    }

    private int compareAsc(int a, int b) {
        ColumnStore.Chunk ca = store.chunk(a >>> ColumnStore.SHIFT);
        ColumnStore.Chunk cb = store.chunk(b >>> ColumnStore.SHIFT);
        int i = a & ColumnStore.MASK;
        int j = b & ColumnStore.MASK;
        int c = switch (column) {
            case SYNC_ID -> 0;
            case RUN_ID -> Integer.compare(rank(ca.run[i]), rank(cb.run[j]));
            case SYSTEM -> Integer.compare(rank(store.systemCode(ca.run[i])), rank(store.systemCode(cb.run[j])));
            case ENTITY -> Integer.compare(rank(ca.entity[i]), rank(cb.entity[j]));
            case MESSAGE -> Integer.compare(rank(ca.message[i]), rank(cb.message[j]));
            case REFERENCE -> compareFields(ca.blob[i], cb.blob[j], 0);
            case SOURCE_ID -> compareFields(ca.blob[i], cb.blob[j], 1);
            case ENDPOINT_ID -> compareFields(ca.blob[i], cb.blob[j], 2);
            case STATUS -> Integer.compare(ca.status[i], cb.status[j]);
            case ATTEMPTS -> Integer.compare(ca.attempts[i], cb.attempts[j]);
            case CREATED -> Long.compare(ca.created[i], cb.created[j]);
            case UPDATED, LATEST_SYNC_TIME -> Long.compare(ca.updated[i], cb.updated[j]);
        };
        return c != 0 ? c : Integer.compare(a, b);
    }

    private int rank(int code) {
        return code < 0 ? -1 : ranks[code];
    }

    private int compareFields(long a, long b, int which) {
        ByteHeap.Field fa = store.heap.field(a, which);
        ByteHeap.Field fb = store.heap.field(b, which);
        if (fa == null || fb == null) {
            return fa == null ? (fb == null ? 0 : -1) : 1;
        }
        return Texts.compareBytes(fa.array(), fa.offset(), fa.length(), fb.array(), fb.offset(), fb.length());
    }

    /** @return true when the row sorts strictly after the cursor (always true without a cursor) */
    boolean afterCursor(ColumnStore.Chunk ch, int i, int row) {
        if (cursor == null) {
            return true;
        }
        int c = compareToCursor(ch, i);
        if (c == 0) {
            c = Long.compare(row + 1L, cursor.syncId());
        }
        return descending ? c < 0 : c > 0;
    }

    private int compareToCursor(ColumnStore.Chunk ch, int i) {
        return switch (column) {
            case SYNC_ID -> 0;
            case STATUS -> Long.compare(ch.status[i], cursor.number());
            case ATTEMPTS -> Long.compare(ch.attempts[i], cursor.number());
            case CREATED -> Long.compare(ch.created[i], cursor.number());
            case UPDATED, LATEST_SYNC_TIME -> Long.compare(ch.updated[i], cursor.number());
            default -> Texts.compare(text(ch, i), cursor.text());
        };
    }

    private String text(ColumnStore.Chunk ch, int i) {
        return switch (column) {
            case RUN_ID -> store.dict.value(ch.run[i]);
            case SYSTEM -> store.dict.value(store.systemCode(ch.run[i]));
            case ENTITY -> store.dict.value(ch.entity[i]);
            case MESSAGE -> store.dict.value(ch.message[i]);
            case REFERENCE -> store.heap.text(ch.blob[i], 0);
            case SOURCE_ID -> store.heap.text(ch.blob[i], 1);
            case ENDPOINT_ID -> store.heap.text(ch.blob[i], 2);
            default -> throw new IllegalStateException(column + " is not a text column");
        };
    }

    /** @return the cursor that resumes right after this live row */
    ReportCursor cursorAfter(int row) {
        ColumnStore.Chunk ch = store.chunk(row >>> ColumnStore.SHIFT);
        int i = row & ColumnStore.MASK;
        long syncId = row + 1L;
        return switch (column) {
            case SYNC_ID -> new ReportCursor(sort, syncId, 0, null);
            case STATUS -> new ReportCursor(sort, syncId, ch.status[i], null);
            case ATTEMPTS -> new ReportCursor(sort, syncId, ch.attempts[i], null);
            case CREATED -> new ReportCursor(sort, syncId, ch.created[i], null);
            case UPDATED, LATEST_SYNC_TIME -> new ReportCursor(sort, syncId, ch.updated[i], null);
            default -> new ReportCursor(sort, syncId, 0, text(ch, i));
        };
    }

    /** The rows of one page, in order, the total of matches, and the next page's cursor (or null). */
    public record PageRows(int[] rows, long total, ReportCursor nextCursor) {
    }

    /**
     * @return the rows of the page after the cursor and the total count of matches. Chunks are visited in
     *         the direction of the sort, and one that cannot hold a row sorting before the page's current last
     *         row is skipped once the page is full (its matches counted from its statistics when it can be).
     */
    public PageRows page(int pageSize) {
        int k = pageSize + 1; // one more than a page tells whether another page follows
        int[] heap = new int[k];
        int size = 0;
        long total = 0;
        int rows = store.rows();
        int chunks = rows == 0 ? 0 : ((rows - 1) >>> ColumnStore.SHIFT) + 1;
        for (int n = 0; n < chunks; n++) {
            int c = descending ? chunks - 1 - n : n;
            ColumnStore.Chunk ch = store.chunk(c);
            if (!mayMatch(ch)) {
                continue;
            }
            int base = c << ColumnStore.SHIFT;
            int end = Math.min(ColumnStore.CHUNK, rows - base);
            boolean counted = wholeChunkMatches(ch);
            if (counted) {
                total += countFromStatistics(ch);
                if (size == k && sortsAfter(ch, base, end, heap[0])) {
                    continue;
                }
            }
            for (int i = 0; i < end; i++) {
                int row = base + i;
                if (!matches(ch, i, row)) {
                    continue;
                }
                if (!counted) {
                    total++;
                }
                if (!afterCursor(ch, i, row)) {
                    continue;
                }
                if (size < k) {
                    heap[size] = row;
                    siftUp(heap, size++);
                } else if (compare(row, heap[0]) < 0) {
                    heap[0] = row;
                    siftDown(heap, size);
                }
            }
        }
        int[] sorted = Arrays.copyOf(heap, size);
        IntSort.sort(sorted, size, this::compare);
        if (size <= pageSize) {
            return new PageRows(sorted, total, null);
        }
        int[] page = Arrays.copyOf(sorted, pageSize);
        return new PageRows(page, total, cursorAfter(page[pageSize - 1]));
    }

    /** @return true when every live row of the chunk with a wanted status matches, known from its statistics */
    private boolean wholeChunkMatches(ColumnStore.Chunk ch) {
        return onlyWindowAndStatus && ch.minCreated >= createdFrom && ch.maxCreated < createdTo;
    }

    private long countFromStatistics(ColumnStore.Chunk ch) {
        long n = 0;
        for (int s = 0; s < ch.statusCounts.length; s++) {
            if ((statusMask & (1 << s)) != 0) {
                n += ch.statusCounts[s];
            }
        }
        return n;
    }

    /** @return true when, by the chunk's range of the sort column, every row of it sorts after {@code row} */
    private boolean sortsAfter(ColumnStore.Chunk ch, int base, int end, int row) {
        return switch (column) {
            case SYNC_ID -> descending ? base + end - 1 < row : base > row;
            case CREATED -> {
                long created = store.chunk(row >>> ColumnStore.SHIFT).created[row & ColumnStore.MASK];
                yield descending ? ch.maxCreated < created : ch.minCreated > created;
            }
            default -> false;
        };
    }

    // a max-heap in sort order: the root is the row that sorts last, the first to give way
    private void siftUp(int[] heap, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (compare(heap[i], heap[parent]) <= 0) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private void siftDown(int[] heap, int size) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int largest = i;
            if (l < size && compare(heap[l], heap[largest]) > 0) {
                largest = l;
            }
            if (r < size && compare(heap[r], heap[largest]) > 0) {
                largest = r;
            }
            if (largest == i) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[largest];
            heap[largest] = t;
            i = largest;
        }
    }

    /** @return the number of matches per status ordinal (cursor ignored) */
    public long[] countByStatus() {
        long[] counts = new long[DeliveryStatus.values().length];
        int rows = store.rows();
        for (int c = 0; rows > 0 && c <= (rows - 1) >>> ColumnStore.SHIFT; c++) {
            ColumnStore.Chunk ch = store.chunk(c);
            if (!mayMatch(ch)) {
                continue;
            }
            if (wholeChunkMatches(ch)) {
                for (int s = 0; s < counts.length; s++) {
                    counts[s] += (statusMask & (1 << s)) != 0 ? ch.statusCounts[s] : 0;
                }
                continue;
            }
            int base = c << ColumnStore.SHIFT;
            int end = Math.min(ColumnStore.CHUNK, rows - base);
            for (int i = 0; i < end; i++) {
                if (matches(ch, i, base + i)) {
                    counts[ch.status[i]]++;
                }
            }
        }
        return counts;
    }

    /** @return every matching row (cursor ignored), in the query's order */
    public int[] selectAll() {
        int[] out = new int[64];
        int n = 0;
        int rows = store.rows();
        for (int c = 0; rows > 0 && c <= (rows - 1) >>> ColumnStore.SHIFT; c++) {
            ColumnStore.Chunk ch = store.chunk(c);
            if (!mayMatch(ch)) {
                continue;
            }
            int base = c << ColumnStore.SHIFT;
            int end = Math.min(ColumnStore.CHUNK, rows - base);
            for (int i = 0; i < end; i++) {
                if (matches(ch, i, base + i)) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = base + i;
                }
            }
        }
        out = Arrays.copyOf(out, n);
        if (column == ReportColumn.SYNC_ID) {
            if (descending) {
                for (int i = 0, j = n - 1; i < j; i++, j--) {
                    int t = out[i];
                    out[i] = out[j];
                    out[j] = t;
                }
            }
        } else {
            IntSort.sort(out, n, this::compare);
        }
        return out;
    }
}
