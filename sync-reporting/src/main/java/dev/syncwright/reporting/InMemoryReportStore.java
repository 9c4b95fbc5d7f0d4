package dev.syncwright.reporting;

import dev.syncwright.reporting.internal.ColumnStore;
import dev.syncwright.reporting.internal.QueryPlan;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The default {@link ReportStore}: everything in the heap, compactly. Entries are kept column by column in
 * chunks of primitive arrays; systems, entities, run ids and messages are stored once in a dictionary and
 * referenced by number; the reference, source id and endpoint id of each entry are kept as UTF-8 in large
 * byte blocks. An entry costs about 55 bytes plus its texts, so ten million entries fit in about 1 GB.
 * Chunks keep per-status counts and the range of creation times, so time-window and status filters skip
 * whole chunks. Times are kept to the nanosecond.
 *
 * <p><b>Thread-safe.</b> A read-write lock lets any number of queries run together; a batch write, an update
 * or a purge waits for them and runs alone, atomically. A query scans under the read lock; a
 * {@link #stream stream} selects and orders under the read lock, then reads entries in slices of 1 024,
 * each under a short read lock, so a long export never blocks the engine's listener for long.
 *
 * <p>Contents are lost when the JVM exits; sync ids are {@code 1, 2, 3, ...} in order of addition.
 */
public final class InMemoryReportStore implements ReportStore {
    private static final int SLICE = 1024;

    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ColumnStore columns = new ColumnStore();
    private final List<SyncLogEvent> log = new ArrayList<>();

    /** @param clock the clock that "now" of relative query windows comes from, not null */
    public InMemoryReportStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    @Override
    public List<Long> write(List<EntryWrite> writes) {
        Objects.requireNonNull(writes, "writes must not be null");
        List<Long> ids = new ArrayList<>(writes.size());
        lock.writeLock().lock();
        try {
            for (EntryWrite w : writes) {
                ids.add(columns.write(Objects.requireNonNull(w, "writes must not contain null")));
            }
        } finally {
            lock.writeLock().unlock();
        }
        return List.copyOf(ids);
    }

    @Override
    public int update(List<EntryUpdate> updates) {
        Objects.requireNonNull(updates, "updates must not be null");
        int changed = 0;
        lock.writeLock().lock();
        try {
            for (EntryUpdate u : updates) {
                if (columns.update(Objects.requireNonNull(u, "updates must not contain null"))) {
                    changed++;
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return changed;
    }

    @Override
    public Optional<ReportEntry> get(long syncId) {
        List<ReportEntry> found = getAll(List.of(syncId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<ReportEntry> getAll(Collection<Long> syncIds) {
        Objects.requireNonNull(syncIds, "syncIds must not be null");
        TreeSet<Long> ids = new TreeSet<>(syncIds);
        List<ReportEntry> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (long id : ids) {
                if (id >= 1 && id <= columns.rows() && columns.isLive((int) (id - 1))) {
                    out.add(columns.entry((int) (id - 1)));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return List.copyOf(out);
    }

    @Override
    public ReportPage query(ReportQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        Instant now = clock.instant();
        lock.readLock().lock();
        try {
            QueryPlan.PageRows page = new QueryPlan(columns, query, now).page(query.pageSize());
            List<ReportEntry> entries = new ArrayList<>(page.rows().length);
            for (int row : page.rows()) {
                entries.add(columns.entry(row));
            }
            return new ReportPage(entries, page.total(), page.nextCursor());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long count(ReportQuery query) {
        long total = 0;
        for (long n : countByStatus(query).values()) {
            total += n;
        }
        return total;
    }

    @Override
    public Map<DeliveryStatus, Long> countByStatus(ReportQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        Instant now = clock.instant();
        long[] counts;
        lock.readLock().lock();
        try {
            counts = new QueryPlan(columns, query.after(null), now).countByStatus();
        } finally {
            lock.readLock().unlock();
        }
        EnumMap<DeliveryStatus, Long> map = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            map.put(s, counts[s.ordinal()]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    @Override
    public Stream<ReportEntry> stream(ReportQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        Instant now = clock.instant();
        int[] rows;
        lock.readLock().lock();
        try {
            rows = new QueryPlan(columns, query.after(null), now).selectAll();
        } finally {
            lock.readLock().unlock();
        }
        Spliterator<ReportEntry> slices = new Spliterators.AbstractSpliterator<>(rows.length,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private int next;
            private final List<ReportEntry> buffer = new ArrayList<>(SLICE);
            private int buffered;

            @Override
            public boolean tryAdvance(Consumer<? super ReportEntry> action) {
                while (buffered >= buffer.size()) {
                    if (next >= rows.length) {
                        return false;
                    }
                    buffer.clear();
                    buffered = 0;
                    int end = Math.min(rows.length, next + SLICE);
                    lock.readLock().lock();
                    try {
                        for (; next < end; next++) {
                            if (columns.isLive(rows[next])) {
                                buffer.add(columns.entry(rows[next]));
                            }
                        }
                    } finally {
                        lock.readLock().unlock();
                    }
                }
                action.accept(buffer.get(buffered++));
                return true;
            }
        };
        return StreamSupport.stream(slices, false);
    }

    @Override
    public long purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff must not be null");
        lock.writeLock().lock();
        try {
            log.removeIf(e -> e.time().isBefore(cutoff));
            return columns.purgeOlderThan(cutoff);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long size() {
        lock.readLock().lock();
        try {
            return columns.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void appendLog(List<SyncLogEvent> events) {
        Objects.requireNonNull(events, "events must not be null");
        List<SyncLogEvent> copy = List.copyOf(events);
        lock.writeLock().lock();
        try {
            log.addAll(copy);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<SyncLogEvent> syncLog(String runId) {
        Objects.requireNonNull(runId, "runId must not be null");
        return selectLog(e -> e.runId().equals(runId));
    }

    @Override
    public List<SyncLogEvent> syncLog(Instant from, Instant to) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        return selectLog(e -> !e.time().isBefore(from) && e.time().isBefore(to));
    }

    private List<SyncLogEvent> selectLog(java.util.function.Predicate<SyncLogEvent> keep) {
        List<SyncLogEvent> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (SyncLogEvent e : log) {
                if (keep.test(e)) {
                    out.add(e);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        out.sort(java.util.Comparator.comparing(SyncLogEvent::time)); // stable: same-time events keep their order
        return List.copyOf(out);
    }

    /** @return bytes held by the entries' text blocks; a rough figure for memory checks */
    public long textBytes() {
        lock.readLock().lock();
        try {
            return columns.textBytes();
        } finally {
            lock.readLock().unlock();
        }
    }
}
