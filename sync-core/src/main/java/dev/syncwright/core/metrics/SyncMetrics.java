package dev.syncwright.core.metrics;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.event.RunInfo;

import java.time.Duration;

/**
 * Where the engine reports its figures, for a metrics system to record. Every method has a no-op default;
 * {@link #none()} is the engine's default. Adapters (e.g. {@code sync-micrometer}) implement it; the core
 * depends on no metrics library.
 *
 * <p>The delivery figures are the same status transitions the progress counts and the run journal apply, so
 * the three never disagree. <b>Threads:</b> called from the engine's worker threads, for several entities at
 * once; implementations must be thread-safe and fast (no I/O). An implementation that throws is logged and
 * ignored.
 */
public interface SyncMetrics {

    /** @return metrics that record nothing */
    static SyncMetrics none() {
        return NoMetrics.INSTANCE;
    }

    /**
     * A run started.
     *
     * @param run the run
     */
    default void runStarted(RunInfo run) {
    }

    /**
     * A run ended with {@code status}.
     *
     * @param run the run
     * @param status how it ended
     * @param elapsed how long it took
     */
    default void runFinished(RunInfo run, RunStatus status, Duration elapsed) {
    }

    /**
     * An entity changed status ({@code from} is null when it is first planned as WAITING).
     *
     * @param run    the run
     * @param entity the entity
     * @param from   the status before, or null
     * @param to     the status now
     */
    default void entityStatusChanged(RunInfo run, String entity, EntityStatus from, EntityStatus to) {
    }

    /**
     * Records changed delivery status: {@code entered} records entered each status, {@code left} left it (a SENT
     * record confirmed leaves SENT and enters OK). The records in a status now are the sum of entered minus left.
     *
     * @param run     the run
     * @param entity  the entity
     * @param entered per status, how many records entered it
     * @param left    per status, how many records left it
     */
    default void deliveriesChanged(RunInfo run, String entity, DeliveryCounts entered, DeliveryCounts left) {
    }

    /**
     * The destination answered a batch write (or threw).
     *
     * @param run     the run
     * @param entity  the entity
     * @param records records in the batch
     * @param latency how long the write took
     * @param failed  true when the whole write threw
     */
    default void batchWritten(RunInfo run, String entity, int records, Duration latency, boolean failed) {
    }

    /**
     * A batch is retried after a wait.
     *
     * @param run     the run
     * @param entity  the entity
     * @param records records to send again
     * @param backoff the wait before the retry
     */
    default void retryScheduled(RunInfo run, String entity, int records, Duration backoff) {
    }
}
