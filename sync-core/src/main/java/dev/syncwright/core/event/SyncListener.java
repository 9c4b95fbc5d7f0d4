package dev.syncwright.core.event;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;

import java.util.List;

/**
 * Receives a run's events. Every method has a no-op default; override what you need.
 *
 * <p><b>Threads:</b> {@link #onRunStarted} and {@link #onRunFinished} are called once per run;
 * entity callbacks are called on the worker thread processing that entity, so callbacks for different
 * entities arrive concurrently from several threads, while callbacks for one entity never overlap and
 * arrive in this order: {@code onEntityStarted}, then for each batch {@code onRecordOutcomes} and
 * {@code onBatchCommitted}, then {@code onEntityFinished}. Outcomes of confirmations (SENT becoming OK) are
 * delivered the same way, by the entity's task, before its {@code onEntityFinished}; a run that ends (e.g.
 * cancelled) with deliveries still SENT reports no later change for them. Implementations must therefore be
 * thread-safe, and
 * should return quickly: they run on the engine's threads.
 *
 * <p>A listener that throws is logged and ignored: it never changes the run.
 */
public interface SyncListener {

    /**
     * The run started; entities are about to be processed.
     *
     * @param run      the run
     * @param progress the first snapshot (every entity WAITING)
     */
    default void onRunStarted(RunInfo run, SyncProgress progress) {
    }

    /**
     * An entity moved to PROCESSING.
     *
     * @param run the run
     * @param entity the entity's progress now
     */
    default void onEntityStarted(RunInfo run, EntityProgress entity) {
    }

    /**
     * Delivery statuses of records changed: one call per batch (or per round of confirmations), never per
     * record. The list is unmodifiable and not empty.
     *
     * @param run the run
     * @param outcomes the records' new statuses
     */
    default void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
    }

    /**
     * A batch was written and its checkpoint committed.
     *
     * @param run          the run
     * @param entity       the entity's running totals after this batch
     * @param batchRecords how many records the batch held
     */
    default void onBatchCommitted(RunInfo run, EntityProgress entity, int batchRecords) {
    }

    /**
     * An entity finished: COMPLETE or ERROR (with its error), or stopped by a cancel.
     *
     * @param run the run
     * @param entity the entity's final progress in this run
     */
    default void onEntityFinished(RunInfo run, EntityProgress entity) {
    }

    /**
     * The run is over; called before {@link dev.syncwright.core.SyncExecution#completion()} completes.
     *
     * @param run the run
     * @param result how it ended
     */
    default void onRunFinished(RunInfo run, SyncResult result) {
    }
}
