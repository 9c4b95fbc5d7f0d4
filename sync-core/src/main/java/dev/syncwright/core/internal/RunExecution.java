package dev.syncwright.core.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncMode;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.core.journal.SyncBusyException;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.core.metrics.SyncMetrics;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** One run of a sync: opens the connectors, plans the entities, runs them, and ends the run once. */
final class RunExecution implements SyncExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

    private final DefaultSyncEngine engine;
    private final EngineSettings settings;
    private final SyncRequest request;
    private final String runId = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final RunInfo info;
    private final ListenerDispatcher listeners;
    private final SyncMetrics metrics;
    private final RunClaim claim;
    private final ConfirmationTracker confirmations;
    private final CompletableFuture<SyncResult> completion = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    private volatile boolean cancelRequested;
    private volatile List<EntityTask> tasks = List.of();
    private volatile List<String> skipped = List.of();
    private volatile String failure;
    private volatile Instant finishedAt;

    /** Held while an entity changes status and while a snapshot reads all statuses, so snapshots are consistent. */
    private final Object statusLock = new Object();

    // guarded by this
    private final ArrayDeque<EntityTask> notLaunched = new ArrayDeque<>();
    private int running;
    private boolean planned;

    RunExecution(DefaultSyncEngine engine, EngineSettings settings, SyncRequest request) {
        this.engine = engine;
        this.settings = settings;
        this.request = request;
        this.startedAt = settings.clock().instant();
        this.info = new RunInfo(request.syncName(), runId, systemName(request.source()),
                systemName(request.destination()), startedAt);
        List<SyncListener> all = new ArrayList<>(settings.listeners());
        all.addAll(request.listeners());
        this.listeners = new ListenerDispatcher(all, info);
        this.metrics = new SafeMetrics(settings.metrics());
        this.claim = request.isResync() ? null
                : new RunClaim(settings.journal(), info, engine.owner(), settings.clock(), settings.lease());
        this.confirmations = new ConfirmationTracker(this, settings.clock(), settings.confirmationTimeout(),
                settings.confirmationPollInterval());
    }

    /** @return the connector's system name, or its class's simple name when it has none or fails to say */
    static String systemName(Object connector) {
        try {
            String name = connector instanceof SourceConnector s ? s.systemName() : ((DestinationConnector) connector).systemName();
            return name == null || name.isBlank() ? connector.getClass().getSimpleName() : name;
        } catch (RuntimeException e) {
            return connector.getClass().getSimpleName();
        }
    }

    void start() {
        try {
            engine.executor().execute(this::openAndPlan);
        } catch (RejectedExecutionException e) {
            failure = "the engine's executor refused the run (is it shut down?)";
            end();
        }
    }

    private void openAndPlan() {
        MDC.put("syncwright.sync", Texts.oneLine(request.syncName()));
        MDC.put("syncwright.run", runId);
        try {
            LOG.info("Run {} of sync {} starting: {}", runId, Texts.oneLine(request.syncName()), Texts.oneLine(request.toString()));
            if (claim != null) {
                try {
                    claim.acquire(List.of());
                } catch (SyncBusyException busy) {
                    failure = Texts.oneLine(busy.getMessage());
                    end();
                    return;
                }
            }
            try {
                request.source().open();
            } catch (RuntimeException | LinkageError e) {
                failure = "source " + info.sourceSystem() + " failed to open: " + Texts.describe(e);
                end();
                return;
            }
            try {
                request.destination().open(() -> confirmations);
            } catch (RuntimeException | LinkageError e) {
                failure = "destination " + info.destinationSystem() + " failed to open: " + Texts.describe(e);
                end();
                return;
            }
            List<EntityTask> planned = plan();
            tasks = planned;
            if (claim != null) {
                List<EntityProgress> waiting = planned.stream().map(t -> t.tracker().snapshot()).toList();
                claim.progress(waiting);
                claim.startHeartbeat(this, () -> progress().entities());
            }
            metrics.runStarted(info);
            for (EntityTask t : planned) {
                metrics.entityStatusChanged(info, t.name(), null, EntityStatus.WAITING);
            }
            listeners.runStarted(progress());
            launchInitial(planned);
        } catch (Throwable e) { // an Error too: the run must end, whatever went wrong
            LOG.warn("Run {} of sync {} could not start", runId, Texts.oneLine(request.syncName()), e);
            failure = "run could not start: " + e.getClass().getSimpleName() + ": " + Texts.oneLine(e.getMessage());
            end();
        } finally {
            MDC.remove("syncwright.sync");
            MDC.remove("syncwright.run");
        }
    }

    /** Picks the entities, and for each the checkpoint it starts from; skips those an interrupted run completed. */
    private List<EntityTask> plan() {
        List<EntityDescriptor> available = request.source().entities();
        if (available == null) {
            throw new IllegalStateException("source listed no entities (null)");
        }
        Map<String, EntityDescriptor> byName = new LinkedHashMap<>();
        for (EntityDescriptor d : available) {
            byName.put(d.name(), d);
        }
        if (request.isResync()) {
            return planResend(byName);
        }
        List<String> names = request.entities().isEmpty() ? new ArrayList<>(byName.keySet()) : request.entities();
        requireKnown(names, byName);
        RunJournal journal = settings.journal();
        Map<String, EntityCheckpoint> saved = journal.checkpoints(request.syncName());
        boolean newPass = names.stream().allMatch(n -> saved.containsKey(n) && saved.get(n).complete());
        List<EntityTask> planned = new ArrayList<>();
        List<String> alreadyComplete = new ArrayList<>();
        for (String name : names) {
            EntityCheckpoint cp = saved.get(name);
            Checkpoint lastComplete = cp == null ? Checkpoint.START : cp.lastComplete();
            List<OutstandingDelivery> open = cp == null ? List.of() : cp.outstanding();
            Checkpoint from;
            if (newPass || cp == null) {
                from = request.mode() == SyncMode.INCREMENTAL ? lastComplete : Checkpoint.START;
                // committed up front, so a cancel before this entity starts still resumes it in the next run
                journal.write(new JournalWrite(request.syncName(), runId, info.system(), name, List.of(),
                        new EntityCheckpoint(name, from, false, lastComplete)));
            } else if (cp.complete()) {
                alreadyComplete.add(name);
                continue;
            } else {
                from = cp.position();
            }
            planned.add(new EntityTask(this, byName.get(name), policyFor(name), from, lastComplete, open, null));
        }
        if (!alreadyComplete.isEmpty()) {
            LOG.info("Continuing an interrupted run of sync {}: skipping completed entities {}",
                    Texts.oneLine(request.syncName()), Texts.oneLine(alreadyComplete.toString()));
        }
        skipped = List.copyOf(alreadyComplete);
        return planned;
    }

    /** A resync: the entries to re-send, grouped by entity; checkpoints are neither read nor moved. */
    private List<EntityTask> planResend(Map<String, EntityDescriptor> byName) {
        List<StoredEntry> found = settings.journal().entries(request.resend());
        Map<String, List<StoredEntry>> byEntity = new LinkedHashMap<>();
        for (StoredEntry e : found) {
            if (e.sourceId() != null && (request.entities().isEmpty() || request.entities().contains(e.entity()))) {
                byEntity.computeIfAbsent(e.entity(), k -> new ArrayList<>()).add(e);
            }
        }
        if (byEntity.isEmpty()) {
            throw new IllegalArgumentException("none of the " + request.resend().size() + " entries to re-send can be"
                    + " re-sent: " + found.size() + " found in the journal, none with a source id");
        }
        requireKnown(byEntity.keySet(), byName);
        List<EntityTask> planned = new ArrayList<>();
        byEntity.forEach((name, entries) -> planned.add(new EntityTask(this, byName.get(name), policyFor(name),
                Checkpoint.START, Checkpoint.START, List.of(), entries)));
        return planned;
    }

    private static void requireKnown(java.util.Collection<String> names, Map<String, EntityDescriptor> byName) {
        List<String> unknown = names.stream().filter(n -> !byName.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown entit" + (unknown.size() == 1 ? "y " : "ies ") + unknown
                    + "; the source has " + byName.keySet());
        }
    }

    private dev.syncwright.core.RetryPolicy policyFor(String entity) {
        return request.retryPolicy(entity).orElse(settings.retryPolicy());
    }

    private void launchInitial(List<EntityTask> planned) {
        List<EntityTask> launch = new ArrayList<>();
        boolean done;
        synchronized (this) {
            notLaunched.addAll(planned);
            while (!cancelRequested && running < settings.parallelism() && !notLaunched.isEmpty()) {
                launch.add(notLaunched.poll());
                running++;
            }
            this.planned = true;
            done = running == 0;
        }
        launch.forEach(EntityTask::launch);
        if (done) {
            end();
        }
    }

    /** Called once by each launched task when it has finished (or stopped for a cancel). */
    void entityDone(EntityTask task) {
        EntityTask next = null;
        boolean done;
        synchronized (this) {
            running--;
            if (!cancelRequested) {
                next = notLaunched.poll();
                if (next != null) {
                    running++;
                }
            }
            done = running == 0 && (notLaunched.isEmpty() || cancelRequested);
        }
        if (next != null) {
            next.launch();
        }
        if (done) {
            end();
        }
    }

    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        confirmations.stop();
        closeQuietly("destination", request.destination());
        closeQuietly("source", request.source());
        finishedAt = settings.clock().instant();
        SyncProgress last = progress();
        RunStatus status;
        if (claim != null && claim.lost() && failure == null) {
            failure = "the run lost its claim on the sync: another run took it over (was this host paused longer than"
                    + " the lease?)";
        }
        if (failure != null) {
            status = RunStatus.FAILED;
        } else if (cancelRequested && last.waiting() > 0) { // interrupted or never started
            status = RunStatus.CANCELLED;
        } else if (last.errors() > 0 || last.deliveries().failed() > 0) {
            status = RunStatus.COMPLETED_WITH_ERRORS;
        } else {
            status = RunStatus.COMPLETED;
        }
        List<String> completed = last.entities().stream().filter(e -> e.status() == EntityStatus.COMPLETE)
                .map(EntityProgress::entity).toList();
        SyncResult result = new SyncResult(status, last, completed, skipped, failure);
        if (failure != null) {
            LOG.warn("Run {} of sync {} failed: {}", runId, Texts.oneLine(request.syncName()), Texts.oneLine(failure));
        } else {
            LOG.info("Run {} of sync {} ended {}: {} records, {} of {} entities complete", runId, Texts.oneLine(request.syncName()),
                    status, last.records(), completed.size(), last.total());
        }
        logToJournal(result);
        if (claim != null) {
            claim.end(status, failure, last.entities());
        }
        metrics.runFinished(info, status, last.elapsed());
        listeners.runFinished(result);
        engine.runEnded(this);
        completion.complete(result);
    }

    /** A cancelled or failed run leaves a line in the sync log. */
    private void logToJournal(SyncResult result) {
        Instant now = settings.clock().instant();
        if (result.status() == RunStatus.CANCELLED) {
            appendLog(new SyncLogEvent(now, SyncLogLevel.WARN, runId, info.system(), null, SyncLogKind.RUN_CANCELLED,
                    "run of " + request.syncName() + " was cancelled; " + result.progress().processed() + " of "
                            + result.progress().total() + " entities processed", null));
        } else if (result.status() == RunStatus.FAILED) {
            appendLog(new SyncLogEvent(now, SyncLogLevel.ERROR, runId, info.system(), null, SyncLogKind.RUN_FAILED,
                    "run of " + request.syncName() + " failed: " + (failure == null ? "no reason given" : failure), null));
        }
    }

    /** Adds events to the journal's sync log; a journal that fails here is logged, the run goes on. */
    void appendLog(SyncLogEvent... events) {
        appendLog(List.of(events));
    }

    void appendLog(List<SyncLogEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            settings.journal().appendLog(events);
        } catch (RuntimeException e) {
            LOG.warn("Run {} of sync {}: the sync log could not be written: {}", runId, Texts.oneLine(request.syncName()),
                    Texts.describe(e));
        }
    }

    private void closeQuietly(String role, AutoCloseable connector) {
        try {
            connector.close();
        } catch (Exception e) {
            LOG.warn("Closing the {} of sync {} failed: {}", role, Texts.oneLine(request.syncName()), Texts.describe(e));
        }
    }

    // ---- SyncExecution

    @Override
    public String syncName() {
        return request.syncName();
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public SyncProgress progress() {
        boolean over = finishedAt != null;
        List<EntityTask> current = tasks;
        List<EntityProgress> entities = new ArrayList<>(current.size());
        int waiting = 0, active = 0, done = 0, errors = 0;
        long records = 0;
        DeliveryCounts deliveries = DeliveryCounts.ZERO;
        boolean allEstimated = !current.isEmpty();
        double estimatedTotal = 0, estimatedDone = 0;
        synchronized (statusLock) { // no entity changes status while we look at all of them
            for (EntityTask task : current) {
                entities.add(task.tracker().snapshot());
            }
        }
        for (EntityProgress e : entities) {
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
        double percent;
        if (over) {
            percent = 100;
        } else if (allEstimated && estimatedTotal > 0) {
            percent = Math.min(99.9, 100.0 * estimatedDone / estimatedTotal);
        } else {
            percent = current.isEmpty() ? 0 : Math.min(99.9, 100.0 * (done + errors) / current.size());
        }
        Instant end = over ? finishedAt : settings.clock().instant();
        return new SyncProgress(request.syncName(), runId, current.size(), waiting, active, done, errors, records,
                deliveries, Duration.between(startedAt, end), percent, over, entities);
    }

    @Override
    public void cancel() {
        if (cancelRequested) {
            return;
        }
        cancelRequested = true;
        LOG.info("Run {} of sync {}: cancel requested", runId, Texts.oneLine(request.syncName()));
        boolean done;
        synchronized (this) {
            done = planned && running == 0;
        }
        for (EntityTask task : tasks) {
            task.wake();
        }
        if (done) {
            end();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelRequested;
    }

    @Override
    public CompletableFuture<SyncResult> completion() {
        return completion.copy(); // a caller completing or cancelling its copy cannot end the run's own future
    }

    @Override
    public SyncResult await() throws InterruptedException {
        try {
            return completion.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("run ended abnormally", e.getCause());
        }
    }

    @Override
    public SyncResult await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("run ended abnormally", e.getCause());
        }
    }

    @Override
    public String toString() {
        return "SyncExecution[" + request.syncName() + ", run " + runId + "]";
    }

    // ---- for tasks

    /** Runs an entity's status change so that no progress snapshot sees it half done across entities. */
    void changeStatus(Runnable change) {
        synchronized (statusLock) {
            change.run();
        }
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    Clock clock() {
        return settings.clock();
    }

    int batchSize() {
        return settings.batchSize();
    }

    int maxOutstandingRecords() {
        return settings.maxOutstandingRecords();
    }

    long maxOutstandingBytes() {
        return settings.maxOutstandingBytes();
    }

    long maxBatchBytes() {
        return settings.maxBatchBytes();
    }

    long maxRecordBytes() {
        return settings.maxRecordBytes();
    }

    SourceConnector source() {
        return request.source();
    }

    DestinationConnector destination() {
        return request.destination();
    }

    /**
     * @throws JournalFailure when the journal refused the write; nothing of it counts as committed
     */
    void writeJournal(JournalWrite write) {
        try {
            settings.journal().write(write);
        } catch (RuntimeException e) {
            throw new JournalFailure(e);
        }
    }

    /**
     * @throws JournalFailure when the journal could not give ids
     */
    long reserveEntryIds(int count) {
        try {
            return settings.journal().reserveEntryIds(count);
        } catch (RuntimeException e) {
            throw new JournalFailure(e);
        }
    }

    SyncMetrics metrics() {
        return metrics;
    }

    RunInfo info() {
        return info;
    }

    ListenerDispatcher listeners() {
        return listeners;
    }

    ConfirmationTracker confirmations() {
        return confirmations;
    }

    boolean tryAcquireRetryPermit() {
        return engine.retryPermits().tryAcquire();
    }

    void releaseRetryPermit() {
        engine.retryPermits().release();
    }

    void execute(Runnable work, EntityTask owner) {
        try {
            engine.executor().execute(work);
        } catch (RejectedExecutionException e) {
            owner.rejected();
        }
    }

    /** The heartbeat found the sync taken over: stop, as a cancel does, and end FAILED. */
    void claimLost() {
        cancel();
    }

    /** Records an entity's progress in the journal (its status changed). */
    void recordProgress(EntityProgress entity) {
        if (claim != null) {
            claim.progress(entity);
        }
    }

    /** Runs a confirmation poll on the engine's poll threads, never on the scheduler. */
    void executePoll(Runnable poll) {
        engine.pollExecutor().execute(poll);
    }

    ScheduledFuture<?> schedule(Runnable work, Duration delay) {
        return engine.scheduler().schedule(work, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    ScheduledFuture<?> scheduleRepeating(Runnable work, long periodMillis) {
        return engine.scheduler().scheduleWithFixedDelay(work, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }
}
