package dev.syncwright.reporting;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.reporting.internal.ColumnStore;
import dev.syncwright.reporting.internal.QueryPlan;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The default {@link ReportStore}: a run journal that keeps every entry in the heap, compactly. Entries are kept
 * column by column in chunks of primitive arrays; systems, entities, run ids and messages are stored once in a
 * dictionary and referenced by number; the reference, source id and endpoint id of each entry are kept as UTF-8
 * in large byte blocks. An entry costs about 55 bytes plus its texts, so ten million entries fit in about 1 GB.
 * Chunks keep per-status counts and the range of creation times, so time-window and status filters skip whole
 * chunks. Times are kept to the nanosecond. Entry ids are handed out by reserving rows, so a write finds its
 * entry without an index: sync ids are {@code 1, 2, 3, ...} in order of reservation.
 *
 * <p><b>Thread-safe.</b> A read-write lock lets any number of queries run together; a journal write or a purge
 * waits for them and runs alone, atomically. A query scans under the read lock; a {@link #stream stream} selects
 * and orders under the read lock, then reads entries in slices of 1 024, each under a short read lock, so a long
 * export never blocks the engine for long.
 *
 * <p>Contents are lost when the JVM exits.
 */
public final class InMemoryReportStore implements ReportStore {
    private static final int SLICE = 1024;

    private final Clock clock;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ColumnStore columns = new ColumnStore();
    /** Checkpoint positions and runs; the open entries are kept with the rows, in {@link #columns}. */
    private final RunJournal progress = RunJournal.inMemory();
    private final List<SyncLogEvent> log = new ArrayList<>();

    /** @param clock the clock that "now" of relative query windows comes from, not null */
    public InMemoryReportStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    // ---- the journal's write side

    @Override
    public long reserveEntryIds(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        lock.writeLock().lock();
        try {
            return columns.reserve(count) + 1L;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void write(JournalWrite write) {
        Objects.requireNonNull(write, "write must not be null");
        lock.writeLock().lock();
        try {
            // checked first, so that a write either applies whole or not at all
            for (JournalEntry e : write.entries()) {
                if (e.id() < 1 || e.id() > columns.rows()) {
                    throw new IllegalArgumentException("entry id " + e.id() + " was not reserved by this report store");
                }
                if (!e.status().isFinal() && e.sourceId() == null) {
                    throw new IllegalArgumentException("entry " + e.id() + " is " + e.status()
                            + " without a source id: a delivery a later run must finish needs the record's key");
                }
            }
            if (write.checkpoint() != null) {
                // refuses a checkpoint from a run that was taken over, before anything changes here
                progress.write(new JournalWrite(write.syncName(), write.runId(), write.system(), write.entity(), List.of(),
                        write.checkpoint()));
            }
            ColumnStore.WriteCodes codes = columns.codes(write.syncName(), write.runId(), write.system(), write.entity());
            for (JournalEntry e : write.entries()) {
                columns.put(codes, e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Map<String, EntityCheckpoint> checkpoints(String syncName) {
        Objects.requireNonNull(syncName, "syncName must not be null");
        lock.readLock().lock();
        try {
            Map<String, EntityCheckpoint> out = new LinkedHashMap<>(progress.checkpoints(syncName));
            Map<String, List<OutstandingDelivery>> open = new LinkedHashMap<>();
            for (Map.Entry<String, OutstandingDelivery> e : columns.openEntries(syncName)) {
                open.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
            open.forEach((entity, deliveries) -> out.put(entity, out.getOrDefault(entity,
                    new EntityCheckpoint(entity, Checkpoint.START, false, Checkpoint.START)).withOutstanding(deliveries)));
            return Collections.unmodifiableMap(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StoredEntry> entries(Collection<Long> ids) {
        Objects.requireNonNull(ids, "ids must not be null");
        List<StoredEntry> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (long id : new TreeSet<>(ids)) {
                if (id >= 1 && id <= columns.rows() && columns.isLive((int) (id - 1))) {
                    out.add(columns.stored((int) (id - 1)));
                } else if (columns.purgedOpenEntry(id) != null) {
                    out.add(columns.purgedOpenEntry(id));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return List.copyOf(out);
    }

    @Override
    public void reset(String syncName) {
        Objects.requireNonNull(syncName, "syncName must not be null");
        lock.writeLock().lock();
        try {
            progress.reset(syncName);
            columns.resetOpen(syncName);
        } finally {
            lock.writeLock().unlock();
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
    public Optional<RunRecord> claim(RunRecord run, Instant now, String replacing) {
        return progress.claim(run, now, replacing);
    }

    @Override
    public boolean renew(String syncName, String runId, Instant leaseUntil) {
        return progress.renew(syncName, runId, leaseUntil);
    }

    @Override
    public void recordProgress(String runId, List<EntityProgress> entities) {
        progress.recordProgress(runId, entities);
    }

    @Override
    public void runEnded(String runId, RunStatus status, Instant endedAt, String failure, List<EntityProgress> entities) {
        progress.runEnded(runId, status, endedAt, failure, entities);
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return progress.run(runId);
    }

    @Override
    public List<RunRecord> runs(String syncName) {
        return progress.runs(syncName);
    }

    // ---- the report's query side

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
    public ReportPage query(ReportFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter must not be null");
        Objects.requireNonNull(page, "page must not be null");
        Instant now = clock.instant();
        lock.readLock().lock();
        try {
            QueryPlan.PageRows rows = new QueryPlan(columns, filter, page.sort(), page.after(), now).page(page.pageSize());
            List<ReportEntry> entries = new ArrayList<>(rows.rows().length);
            for (int row : rows.rows()) {
                entries.add(columns.entry(row));
            }
            return new ReportPage(entries, rows.total(), rows.nextCursor());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long count(ReportFilter filter) {
        long total = 0;
        for (long n : countByStatus(filter).values()) {
            total += n;
        }
        return total;
    }

    @Override
    public Map<DeliveryStatus, Long> countByStatus(ReportFilter filter) {
        Objects.requireNonNull(filter, "filter must not be null");
        Instant now = clock.instant();
        long[] counts;
        lock.readLock().lock();
        try {
            counts = new QueryPlan(columns, filter, ReportSort.NEWEST_FIRST, null, now).countByStatus();
        } finally {
            lock.readLock().unlock();
        }
        EnumMap<DeliveryStatus, Long> map = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            map.put(s, counts[s.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public Stream<ReportEntry> stream(ReportFilter filter, ReportSort sort) {
        Objects.requireNonNull(filter, "filter must not be null");
        Objects.requireNonNull(sort, "sort must not be null");
        Instant now = clock.instant();
        int[] rows;
        lock.readLock().lock();
        try {
            rows = new QueryPlan(columns, filter, sort, null, now).selectAll();
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

    private List<SyncLogEvent> selectLog(Predicate<SyncLogEvent> keep) {
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
        out.sort(Comparator.comparing(SyncLogEvent::time)); // stable: same-time events keep their order
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

    @Override
    public String toString() {
        return "InMemoryReportStore[" + size() + " entries]";
    }
}
