package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the sync report and the sync log are kept. Implementations must be thread-safe: the
 * {@link ReportingListener} writes from several engine threads while users query, export and purge.
 *
 * <p><b>Consistency.</b> Each call of {@link #write} or {@link #update} is applied atomically: a reader sees
 * all of its changes or none. A query sees the entries as they were at one moment. A {@link #stream} selects
 * and orders its entries at one moment, then reads them in slices: an entry changed meanwhile shows its
 * newer values, one purged meanwhile is left out.
 *
 * <p>Sync ids are assigned by the store, positive and increasing in order of addition.
 */
public interface ReportStore {

    /** @return a new empty {@link InMemoryReportStore} using the system UTC clock */
    static ReportStore inMemory() {
        return new InMemoryReportStore(Clock.systemUTC());
    }

    /**
     * Adds or updates entries, one per write: the entry of {@code (runId, entity, sourceId)} is updated
     * when it exists (status, attempts, message, endpoint id if given, updated time, latest sync info),
     * else added. A write without a source id always adds an entry.
     *
     * @param writes the batch, not null; may be empty
     * @return the sync id of each write's entry, in order, unmodifiable
     */
    List<Long> write(List<EntryWrite> writes);

    /**
     * Changes existing entries (a resync's outcomes). Ids that do not exist (never, or purged) are skipped.
     *
     * @param updates the batch, not null
     * @return how many entries were changed
     */
    int update(List<EntryUpdate> updates);

    /** @return the entry with this sync id, empty when there is none */
    Optional<ReportEntry> get(long syncId);

    /** @return the entries with these sync ids that exist, in sync-id order, unmodifiable */
    List<ReportEntry> getAll(Collection<Long> syncIds);

    /**
     * @param query the query, not null
     * @return the page the query asks for, and the total number of matches
     * @throws IllegalArgumentException when the query's cursor is malformed or belongs to another sort
     */
    ReportPage query(ReportQuery query);

    /** @return how many entries match the query (its cursor and page size are ignored) */
    long count(ReportQuery query);

    /**
     * @return how many entries match the query, per status; every status is present (0 when none);
     *         unmodifiable
     */
    Map<DeliveryStatus, Long> countByStatus(ReportQuery query);

    /**
     * Every entry that matches the query, in its order, all pages (its cursor and page size are ignored).
     * Entries are read lazily in slices, so the whole result is never held in memory. The stream must be
     * closed (try-with-resources), as a store may hold a connection for it.
     *
     * @param query the query, not null
     * @return a sequential stream of the matching entries
     */
    Stream<ReportEntry> stream(ReportQuery query);

    /**
     * Removes the entries created before {@code cutoff}, and sync log events older than it.
     *
     * @param cutoff entries created strictly before it are removed, not null
     * @return how many entries were removed
     */
    long purgeOlderThan(Instant cutoff);

    /** @return how many entries the store holds, all times */
    long size();

    /**
     * Adds events to the sync log.
     *
     * @param events the events, not null
     */
    void appendLog(List<SyncLogEvent> events);

    /** @return the sync log events of a run, oldest first, unmodifiable */
    List<SyncLogEvent> syncLog(String runId);

    /**
     * @param from first time (inclusive), not null
     * @param to   end time (exclusive), not null
     * @return the sync log events in {@code [from, to)}, oldest first, unmodifiable
     */
    List<SyncLogEvent> syncLog(Instant from, Instant to);
}
