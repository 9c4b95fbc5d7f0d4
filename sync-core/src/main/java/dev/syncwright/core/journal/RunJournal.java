package dev.syncwright.core.journal;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.RunStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one owner of delivery state: every record a run attempts is an entry here, and each entity's checkpoint
 * is committed together with the entries it passes. The engine gives each record an entry id when it first
 * reports it, {@link #write writes} the entries' latest states (and, when a page settled, the checkpoint) in one
 * atomic step, and later changes (confirmations, retries, resyncs, deliveries carried over from an interrupted
 * run) update the same entries by id. Progress counts, the sync report and metrics all read what was committed
 * here; nothing is matched up again by key.
 *
 * <p><b>Nothing lost.</b> An entry whose delivery is not final (SENT or PENDING) is <i>open</i>. When a page
 * settles, its open entries are written {@link JournalEntry#passed() passed} with the checkpoint that moved past
 * them. {@link #checkpoints} gives a later run every open entry of the sync as an
 * {@link dev.syncwright.core.OutstandingDelivery}: passed ones it finishes (polls, re-sends by key), the others
 * it finds again when it re-reads their page from the checkpoint and updates in place. An entry stops being
 * open when a write makes it final, or when its sync is {@link #reset}.
 *
 * <p><b>One run of a sync at a time, and every run ends.</b> A run {@link #claim claims} its sync for a lease
 * that it renews while it goes on, and records its entities' progress and its end here. A run whose host died
 * stops renewing; the next run of the sync takes over once the lease has expired and records the dead run FAILED
 * ("abandoned") with its PROCESSING entities back to WAITING, so no status is left that nothing can leave. A
 * journal refuses a checkpoint from a run that no longer holds its sync, so a run that was taken over cannot
 * move the checkpoint under its successor.
 *
 * <p>The default, {@link #inMemory()}, keeps checkpoints and open entries in memory and no report; the
 * {@code sync-reporting} module's stores keep every entry and answer the report's queries, and
 * {@code sync-store-jdbc} keeps them in a database.
 *
 * <p>Implementations must be thread-safe: the engine writes from several threads (different entities at once)
 * while others read. {@code sync-testkit}'s {@code RunJournalContract} is the test every implementation passes.
 */
public interface RunJournal {

    /**
     * Reserves ids for new entries.
     *
     * @param count how many ids, at least 1
     * @return the first of {@code count} consecutive ids that no other caller gets, positive
     */
    long reserveEntryIds(int count);

    /**
     * Applies a write atomically: a reader (or a restart) sees all of it or none. Per entry: the first write of
     * an id adds the entry (its sync, run, system, entity and creation time are those of that write, and never
     * change); a later write sets its status, attempts, message, delivery id, updated time, latest sync run
     * ({@code write.runId()}) and passed flag, and its endpoint id when the entry gives one. The checkpoint, when
     * given, replaces the entity's checkpoint in the write's sync.
     *
     * @param write what to commit, not null
     * @throws SyncBusyException when the write carries a checkpoint and its run no longer holds the sync (a run
     *                           of a sync that was never claimed may always write)
     * @throws RuntimeException  when it could not be applied; then nothing of it was. The engine ends the entity
     *                           ERROR with the reason and does not move its checkpoint.
     */
    void write(JournalWrite write);

    /**
     * What a run of the sync starts from: per entity, its last committed checkpoint and, as
     * {@link EntityCheckpoint#outstanding()}, every open entry of the entity in this sync. An entity with open
     * entries and no checkpoint yet is returned at {@link dev.syncwright.spi.Checkpoint#START}.
     *
     * @param syncName the sync's name, not null
     * @return by entity name, unmodifiable; empty when the sync has none
     */
    Map<String, EntityCheckpoint> checkpoints(String syncName);

    /**
     * @param ids entry ids, not null
     * @return the entries of these ids that the journal holds, in id order, unmodifiable; a journal that keeps no
     *         report may only know its open entries
     */
    List<StoredEntry> entries(Collection<Long> ids);

    /**
     * Starts a sync over: forgets its checkpoints, and its open entries stop being open (they stay in a report as
     * they are). Called by {@link dev.syncwright.core.SyncEngine#reset}.
     *
     * @param syncName the sync's name, not null
     */
    void reset(String syncName);

    /**
     * Adds events to the sync log. A journal that keeps no report may drop them.
     *
     * @param events the events, not null
     */
    void appendLog(List<SyncLogEvent> events);

    /**
     * Claims a sync for a run: the journal records the run (RUNNING, with its entities WAITING) and makes it the
     * sync's holder until {@code run.leaseUntil()}. A holder whose lease has expired before {@code now}, or the run
     * named by {@code replacing}, is taken over: it is recorded ended {@link RunStatus#FAILED} as abandoned, its
     * PROCESSING entities WAITING and interrupted.
     *
     * @param run       the run, RUNNING (no status), not null
     * @param now       the claimant's clock, not null
     * @param replacing the id of a run known to be dead (its owner's process is gone) to take over before its lease
     *                  expires, or null
     * @return the run that was taken over, as recorded, or empty
     * @throws SyncBusyException when another run of the sync holds it and may still be alive
     */
    Optional<RunRecord> claim(RunRecord run, Instant now, String replacing);

    /**
     * Extends a run's claim (its heartbeat).
     *
     * @param syncName   the sync
     * @param runId      the run
     * @param leaseUntil the new end of its lease
     * @return false when the run no longer holds the sync (it was taken over, or it ended): it must stop
     */
    boolean renew(String syncName, String runId, Instant leaseUntil);

    /**
     * Records the latest progress of some entities of a run (their status, records, time).
     *
     * @param runId    the run, not null
     * @param entities snapshots of its entities, not null
     */
    void recordProgress(String runId, List<EntityProgress> entities);

    /**
     * Records the end of a run, with its entities' last progress, and releases its claim on the sync.
     *
     * @param runId    the run, not null
     * @param status   how it ended, not null
     * @param endedAt  when, not null
     * @param failure  why it FAILED, else null
     * @param entities the final snapshots of its entities, not null
     */
    void runEnded(String runId, RunStatus status, Instant endedAt, String failure, List<EntityProgress> entities);

    /**
     * @param runId the run's id, not null
     * @return the run's record, empty when the journal does not know it
     */
    Optional<RunRecord> run(String runId);

    /**
     * @param syncName the sync's name, not null
     * @return the recorded runs of a sync, the newest first, unmodifiable
     */
    List<RunRecord> runs(String syncName);

    /** @return a thread-safe journal that keeps checkpoints and open entries in this JVM's memory, and no report */
    static RunJournal inMemory() {
        return new InMemoryRunJournal();
    }
}
