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

    /** @return the entities processed so far (COMPLETE or ERROR), as in "N of M entities processed" */
    public int processed() {
        return done + errors;
    }
}
