package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;

import java.time.Instant;

/**
 * The end of a run on a cluster: once every entity of the run is finished, the run is recorded COMPLETED, or
 * COMPLETED_WITH_ERRORS when an entity is ERROR or has FAILED records. Whoever sees it first records it (the sink task
 * that finishes the last entity, or a host watching the run); the journal keeps the first end.
 */
final class RunEnds {
    private RunEnds() {
    }

    /**
     * @param journal the journal
     * @param r       the run as the journal has it
     * @param now     the time now
     * @return true when the run was running and this call recorded its end
     */
    static boolean endIfFinished(RunJournal journal, RunRecord r, Instant now) {
        if (!r.isRunning() || r.entities().isEmpty() || !r.entities().stream().allMatch(e -> e.status().isFinished())) {
            return false;
        }
        boolean errors = r.entities().stream()
                .anyMatch(e -> e.status() == EntityStatus.ERROR || e.deliveries().failed() > 0);
        journal.runEnded(r.runId(), errors ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.COMPLETED, now, null,
                r.entities());
        return true;
    }
}
