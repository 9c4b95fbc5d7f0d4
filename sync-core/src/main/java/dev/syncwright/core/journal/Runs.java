package dev.syncwright.core.journal;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How run records change, the same in every journal: a new lease, newer entity progress, an end, and the
 * record a run gets when it is taken over after its host died.
 */
public final class Runs {
    private Runs() {
    }

    /**
     * @param r the run
     * @param leaseUntil the new end of its lease
     * @return the run with a new lease end
     */
    public static RunRecord withLease(RunRecord r, Instant leaseUntil) {
        return new RunRecord(r.runId(), r.syncName(), r.system(), r.owner(), r.startedAt(), leaseUntil, r.status(),
                r.endedAt(), r.failure(), r.entities());
    }

    /**
     * @param r the run
     * @param latest the latest snapshots of some of its entities
     * @return the run with these entities' snapshots replacing their earlier ones (others kept, order kept)
     */
    public static RunRecord withProgress(RunRecord r, List<EntityProgress> latest) {
        Map<String, EntityProgress> byName = new LinkedHashMap<>();
        for (EntityProgress e : r.entities()) {
            byName.put(e.entity(), e);
        }
        for (EntityProgress e : latest) {
            byName.put(e.entity(), e);
        }
        return new RunRecord(r.runId(), r.syncName(), r.system(), r.owner(), r.startedAt(), r.leaseUntil(), r.status(),
                r.endedAt(), r.failure(), new ArrayList<>(byName.values()));
    }

    /**
     * @param r the run
     * @param status how it ended
     * @param endedAt when
     * @param failure why it FAILED, else null
     * @return the run ended
     */
    public static RunRecord ended(RunRecord r, RunStatus status, Instant endedAt, String failure) {
        return new RunRecord(r.runId(), r.syncName(), r.system(), r.owner(), r.startedAt(), r.leaseUntil(), status,
                endedAt, failure, r.entities());
    }

    /**
     * @param dead      a run whose host stopped before it ended
     * @param successor the run taking over its sync
     * @param now       when
     * @return the dead run ended FAILED as abandoned, its PROCESSING entities WAITING and interrupted
     */
    public static RunRecord abandon(RunRecord dead, RunRecord successor, Instant now) {
        List<EntityProgress> entities = new ArrayList<>();
        for (EntityProgress e : dead.entities()) {
            entities.add(e.status() == EntityStatus.PROCESSING
                    ? new EntityProgress(e.entity(), EntityStatus.WAITING, e.records(), e.elapsed(), e.deliveries(),
                    e.estimated(), e.error(), true)
                    : e);
        }
        String why = dead.leaseUntil().isBefore(now) ? "its lease expired at " + dead.leaseUntil() : "its process is gone";
        String failure = "abandoned: its host (" + dead.owner() + ") stopped before the run ended; " + why + ", and run "
                + successor.runId() + " took over";
        return new RunRecord(dead.runId(), dead.syncName(), dead.system(), dead.owner(), dead.startedAt(),
                dead.leaseUntil(), RunStatus.FAILED, now, failure, entities);
    }
}
