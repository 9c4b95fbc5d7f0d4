package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.journal.RunRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A run's progress as its journal record says, in the shape the embedded engine reports it. */
final class RunProgress {
    private RunProgress() {
    }

    /**
     * @param sync  the sync's name
     * @param runId the run's id
     * @param r     the run's record, or null while the run is not claimed yet
     * @param now   the time now
     * @return the snapshot; the same figures and invariants as the engine's
     */
    static SyncProgress of(String sync, String runId, RunRecord r, Instant now) {
        if (r == null) {
            return SyncProgress.of(sync, runId, List.of(), Duration.ZERO, false);
        }
        Instant end = !r.isRunning() && r.endedAt() != null ? r.endedAt() : now;
        Duration elapsed = Duration.between(r.startedAt(), end);
        return SyncProgress.of(sync, runId, r.entities(), elapsed.isNegative() ? Duration.ZERO : elapsed, !r.isRunning());
    }
}
