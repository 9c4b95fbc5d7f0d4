package dev.syncwright.reporting;

import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sync report: the query side of a {@link RunJournal}. The engine writes every record's delivery into it
 * as a journal ({@link dev.syncwright.core.SyncEngine.Builder#journal}); hosts read what was committed: one
 * {@link ReportEntry} per journal entry (its sync id is the entry id), filtered, counted, paged, streamed for
 * export, purged after the retention, and the sync log.
 *
 * <pre>{@code
 * ReportStore report = ReportStore.inMemory();
 * SyncEngine engine = SyncEngine.builder().journal(report).build();
 * ReportPage failed = report.query(ReportFilter.builder().statuses(DeliveryStatus.FAILED).build(), PageRequest.first());
 * }</pre>
 *
 * <p><b>Consistency.</b> Each journal write is applied atomically: a reader sees all of it or none. A query
 * sees the entries as they were at one moment. A {@link #stream} selects and orders its entries at one moment,
 * then reads them in slices: an entry changed meanwhile shows its newer values, one purged meanwhile is left
 * out.
 *
 * <p>Implementations must be thread-safe: the engine writes from several threads while users query, export and
 * purge. {@code sync-testkit}'s {@code ReportStoreContract} is the test every implementation passes.
 */
public interface ReportStore extends RunJournal {

    /** @return a new empty {@link InMemoryReportStore} using the system UTC clock */
    static ReportStore inMemory() {
        return new InMemoryReportStore(Clock.systemUTC());
    }

    /**
     * @param syncId the entry's sync id
     * @return the entry with this sync id, empty when there is none; by default the one entry {@link #getAll} finds
     */
    default Optional<ReportEntry> get(long syncId) {
        List<ReportEntry> found = getAll(List.of(syncId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * @param syncIds sync ids, not null
     * @return the entries with these sync ids that exist, in sync-id order, unmodifiable
     */
    List<ReportEntry> getAll(Collection<Long> syncIds);

    /**
     * @param filter which entries, not null
     * @param page   the order and the page, not null
     * @return the page, and the total number of matches
     */
    ReportPage query(ReportFilter filter, PageRequest page);

    /**
     * @param filter the filter, not null
     * @return how many entries match the filter
     */
    long count(ReportFilter filter);

    /**
     * @param filter the filter, not null
     * @return how many entries match the filter, per status; every status is present (0 when none); unmodifiable
     */
    Map<DeliveryStatus, Long> countByStatus(ReportFilter filter);

    /**
     * Every entry that matches the filter, in the given order, all pages. Entries are read lazily in slices, so
     * the whole result is never held in memory. The stream must be closed (try-with-resources), as a store may
     * hold a connection for it.
     *
     * @param filter which entries, not null
     * @param sort   their order, not null
     * @return a sequential stream of the matching entries
     */
    Stream<ReportEntry> stream(ReportFilter filter, ReportSort sort);

    /**
     * Removes the entries created before {@code cutoff}, and sync log events older than it. Open entries (a
     * delivery not final yet, kept for the next run of their sync) are purged like the others, but the journal
     * still finishes them.
     *
     * @param cutoff entries created strictly before it are removed, not null
     * @return how many entries were removed
     */
    long purgeOlderThan(Instant cutoff);

    /** @return how many entries the store holds, all times */
    long size();

    /**
     * @param runId the run's id, not null
     * @return the sync log events of a run, oldest first, unmodifiable
     */
    List<SyncLogEvent> syncLog(String runId);

    /**
     * @param from first time (inclusive), not null
     * @param to   end time (exclusive), not null
     * @return the sync log events in {@code [from, to)}, oldest first, unmodifiable
     */
    List<SyncLogEvent> syncLog(Instant from, Instant to);
}
