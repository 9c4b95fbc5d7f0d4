package dev.syncwright.core.internal;

import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.core.schedule.SyncSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link SyncSchedule}: each tick arms the next one when it is done, so ticks never overlap. Thread-safe.
 *
 * <p>Two locks: {@code state} guards the fields the getters read and is never held while other code runs;
 * {@code ticking} is held for a whole tick (which calls the host's request supplier, the engine and the journal),
 * so that {@link #stop()} can wait for a tick in progress and no run starts once it returned.
 */
public final class DefaultSyncSchedule implements SyncSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSyncSchedule.class);

    private final SyncEngine engine;
    private final ScheduledExecutorService scheduler;
    private final Supplier<SyncRequest> requests;
    private final Clock clock;
    private final RunJournal journal;
    private final TickPlan plan;
    private final String description;
    private final AtomicLong skipped = new AtomicLong();
    private final Object state = new Object();
    private final ReentrantLock ticking = new ReentrantLock();
    private boolean stopped; // guarded by state
    private ScheduledFuture<?> armed; // guarded by state
    private Instant next; // guarded by state
    private SyncExecution last; // guarded by state
    private String lastSystem; // guarded by state

    /**
     * @param engine      runs the syncs
     * @param scheduler   runs the ticks
     * @param requests    makes each run's request
     * @param clock       plans the ticks and dates the sync log events
     * @param journal     the engine's journal, or null
     * @param plan        when to tick
     * @param description the plan, for log lines
     */
    public DefaultSyncSchedule(SyncEngine engine, ScheduledExecutorService scheduler, Supplier<SyncRequest> requests,
                               Clock clock, RunJournal journal, TickPlan plan, String description) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.requests = requests;
        this.clock = clock;
        this.journal = journal;
        this.plan = plan;
        this.description = description;
    }

    /** Arms the first tick; a tick due now (an initial delay of zero) runs at once. */
    public void start() {
        synchronized (state) {
            arm(plan.next(clock.instant().minusNanos(1)));
        }
    }

    private void arm(Instant at) {
        next = at;
        armed = null;
        if (at == null) {
            LOG.info("Schedule ({}) has no later tick: it stops", description);
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            armed = scheduler.schedule(() -> tick(at), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warn("Schedule ({}) stops: the scheduler refused its next tick (is it shut down?)", description);
            next = null;
            stopped = true;
        }
    }

    private void tick(Instant planned) {
        ticking.lock();
        try {
            SyncExecution previous;
            String previousSystem;
            synchronized (state) {
                if (stopped) {
                    return;
                }
                previous = last;
                previousSystem = lastSystem;
            }
            if (previous != null && !previous.completion().isDone()) {
                skip(planned, previous.syncName(), previous.runId(), previousSystem,
                        "run " + previous.runId() + " is still going");
            } else {
                startRun(planned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Schedule ({}): the tick of {} could not start a run: {}", description, planned, Texts.describe(e),
                    e);
        } finally {
            ticking.unlock();
            synchronized (state) {
                if (!stopped) {
                    Instant now = clock.instant();
                    arm(plan.next(now.isAfter(planned) ? now : planned));
                }
            }
        }
    }

    private void startRun(Instant planned) {
        SyncRequest request = requests.get();
        if (request == null) {
            throw new IllegalStateException("the schedule's request supplier returned null");
        }
        SyncExecution run;
        try {
            run = engine.start(request);
        } catch (IllegalStateException closed) {
            LOG.warn("Schedule ({}) of sync {} stops: {}", description, Texts.oneLine(request.syncName()),
                    Texts.describe(closed));
            stop();
            return;
        }
        String system = RunExecution.systemName(request.source()) + " → "
                + RunExecution.systemName(request.destination());
        synchronized (state) {
            last = run;
            lastSystem = system;
        }
        LOG.info("Schedule ({}) started run {} of sync {} for the tick of {}", description, run.runId(),
                Texts.oneLine(request.syncName()), planned);
        if (journal != null) {
            run.completion().thenAccept(result -> {
                if (refusedAsBusy(run, result)) {
                    skip(planned, run.syncName(), run.runId(), system, Texts.oneLine(result.failure()));
                }
            });
        }
    }

    /** A run the journal never recorded could not claim its sync: another run of it holds it. */
    private boolean refusedAsBusy(SyncExecution run, SyncResult result) {
        if (result.status() != RunStatus.FAILED) {
            return false;
        }
        try {
            return journal.run(run.runId()).isEmpty();
        } catch (RuntimeException e) {
            LOG.warn("Schedule ({}): the journal could not say whether run {} started: {}", description, run.runId(),
                    Texts.describe(e));
            return false;
        }
    }

    private void skip(Instant planned, String syncName, String runId, String system, String why) {
        skipped.incrementAndGet();
        String message = "scheduled run of sync " + syncName + " at " + planned + " skipped: " + why;
        LOG.warn("Schedule ({}): {}", description, Texts.oneLine(message));
        if (journal == null) {
            return;
        }
        try {
            journal.appendLog(List.of(new SyncLogEvent(clock.instant(), SyncLogLevel.WARN, runId, system, null,
                    SyncLogKind.OTHER, message, null)));
        } catch (RuntimeException e) {
            LOG.warn("Schedule ({}): the sync log could not be written: {}", description, Texts.describe(e));
        }
    }

    @Override
    public Optional<SyncExecution> lastRun() {
        synchronized (state) {
            return Optional.ofNullable(last);
        }
    }

    @Override
    public Optional<Instant> nextTick() {
        synchronized (state) {
            return Optional.ofNullable(stopped ? null : next);
        }
    }

    @Override
    public long skippedTicks() {
        return skipped.get();
    }

    @Override
    public boolean isRunning() {
        synchronized (state) {
            return !stopped;
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> pending;
        synchronized (state) {
            stopped = true;
            pending = armed;
            armed = null;
            next = null;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        ticking.lock(); // a tick in progress ends before stop returns (at once when stop is called from the tick)
        ticking.unlock();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "SyncSchedule(" + description + ")";
    }
}
