package dev.syncwright.core.internal;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncResult;

import java.util.ArrayList;
import java.util.List;

/** Says in one line how a data space's initial sync ended, for the data space's status reason. */
final class InitialSyncOutcome {
    private InitialSyncOutcome() {
    }

    /**
     * @param result          the run's result
     * @param cancelledBecause why the connection cancelled the run, or null when it did not
     * @return the reason to keep with the data space's new status
     */
    static String describe(SyncResult result, String cancelledBecause) {
        return switch (result.status()) {
            case COMPLETED -> "initial sync completed: " + Texts.count(result.progress().records(), "record") + " in "
                    + (result.progress().total() == 1 ? "1 entity" : result.progress().total() + " entities")
                    + (result.skipped().isEmpty() ? "" : " (" + result.skipped().size() + " completed earlier)");
            case FAILED -> "initial sync failed: " + Texts.oneLine(result.failure());
            case CANCELLED -> "initial sync cancelled" + (cancelledBecause == null ? "" : ": " + cancelledBecause);
            case COMPLETED_WITH_ERRORS -> "initial sync completed with errors: " + String.join("; ", problems(result));
        };
    }

    /** @return true when the data space may become ACTIVE */
    static boolean succeeded(SyncResult result) {
        return result.status() == RunStatus.COMPLETED;
    }

    /**
     * @return true when a retry may continue the run from its checkpoints: it was cancelled with no entity in
     *         ERROR and no record FAILED, so every record behind a checkpoint was delivered
     */
    static boolean resumable(SyncResult result) {
        return result.status() == RunStatus.CANCELLED && result.progress().errors() == 0
                && result.progress().deliveries().failed() == 0;
    }

    private static List<String> problems(SyncResult result) {
        List<String> problems = new ArrayList<>();
        for (EntityProgress e : result.progress().entities()) {
            if (e.status() == EntityStatus.ERROR) {
                problems.add("entity '" + Texts.oneLine(e.entity()) + "': " + Texts.oneLine(e.error()));
            } else if (e.deliveries().failed() > 0) {
                problems.add("entity '" + Texts.oneLine(e.entity()) + "': " + e.deliveries().failed() + " of "
                        + e.records() + " records failed");
            }
        }
        if (problems.isEmpty()) {
            problems.add("see the sync's report");
        }
        return problems;
    }
}
