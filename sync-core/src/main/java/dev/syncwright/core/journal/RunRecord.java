package dev.syncwright.core.journal;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.RunStatus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RunJournal} keeps of a run, so that its progress and its end can be read after a restart and
 * from any host that shares the journal. Immutable.
 *
 * @param runId      the run's id, not null
 * @param syncName   the sync's name, not null
 * @param system     "source → destination", not null
 * @param owner      who runs it (the engine's host and process), not null
 * @param startedAt  when it started, not null
 * @param leaseUntil until when its claim on the sync holds unless renewed, not null
 * @param status     how it ended, or null while it runs
 * @param endedAt    when it ended, or null while it runs
 * @param failure    why it FAILED (or was abandoned), else null
 * @param entities   the latest recorded progress of its entities, in the run's order, unmodifiable
 */
public record RunRecord(String runId, String syncName, String system, String owner, Instant startedAt,
                        Instant leaseUntil, RunStatus status, Instant endedAt, String failure,
                        List<EntityProgress> entities) {
    /**
     * Creates the value, checking its components.
     *
     * @param runId the run's id, not null
     * @param syncName the sync's name, not null
     * @param system "source → destination", not null
     * @param owner who runs it (the engine's host and process), not null
     * @param startedAt when it started, not null
     * @param leaseUntil until when its claim on the sync holds unless renewed, not null
     * @param status how it ended, or null while it runs
     * @param endedAt when it ended, or null while it runs
     * @param failure why it FAILED (or was abandoned), else null
     * @param entities the latest recorded progress of its entities, in the run's order, unmodifiable
     */
    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(syncName, "syncName");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        entities = List.copyOf(Objects.requireNonNull(entities, "entities"));
    }

    /** @return true while the run has not ended (it may still be abandoned: see {@link #leaseUntil()}) */
    public boolean isRunning() {
        return status == null;
    }
}
