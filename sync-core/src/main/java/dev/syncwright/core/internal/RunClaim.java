package dev.syncwright.core.internal;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.core.journal.SyncBusyException;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A run's claim on its sync in the journal: taken when the run starts (taking over a run whose host died),
 * renewed by a heartbeat that also records the entities' progress, and released with the run's end. Thread-safe.
 */
final class RunClaim {
    private static final Logger LOG = LoggerFactory.getLogger(RunClaim.class);

    private final RunJournal journal;
    private final RunInfo info;
    private final String owner;
    private final Clock clock;
    private final Duration lease;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicBoolean beating = new AtomicBoolean();
    private volatile boolean held;
    private ScheduledFuture<?> heartbeat;

    RunClaim(RunJournal journal, RunInfo info, String owner, Clock clock, Duration lease) {
        this.journal = journal;
        this.info = info;
        this.owner = owner;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * Claims the sync for the run.
     *
     * @return the run taken over, if any
     * @throws SyncBusyException when another live run holds the sync
     */
    Optional<RunRecord> acquire(List<EntityProgress> entities) {
        Instant now = clock.instant();
        RunRecord record = new RunRecord(info.runId(), info.syncName(), info.system(), owner, info.startedAt(),
                now.plus(lease), null, null, null, entities);
        Optional<RunRecord> taken;
        try {
            taken = journal.claim(record, now, null);
        } catch (SyncBusyException busy) {
            String dead = busy.holder() == null ? null : journal.run(busy.holder())
                    .filter(r -> Owners.isDeadOnThisHost(r.owner())).map(RunRecord::runId).orElse(null);
            if (dead == null) {
                throw busy;
            }
            taken = journal.claim(record, now, dead); // its process on this host is gone: no need to wait out the lease
        }
        held = true;
        taken.ifPresent(this::logTakeOver);
        return taken;
    }

    private void logTakeOver(RunRecord dead) {
        LOG.warn("Run {} of sync {} took over from run {}: {}", info.runId(), Texts.oneLine(info.syncName()), dead.runId(),
                Texts.oneLine(dead.failure()));
        try {
            journal.appendLog(List.of(new SyncLogEvent(clock.instant(), SyncLogLevel.ERROR, dead.runId(), dead.system(),
                    null, SyncLogKind.RUN_FAILED, "run of " + dead.syncName() + " " + dead.failure(), null)));
        } catch (RuntimeException e) {
            LOG.warn("The sync log could not be written: {}", Texts.describe(e));
        }
    }

    /** Starts the heartbeat: the scheduler only triggers it, the journal is written on a poll thread. */
    void startHeartbeat(RunExecution run, Supplier<List<EntityProgress>> progress) {
        long every = Math.max(1, lease.toMillis() / 3);
        heartbeat = run.scheduleRepeating(() -> {
            if (beating.compareAndSet(false, true)) {
                try {
                    run.executePoll(() -> beat(run, progress));
                } catch (RuntimeException e) {
                    beating.set(false);
                }
            }
        }, every);
    }

    private void beat(RunExecution run, Supplier<List<EntityProgress>> progress) {
        try {
            if (!journal.renew(info.syncName(), info.runId(), clock.instant().plus(lease))) {
                if (lost.compareAndSet(false, true)) {
                    LOG.error("Run {} of sync {} lost its claim on the sync (another run took over); it stops",
                            info.runId(), Texts.oneLine(info.syncName()));
                    run.claimLost();
                }
                return;
            }
            journal.recordProgress(info.runId(), progress.get());
        } catch (RuntimeException e) {
            LOG.warn("Run {} of sync {}: the heartbeat could not reach the journal: {}", info.runId(),
                    Texts.oneLine(info.syncName()), Texts.describe(e));
        } finally {
            beating.set(false);
        }
    }

    /** Records an entity's progress at once (its status changed); a failing journal is logged. */
    void progress(EntityProgress entity) {
        progress(List.of(entity));
    }

    /** Records entities' progress at once; a failing journal is logged. */
    void progress(List<EntityProgress> entities) {
        if (!held || entities.isEmpty()) {
            return;
        }
        try {
            journal.recordProgress(info.runId(), entities);
        } catch (RuntimeException e) {
            LOG.warn("Run {}: the progress of its entities could not be recorded: {}", info.runId(), Texts.describe(e));
        }
    }

    /** @return true once the heartbeat found the claim taken over */
    boolean lost() {
        return lost.get();
    }

    /** Stops the heartbeat and records the end, releasing the claim. */
    void end(RunStatus status, String failure, List<EntityProgress> entities) {
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
        if (!held) {
            return;
        }
        try {
            journal.runEnded(info.runId(), status, clock.instant(), failure, entities);
        } catch (RuntimeException e) {
            LOG.warn("Run {} of sync {}: its end could not be recorded: {}", info.runId(), Texts.oneLine(info.syncName()),
                    Texts.describe(e));
        }
    }
}
