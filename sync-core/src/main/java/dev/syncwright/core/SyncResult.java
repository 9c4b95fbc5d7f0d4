package dev.syncwright.core;

import java.util.List;
import java.util.Objects;

/**
 * How a run ended. Immutable.
 *
 * @param status    the outcome
 * @param progress  the final snapshot ({@code progress.finished()} is true)
 * @param completed the entities that are COMPLETE at the end of this run, unmodifiable
 * @param skipped   entities of the request that were not run because an interrupted earlier run had
 *                  already completed them, unmodifiable
 * @param failure   why the run FAILED, else null
 */
public record SyncResult(RunStatus status, SyncProgress progress, List<String> completed, List<String> skipped,
                         String failure) {
    /**
     * Creates the value, checking its components.
     *
     * @param status the outcome
     * @param progress the final snapshot ({@code progress.finished()} is true)
     * @param completed the entities that are COMPLETE at the end of this run, unmodifiable
     * @param skipped entities of the request that were not run because an interrupted earlier run had already
     *                completed them, unmodifiable
     * @param failure why the run FAILED, else null
     */
    public SyncResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(progress, "progress");
        completed = List.copyOf(completed);
        skipped = List.copyOf(skipped);
    }
}
