package dev.syncwright.core.internal;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The engine: owns (or borrows) the executors, the engine-wide retry limit, and the set of live runs. */
public final class DefaultSyncEngine implements SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSyncEngine.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final EngineSettings settings;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ExecutorService pollExecutor;
    private final Semaphore retryPermits;
    private final Set<RunExecution> runs = ConcurrentHashMap.newKeySet();
    private final String owner = Owners.newOwner();
    private volatile boolean closed;

    /** @param settings validated settings (see {@link SyncEngine.Builder}) */
    public DefaultSyncEngine(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ownsExecutor = settings.executor() == null;
        this.executor = ownsExecutor
                ? Executors.newFixedThreadPool(settings.parallelism(), new DaemonThreads("syncwright-worker"))
                : settings.executor();
        this.ownsScheduler = settings.scheduler() == null;
        this.scheduler = ownsScheduler ? DaemonThreads.scheduler("syncwright-scheduler") : settings.scheduler();
        // confirmation polls block on the destination: they get their own threads, at most one per run
        this.pollExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DaemonThreads("syncwright-poller"));
        this.retryPermits = new Semaphore(settings.maxConcurrentRetries());
    }

    @Override
    public SyncExecution start(SyncRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
        RunExecution run = new RunExecution(this, settings, request);
        synchronized (runs) { // a reset of the same name sees this run or runs before it
            runs.add(run);
        }
        run.start();
        return run;
    }

    @Override
    public void reset(String syncName) {
        if (syncName == null || syncName.isBlank()) {
            throw new IllegalArgumentException("syncName must not be blank");
        }
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
        synchronized (runs) {
            for (RunExecution run : runs) {
                if (run.syncName().equals(syncName)) {
                    throw new IllegalStateException("sync '" + Texts.oneLine(syncName) + "' has a run going ("
                            + run.runId() + "); cancel it and wait for its end before a reset");
                }
            }
            java.time.Instant now = settings.clock().instant();
            for (dev.syncwright.core.journal.RunRecord r : settings.journal().runs(syncName)) {
                // a run whose lease expired, or whose process on this host is gone, is over: the next start takes it over
                if (r.isRunning() && r.leaseUntil().isAfter(now) && !Owners.isDeadOnThisHost(r.owner())) {
                    throw new IllegalStateException("sync '" + Texts.oneLine(syncName) + "' has a run going (" + r.runId()
                            + " on " + r.owner() + "); cancel it and wait for its end before a reset");
                }
            }
            settings.journal().reset(syncName);
        }
        LOG.info("Sync {} was reset: its next run starts over", Texts.oneLine(syncName));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RunExecution run : runs) {
            run.cancel();
        }
        for (RunExecution run : runs) {
            try {
                run.await(java.time.Duration.ofSeconds(CLOSE_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (TimeoutException e) {
                LOG.warn("Run {} of sync {} did not stop within {} s of close", run.runId(), Texts.oneLine(run.syncName()),
                        CLOSE_WAIT_SECONDS);
            }
        }
        if (ownsExecutor) {
            executor.shutdown();
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
        pollExecutor.shutdownNow();
        if (ownsExecutor) {
            try {
                executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void runEnded(RunExecution run) {
        runs.remove(run);
    }

    ExecutorService executor() {
        return executor;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** @return this engine's name in the journal's run claims: host, process and engine */
    String owner() {
        return owner;
    }

    ExecutorService pollExecutor() {
        return pollExecutor;
    }

    Semaphore retryPermits() {
        return retryPermits;
    }
}
