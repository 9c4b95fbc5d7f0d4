package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
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
            return new SyncProgress(sync, runId, 0, 0, 0, 0, 0, 0, DeliveryCounts.ZERO, Duration.ZERO, 0, false, List.of());
        }
        int waiting = 0;
        int active = 0;
        int done = 0;
        int errors = 0;
        long records = 0;
        DeliveryCounts deliveries = DeliveryCounts.ZERO;
        boolean allEstimated = !r.entities().isEmpty();
        double estimatedTotal = 0;
        double estimatedDone = 0;
        for (EntityProgress e : r.entities()) {
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
        boolean over = !r.isRunning();
        double percent;
        if (over) {
            percent = 100;
        } else if (allEstimated && estimatedTotal > 0) {
            percent = Math.min(99.9, 100.0 * estimatedDone / estimatedTotal);
        } else {
            percent = r.entities().isEmpty() ? 0 : Math.min(99.9, 100.0 * (done + errors) / r.entities().size());
        }
        Instant end = over && r.endedAt() != null ? r.endedAt() : now;
        Duration elapsed = Duration.between(r.startedAt(), end);
        return new SyncProgress(sync, runId, r.entities().size(), waiting, active, done, errors, records, deliveries,
                elapsed.isNegative() ? Duration.ZERO : elapsed, percent, over, r.entities());
    }
}
