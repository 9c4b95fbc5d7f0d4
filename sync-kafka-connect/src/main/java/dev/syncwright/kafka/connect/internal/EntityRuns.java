package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.DeliveryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress of the entities a sink task writes, per run: counted from the journal when the task first sees an
 * entity (its entries committed before, by this task or one that owned it earlier), then from every change the
 * task makes; written to the run's record at most every progress interval; recounted and finished at the entity's
 * end, and the run ended when it was its last entity. Not thread-safe: only the task's thread uses it.
 */
final class EntityRuns {
    private static final Logger LOG = LoggerFactory.getLogger(EntityRuns.class);
    private static final Duration COUNT_WINDOW = Duration.ofDays(14);

    private record Key(String run, String entity) {
    }

    private final String sync;
    private final Duration interval;
    private final RunJournal journal;
    private final Clock clock;
    private final Map<Key, EntityRun> entities = new HashMap<>();

    EntityRuns(String sync, Duration interval, RunJournal journal, Clock clock) {
        this.sync = sync;
        this.interval = interval;
        this.journal = journal;
        this.clock = clock;
    }

    /** @return the entity's run, counted from the journal when the task first sees it */
    EntityRun get(String run, String entity, Instant now) {
        Key key = new Key(run, entity);
        EntityRun er = entities.get(key);
        if (er != null) {
            return er;
        }
        RunRecord r = journal.run(run).orElse(null);
        EntityProgress before = r == null ? null
                : r.entities().stream().filter(e -> e.entity().equals(entity)).findFirst().orElse(null);
        boolean open = r != null && r.isRunning() && before != null;
        DeliveryCounts base = open ? count(run, entity) : null;
        if (base == null) {
            base = before == null ? DeliveryCounts.ZERO : before.deliveries();
        }
        EntityStatus status = before != null && before.status().isFinished() ? before.status() : EntityStatus.PROCESSING;
        er = new EntityRun(run, entity, open, status, base, before == null ? -1 : before.estimated(),
                before == null ? Duration.ZERO : before.elapsed(), now);
        entities.put(key, er);
        return er;
    }

    /** Forgets every entity: each is counted again from the journal when next seen (another task may own it now). */
    void clear() {
        entities.clear();
    }

    /**
     * Finishes an entity whose end was read and whose records before it are all final: recounts it from the journal,
     * records it COMPLETE or ERROR, and ends the run when it was its last entity.
     *
     * @param run         the run
     * @param entity      the entity
     * @param sourceError why the source stopped the entity, or null
     * @param recordsRead how many records the source read from the entity in the run
     * @param now         the time now
     * @throws RuntimeException when the journal does not take it (the end is tried again later)
     */
    void finish(String run, String entity, String sourceError, long recordsRead, Instant now) {
        EntityRun er = get(run, entity, now);
        if (!er.open || er.status.isFinished()) {
            if (er.open) {
                endRunIfFinished(run, now); // the task that finished it may have died before it ended the run
            }
            return; // a run that ended, or an entity finished before (its end read again)
        }
        DeliveryCounts exact = count(run, entity);
        if (exact != null) {
            er.recount(exact);
        }
        if (sourceError != null || er.error != null) {
            er.finish(EntityStatus.ERROR, sourceError != null ? sourceError : er.error, now);
        } else if (er.records > 0 && er.failed == er.records) {
            er.finish(EntityStatus.ERROR, "every record failed", now);
        } else {
            er.finish(EntityStatus.COMPLETE, null, now);
        }
        if (er.records != recordsRead) {
            LOG.info("Sync {} run {}: entity {} has {} entries for {} records read", sync, run, entity, er.records,
                    recordsRead);
        }
        journal.recordProgress(run, List.of(er.snapshot(now)));
        er.dirty = false;
        er.writtenAt = now;
        LOG.info("Sync {} run {}: entity {} {} ({} records)", sync, run, entity, er.status, er.records);
        endRunIfFinished(run, now);
    }

    private void endRunIfFinished(String run, Instant now) {
        RunRecord r = journal.run(run).orElse(null);
        if (r != null && RunEnds.endIfFinished(journal, r, now)) {
            LOG.info("Sync {}: run {} ended", sync, run);
        }
    }

    /** @return the entity's entries in the run per status, read from the journal, or null when it keeps no report */
    private DeliveryCounts count(String run, String entity) {
        if (!(journal instanceof ReportStore report)) {
            return null;
        }
        Instant now = clock.instant();
        RunRecord r = journal.run(run).orElse(null);
        Instant from = r == null ? now.minus(COUNT_WINDOW) : r.startedAt().minusSeconds(60);
        if (from.isBefore(now.minus(COUNT_WINDOW))) {
            from = now.minus(COUNT_WINDOW);
        }
        Map<DeliveryStatus, Long> n = report.countByStatus(ReportFilter.builder().runId(run).entity(entity)
                .between(from, now.plusSeconds(60)).build());
        return new DeliveryCounts(n.get(DeliveryStatus.OK), n.get(DeliveryStatus.SENT), n.get(DeliveryStatus.PENDING),
                n.get(DeliveryStatus.FAILED));
    }

    /**
     * Writes the progress of the entities that changed, those written last at least an interval ago (or all).
     *
     * @param now   the time now
     * @param force true to write every changed entity now
     */
    void flush(Instant now, boolean force) {
        Map<String, List<EntityProgress>> byRun = new LinkedHashMap<>();
        List<EntityRun> written = new ArrayList<>();
        for (EntityRun er : entities.values()) {
            if (pending(er) && (force || !er.writtenAt.plus(interval).isAfter(now))) {
                byRun.computeIfAbsent(er.run, k -> new ArrayList<>()).add(er.snapshot(now));
                written.add(er);
            }
        }
        try {
            byRun.forEach(journal::recordProgress);
            for (EntityRun er : written) {
                er.dirty = false;
                er.writtenAt = now;
            }
        } catch (RuntimeException e) {
            LOG.warn("Sync {}: recording progress failed: {}", sync, e.toString());
        }
    }

    /** @return when the next progress write is due, {@link Instant#MAX} when none is */
    Instant nextWrite() {
        Instant next = Instant.MAX;
        for (EntityRun er : entities.values()) {
            if (pending(er) && er.writtenAt.plus(interval).isBefore(next)) {
                next = er.writtenAt.plus(interval);
            }
        }
        return next;
    }

    private static boolean pending(EntityRun er) {
        return er.open && er.dirty && !er.status.isFinished();
    }
}
