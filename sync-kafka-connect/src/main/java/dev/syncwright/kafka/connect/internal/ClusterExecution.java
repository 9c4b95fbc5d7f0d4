package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.core.journal.Runs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle of a run on a Kafka Connect cluster, on any host that shares its journal: progress is read from the
 * run's journal record, a cancel stops the sync's connectors and records the run CANCELLED, the end is seen in the
 * journal (or in a connector that failed). Thread-safe.
 */
public final class ClusterExecution implements SyncExecution {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterExecution.class);
    private static final Duration STATUS_EVERY = Duration.ofSeconds(2);

    /** What the handle needs of the cluster and the journal. */
    public record Cluster(ConnectRest rest, RunJournal journal, Clock clock, ScheduledExecutorService scheduler,
                          Duration pollInterval, boolean stopWhenFinished, Duration cancelTimeout) {
    }

    private final Cluster cluster;
    private final String sync;
    private final String runId;
    private final String sourceConnector;
    private final String sinkConnector;
    private final CompletableFuture<SyncResult> completion = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> watch;
    /** The first look at the connectors' status waits for them to start with this run's configuration. */
    private Instant statusAt;

    /**
     * @param cluster         the cluster and the journal
     * @param sync            the sync's name
     * @param runId           the run's id
     * @param sourceConnector the sync's source connector's name
     * @param sinkConnector   the sync's sink connector's name
     */
    public ClusterExecution(Cluster cluster, String sync, String runId, String sourceConnector, String sinkConnector) {
        this.cluster = cluster;
        this.sync = sync;
        this.runId = runId;
        this.sourceConnector = sourceConnector;
        this.sinkConnector = sinkConnector;
        this.statusAt = cluster.clock().instant().plus(STATUS_EVERY.multipliedBy(3));
    }

    /** Starts watching the run; the handle completes when it ends. */
    public void watch() {
        long ms = cluster.pollInterval().toMillis();
        watch = cluster.scheduler().scheduleWithFixedDelay(this::check, 0, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public String syncName() {
        return sync;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public SyncProgress progress() {
        return RunProgress.of(sync, runId, record().orElse(null), cluster.clock().instant());
    }

    private Optional<RunRecord> record() {
        return cluster.journal().run(runId);
    }

    @Override
    public void cancel() {
        if (cancelled || completion.isDone()) {
            return;
        }
        cancelled = true;
        cluster.scheduler().execute(this::stopAndEnd);
    }

    private void stopAndEnd() {
        try {
            cluster.rest().stop(sourceConnector);
            cluster.rest().stop(sinkConnector);
            Instant deadline = cluster.clock().instant().plus(cluster.cancelTimeout());
            while (!stopped(sourceConnector) || !stopped(sinkConnector)) {
                if (cluster.clock().instant().isAfter(deadline)) {
                    LOG.warn("Sync {}: the connectors did not stop within {}; run {} is recorded cancelled", sync,
                            cluster.cancelTimeout(), runId);
                    break;
                }
                Thread.sleep(100);
            }
            RunRecord r = record().orElse(null);
            if (r != null && r.isRunning()) {
                cluster.journal().runEnded(runId, RunStatus.CANCELLED, cluster.clock().instant(), null,
                        Runs.interrupted(r.entities()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Sync {}: cancelling run {} failed: {}", sync, runId, e.toString());
        }
        check();
    }

    private boolean stopped(String connector) {
        return cluster.rest().status(connector).map(s -> "STOPPED".equals(s.state()) && s.tasks().isEmpty()).orElse(true);
    }

    /** Completes the handle when the run has ended, or ends it FAILED when a connector of the sync failed. */
    private synchronized void check() {
        if (completion.isDone()) {
            return;
        }
        try {
            Instant now = cluster.clock().instant();
            RunRecord r = record().orElse(null);
            if (r != null && RunEnds.endIfFinished(cluster.journal(), r, now)) {
                r = record().orElse(r); // every entity finished and nobody recorded the end (its task died just then)
            }
            if (r != null && !r.isRunning()) {
                finish(r, now);
                return;
            }
            if (!now.isBefore(statusAt) && !cancelled) {
                statusAt = now.plus(STATUS_EVERY);
                String failure = failure();
                if (failure != null) {
                    if (r != null) {
                        cluster.journal().runEnded(runId, RunStatus.FAILED, now, failure, r.entities());
                        finish(record().orElse(r), now);
                    } else {
                        complete(new SyncResult(RunStatus.FAILED, SyncProgress.of(sync, runId, List.of(), Duration.ZERO,
                                true), List.of(), List.of(), failure));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Sync {}: checking run {} failed, checked again later: {}", sync, runId, e.toString());
        }
    }

    private String failure() {
        for (String connector : List.of(sourceConnector, sinkConnector)) {
            ConnectRest.Status s = cluster.rest().status(connector).orElse(null);
            if (s != null && s.failed()) {
                String trace = s.failure();
                String first = trace == null ? "(no trace)" : trace.lines().findFirst().orElse(trace);
                return "connector " + connector + " failed: " + first;
            }
        }
        return null;
    }

    private void finish(RunRecord r, Instant now) {
        SyncProgress last = RunProgress.of(sync, runId, r, now);
        List<String> completed = r.entities().stream().filter(e -> e.status() == EntityStatus.COMPLETE)
                .map(EntityProgress::entity).toList();
        if (cluster.stopWhenFinished() && r.status() != RunStatus.CANCELLED) {
            try {
                cluster.rest().stop(sourceConnector);
                cluster.rest().stop(sinkConnector);
            } catch (RuntimeException e) {
                LOG.warn("Sync {}: stopping the connectors after run {} failed: {}", sync, runId, e.toString());
            }
        }
        complete(new SyncResult(r.status(), last, completed, List.of(), r.failure()));
    }


    private void complete(SyncResult result) {
        if (completion.complete(result)) {
            ScheduledFuture<?> w = watch;
            if (w != null) {
                w.cancel(false);
            }
            LOG.info("Sync {}: run {} ended {}", sync, runId, result.status());
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public CompletableFuture<SyncResult> completion() {
        return completion.copy();
    }

    @Override
    public SyncResult await() throws InterruptedException {
        try {
            return completion.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public SyncResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public String toString() {
        return "ClusterExecution[" + sync + " run " + runId + "]";
    }
}
