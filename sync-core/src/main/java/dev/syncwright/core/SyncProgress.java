package dev.syncwright.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A consistent snapshot of a run: the figures of a sync-progress page. Immutable.
 *
 * <p>Invariants, in every snapshot: {@code waiting + active + done + errors == total} and
 * {@code records == sum of entities' records}. {@code percent} is by records when every entity has an
 * estimated count, else by finished entities; it is 100 exactly when the run is over.
 *
 * @param syncName   the sync's name
 * @param runId      this run's id
 * @param total      entities in the run
 * @param waiting    entities not started
 * @param active     entities PROCESSING
 * @param done       entities COMPLETE
 * @param errors     entities ERROR
 * @param records    records processed in all entities
 * @param deliveries records per delivery status in all entities
 * @param elapsed    time since the run started
 * @param percent    0 to 100
 * @param finished   true once the run is over
 * @param entities   per-entity snapshots, in the run's entity order, unmodifiable
 */
public record SyncProgress(String syncName, String runId, int total, int waiting, int active, int done, int errors,
                           long records, DeliveryCounts deliveries, Duration elapsed, double percent,
                           boolean finished, List<EntityProgress> entities) {
    /**
     * Creates the value, checking its components.
     *
     * @param syncName the sync's name
     * @param runId this run's id
     * @param total entities in the run
     * @param waiting entities not started
     * @param active entities PROCESSING
     * @param done entities COMPLETE
     * @param errors entities ERROR
     * @param records records processed in all entities
     * @param deliveries records per delivery status in all entities
     * @param elapsed time since the run started
     * @param percent 0 to 100
     * @param finished true once the run is over
     * @param entities per-entity snapshots, in the run's entity order, unmodifiable
     */
    public SyncProgress {
        Objects.requireNonNull(syncName, "syncName");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(deliveries, "deliveries");
        Objects.requireNonNull(elapsed, "elapsed");
        entities = List.copyOf(entities);
    }

    /**
     * The snapshot of a run whose entities stand as given: the counts per status, the records and deliveries summed
     * over the entities, and the percent (by records when every entity has an estimated count, else by finished
     * entities; 100 exactly when the run is over, at most 99.9 before).
     *
     * @param syncName the sync's name, not null
     * @param runId    the run's id, not null
     * @param entities the entities' snapshots, in the run's order, not null
     * @param elapsed  the time since the run started, not null
     * @param finished true once the run is over
     * @return the snapshot
     */
    public static SyncProgress of(String syncName, String runId, List<EntityProgress> entities, Duration elapsed,
                                  boolean finished) {
        int waiting = 0;
        int active = 0;
        int done = 0;
        int errors = 0;
        long records = 0;
        DeliveryCounts deliveries = DeliveryCounts.ZERO;
        boolean allEstimated = !entities.isEmpty();
        double estimatedTotal = 0;
        double estimatedDone = 0;
        for (EntityProgress e : entities) {
            switch (e.status()) {
                case WAITING -> waiting++;
                case PROCESSING -> active++;
                case COMPLETE -> done++;
                case ERROR -> errors++;
            }
            records += e.records();
            deliveries = deliveries.plus(e.deliveries());
            if (e.estimated() < 0) {
                allEstimated = false;
            } else {
                estimatedTotal += e.estimated();
                estimatedDone += e.status().isFinished() ? e.estimated() : Math.min(e.records(), e.estimated());
            }
        }
        double percent;
        if (finished) {
            percent = 100;
        } else if (allEstimated && estimatedTotal > 0) {
            percent = Math.min(99.9, 100.0 * estimatedDone / estimatedTotal);
        } else {
            percent = entities.isEmpty() ? 0 : Math.min(99.9, 100.0 * (done + errors) / entities.size());
        }
        return new SyncProgress(syncName, runId, entities.size(), waiting, active, done, errors, records, deliveries,
                elapsed, percent, finished, entities);
    }

    /** @return the entities processed so far (COMPLETE or ERROR), as in "N of M entities processed" */
    public int processed() {
        return done + errors;
    }
}
