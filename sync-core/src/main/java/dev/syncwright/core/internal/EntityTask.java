package dev.syncwright.core.internal;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Syncs one entity of a run. It is a small actor: every event (launch, retry timer, confirmation, cancel)
 * calls {@link #wake()}, and a drain loop runs {@link #step()} on the executor, never on two threads at
 * once, so the state below needs no locks. A retry wait is a timer, not a blocked thread.
 *
 * <p>Per page: read, reject bad records as FAILED, write in chunks bounded by count and bytes, retry the
 * records still PENDING with the entity's policy, and commit the checkpoint once no record of the page
 * is PENDING. Records answered SENT are settled later by confirmations.
 */
final class EntityTask {
    private static final Logger LOG = LoggerFactory.getLogger(EntityTask.class);
    private static final int OUTSTANDING_SENT_PAGES = 16;

    private final RunExecution run;
    private final EntityDescriptor entity;
    private final EntityTracker tracker;
    private final RetryPolicy policy;
    private final Deque<String> keysToRead;
    private Checkpoint position;
    private final Checkpoint lastComplete;

    private final AtomicInteger wip = new AtomicInteger();
    private final ConcurrentLinkedQueue<Confirmation> confirmations = new ConcurrentLinkedQueue<>();
    private volatile boolean launched;
    private volatile boolean timerFired;

    // Below: touched only by step(), which the drain loop serializes.
    private boolean started;
    private boolean finished;
    private boolean sourceExhausted;
    private Page page;
    private List<Chunk> pageChunks = List.of();
    private int pageRecords;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private Chunk waiting;
    private boolean readRetryWaiting;
    private int readFailures;
    private ScheduledFuture<?> timer;
    private int outstandingSent;
    private List<String> missingKeys = List.of();

    private record Confirmation(String deliveryId, RecordState state, DeliveryOutcome outcome) {
    }

    EntityTask(RunExecution run, EntityDescriptor entity, RetryPolicy policy, Checkpoint position,
               Checkpoint lastComplete, List<String> keysToRead) {
        this.run = run;
        this.entity = entity;
        this.policy = policy;
        this.position = position;
        this.lastComplete = lastComplete;
        this.keysToRead = keysToRead == null ? null : new ArrayDeque<>(keysToRead);
        this.tracker = new EntityTracker(entity.name(), entity.estimatedCount().orElse(-1), run.clock());
    }

    EntityTracker tracker() {
        return tracker;
    }

    String name() {
        return entity.name();
    }

    /** Starts processing on the run's executor. */
    void launch() {
        launched = true;
        wake();
    }

    /** Asks the task to look at its state again (timer fired, confirmation arrived, cancel). */
    void wake() {
        if (launched && wip.getAndIncrement() == 0) {
            run.execute(this::drain, this);
        }
    }

    /** Called by the confirmation tracker, from any thread. */
    void confirmed(String deliveryId, RecordState state, DeliveryOutcome outcome) {
        confirmations.add(new Confirmation(deliveryId, state, outcome));
        wake();
    }

    /** The executor refused the work: the engine is shutting down. */
    void rejected() {
        if (!finished) {
            fail("the engine's executor refused work (is it shut down?)");
        }
    }

    private void drain() {
        MDC.put("syncwright.sync", run.syncName());
        MDC.put("syncwright.run", run.runId());
        MDC.put("syncwright.entity", entity.name());
        try {
            int missed = 1;
            while (true) {
                try {
                    while (step()) {
                        // keep going while there is work right now
                    }
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    LOG.error("Unexpected failure syncing entity {}", entity.name(), e);
                    if (!finished) {
                        fail("unexpected " + e.getClass().getSimpleName() + ": " + Texts.oneLine(e.getMessage()));
                    }
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        } finally {
            MDC.remove("syncwright.sync");
            MDC.remove("syncwright.run");
            MDC.remove("syncwright.entity");
        }
    }

    /** @return true when there is more work to do right away */
    private boolean step() {
        if (finished) {
            return false;
        }
        if (!started) {
            if (run.cancelRequested()) {
                finished = true; // never started: stays WAITING
                run.entityDone(this);
                return false;
            }
            started = true;
            run.changeStatus(tracker::start);
            run.listeners().entityStarted(tracker.snapshot());
        }
        applyConfirmations();
        if (run.cancelRequested()) {
            stopForCancel();
            return false;
        }
        if (waiting != null) {
            return retryWaitingChunk();
        }
        if (readRetryWaiting) {
            if (!timerFired) {
                return false;
            }
            readRetryWaiting = false;
            timerFired = false;
        }
        Chunk next = chunks.poll();
        if (next != null) {
            attempt(next);
            return !finished;
        }
        if (page != null) {
            commitIfSettled(); // normally done right after the last attempt; here only as a safety net
            if (page != null) {
                return false;
            }
        }
        if (!sourceExhausted) {
            if (outstandingSent >= OUTSTANDING_SENT_PAGES * run.batchSize()) {
                return false; // bounded memory: wait for confirmations before reading more
            }
            readNextPage();
            return !finished;
        }
        if (outstandingSent > 0) {
            return false; // idle until confirmations or their timeout settle the SENT records
        }
        finishEntity();
        return false;
    }

    private boolean retryWaitingChunk() {
        if (!timerFired) {
            return false;
        }
        Chunk chunk = waiting;
        if (!run.tryAcquireRetryPermit()) {
            // every retry slot of the engine is taken: wait longer instead of piling on
            chunk.permitWaits++;
            long millis = Math.min(1000, 10L << Math.min(chunk.permitWaits, 7));
            arm(Duration.ofMillis(millis));
            return false;
        }
        waiting = null;
        timerFired = false;
        try {
            attempt(chunk);
        } finally {
            run.releaseRetryPermit();
        }
        return !finished;
    }

    private void readNextPage() {
        Page next;
        try {
            next = keysToRead != null ? readKeys() : run.source().read(entity, position, run.batchSize());
        } catch (RuntimeException e) {
            if (e instanceof ConnectorException ce && ce.isTransient() && ++readFailures <= policy.maxRetries()) {
                LOG.warn("Reading entity {} failed ({}); retry {} of {}", entity.name(), Texts.oneLine(e.getMessage()),
                        readFailures, policy.maxRetries());
                readRetryWaiting = true;
                arm(backoff(readFailures, e, null));
                return;
            }
            fail("source failed: " + Texts.describe(e));
            return;
        }
        readFailures = 0;
        if (next == null) {
            fail("source returned no page");
            return;
        }
        if (next.records().size() > run.batchSize()) {
            fail("source returned " + next.records().size() + " records, more than the " + run.batchSize() + " asked for");
            return;
        }
        long[] delta = new long[4];
        List<RecordState> rejected = new ArrayList<>();
        List<Chunk> built = new ArrayList<>();
        int size = next.records().size();
        List<RecordState> current = new ArrayList<>(size);
        long currentBytes = 0;
        for (SyncRecord record : next.records()) {
            RecordState state = new RecordState(record);
            long bytes = record == null ? 0 : record.estimatedBytes();
            String problem = validate(record, bytes);
            if (problem != null) {
                set(state, DeliveryStatus.FAILED, problem, delta);
                rejected.add(state);
                continue;
            }
            if (!current.isEmpty() && currentBytes + bytes > run.maxBatchBytes()) {
                built.add(Chunk.fresh(current));
                current = new ArrayList<>(size);
                currentBytes = 0;
            }
            current.add(state);
            currentBytes += bytes;
        }
        if (!current.isEmpty()) {
            built.add(Chunk.fresh(current));
        }
        int missingCount = missingKeys.size();
        for (String key : missingKeys) {
            RecordState state = new RecordState(new SyncRecord(entity.name(), key, key, Map.of(), null));
            set(state, DeliveryStatus.FAILED, "record no longer exists in the source", delta);
            rejected.add(state);
        }
        missingKeys = List.of();
        page = next;
        pageChunks = built;
        pageRecords = next.records().size() + missingCount;
        for (Chunk c : built) {
            chunks.add(c);
        }
        tracker.apply(delta);
        emit(rejected);
        commitIfSettled();
    }

    /** Resync: reads the next keys; keys the source no longer has go to {@link #missingKeys}. */
    private Page readKeys() {
        List<String> keys = new ArrayList<>();
        while (keys.size() < run.batchSize() && !keysToRead.isEmpty()) {
            keys.add(keysToRead.poll());
        }
        List<SyncRecord> found = run.source().readByKeys(entity, keys);
        Set<String> missing = new LinkedHashSet<>(keys);
        List<SyncRecord> records = new ArrayList<>(keys.size());
        for (SyncRecord r : found) {
            if (r != null && missing.remove(r.key())) {
                records.add(r);
            }
        }
        missingKeys = List.copyOf(missing);
        return new Page(records, Checkpoint.START, !keysToRead.isEmpty());
    }

    private String validate(SyncRecord record, long bytes) {
        if (record == null) {
            return "source returned a null record";
        }
        if (record.rejection() != null) {
            return Texts.oneLine(record.rejection());
        }
        if (record.key() == null || record.key().isEmpty()) {
            return "record has no key";
        }
        if (!entity.name().equals(record.entity())) {
            return "record belongs to entity '" + record.entity() + "', not '" + entity.name() + "'";
        }
        if (bytes > run.maxRecordBytes()) {
            return "record is about " + bytes + " bytes, over maxRecordBytes (" + run.maxRecordBytes() + ")";
        }
        return null;
    }

    private void attempt(Chunk chunk) {
        // on a fresh chunk's first attempt every record awaits its write
        List<RecordState> send = chunk.fresh ? chunk.records : chunk.awaitingWrite();
        chunk.fresh = false;
        if (send.isEmpty()) {
            commitIfSettled();
            return;
        }
        List<SyncRecord> batch = new ArrayList<>(send.size());
        for (RecordState r : send) {
            r.attempts++;
            batch.add(r.record);
        }
        long[] delta = new long[4];
        String entityError = null;
        List<DeliveryOutcome> outcomes = null;
        RuntimeException failure = null;
        try {
            outcomes = run.destination().write(entity, Collections.unmodifiableList(batch));
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            boolean retryable = failure instanceof ConnectorException ce && ce.isTransient();
            String message = Texts.describe(failure);
            Duration retryAfter = failure instanceof ConnectorException ce ? ce.retryAfter().orElse(null) : null;
            for (RecordState r : send) {
                set(r, retryable ? DeliveryStatus.PENDING : DeliveryStatus.FAILED, message, delta);
                r.retryAfter = retryAfter;
                r.cause = failure;
            }
            if (!retryable) {
                entityError = "destination failed: " + message;
            }
        } else if (outcomes == null || outcomes.size() != send.size()) {
            entityError = "destination returned " + (outcomes == null ? "no" : outcomes.size()) + " outcomes for "
                    + send.size() + " records";
            for (RecordState r : send) {
                set(r, DeliveryStatus.FAILED, entityError, delta);
            }
        } else {
            for (int i = 0; i < send.size(); i++) {
                apply(send.get(i), outcomes.get(i), delta);
            }
        }
        boolean pending = false;
        for (RecordState r : send) {
            if (r.status == DeliveryStatus.PENDING) {
                if (r.attempts > policy.maxRetries()) {
                    set(r, DeliveryStatus.FAILED, "retries exhausted after " + r.attempts + " attempts: " + r.message, delta);
                } else {
                    pending = true;
                }
            }
        }
        tracker.apply(delta);
        emit(send);
        if (entityError != null) {
            fail(entityError);
        } else if (pending) {
            scheduleRetry(chunk);
        } else {
            commitIfSettled();
        }
    }

    private void apply(RecordState r, DeliveryOutcome o, long[] delta) {
        if (o == null) {
            set(r, DeliveryStatus.FAILED, "destination returned no outcome for this record", delta);
            return;
        }
        r.endpointId = o.endpointId() != null ? o.endpointId() : r.endpointId;
        r.retryAfter = o.retryAfter();
        r.cause = null;
        set(r, o.status(), o.message(), delta);
        if (o.status() == DeliveryStatus.SENT) {
            r.deliveryId = o.deliveryId();
            outstandingSent++;
            run.confirmations().track(o.deliveryId(), this, r);
        }
    }

    private void scheduleRetry(Chunk chunk) {
        chunk.retries++;
        RuntimeException cause = null;
        Duration retryAfter = null;
        for (RecordState r : chunk.records) {
            if (r.status == DeliveryStatus.PENDING) {
                cause = cause != null ? cause : r.cause;
                if (r.retryAfter != null && (retryAfter == null || r.retryAfter.compareTo(retryAfter) > 0)) {
                    retryAfter = r.retryAfter;
                }
            }
        }
        waiting = chunk;
        arm(backoff(chunk.retries, cause, retryAfter));
    }

    private Duration backoff(int retry, Throwable cause, Duration retryAfter) {
        Duration d = policy.backoff(retry, cause);
        return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
    }

    /** Sets the timer that ends the current wait; a zero wait ends at once without a timer. */
    private void arm(Duration delay) {
        if (delay.isZero()) {
            timerFired = true;
            return;
        }
        timerFired = false;
        timer = run.schedule(() -> {
            timerFired = true;
            wake();
        }, delay);
    }

    private void applyConfirmations() {
        if (confirmations.isEmpty()) {
            return;
        }
        long[] delta = new long[4];
        List<RecordState> changed = new ArrayList<>();
        List<RecordState> resend = new ArrayList<>();
        Confirmation c;
        while ((c = confirmations.poll()) != null) {
            RecordState r = c.state();
            if (r.status != DeliveryStatus.SENT || !c.deliveryId().equals(r.deliveryId)) {
                continue; // settled already, or about an earlier delivery of the record
            }
            outstandingSent--;
            DeliveryOutcome o = c.outcome();
            r.endpointId = o.endpointId() != null ? o.endpointId() : r.endpointId;
            switch (o.status()) {
                case OK -> set(r, DeliveryStatus.OK, null, delta);
                case FAILED -> set(r, DeliveryStatus.FAILED, o.message(), delta);
                default -> {
                    if (r.attempts > policy.maxRetries()) {
                        set(r, DeliveryStatus.FAILED, "retries exhausted after " + r.attempts + " attempts: " + o.message(), delta);
                    } else {
                        set(r, DeliveryStatus.PENDING, o.message(), delta);
                        resend.add(r);
                    }
                }
            }
            r.deliveryId = r.status == DeliveryStatus.SENT ? r.deliveryId : null;
            changed.add(r);
        }
        tracker.apply(delta);
        emit(changed);
        if (!resend.isEmpty()) {
            chunks.addFirst(Chunk.resend(resend));
        }
    }

    private void commitIfSettled() {
        if (page == null || waiting != null) {
            return;
        }
        for (Chunk c : pageChunks) {
            if (!c.settled()) {
                return;
            }
        }
        if (keysToRead == null) {
            position = page.next();
            run.checkpointStore().save(run.syncName(), new EntityCheckpoint(entity.name(), position, false, lastComplete));
        }
        if (!page.hasMore()) {
            sourceExhausted = true;
        }
        int n = pageRecords;
        page = null;
        pageChunks = List.of();
        if (run.listeners().hasListeners()) {
            run.listeners().batchCommitted(tracker.snapshot(), n);
        }
    }

    private void set(RecordState r, DeliveryStatus status, String message, long[] delta) {
        if (r.status != null) {
            delta[r.status.ordinal()]--;
        }
        delta[status.ordinal()]++;
        r.status = status;
        r.message = status == DeliveryStatus.OK || status == DeliveryStatus.SENT ? null : message;
    }

    private void emit(List<RecordState> states) {
        if (states.isEmpty() || !run.listeners().hasListeners()) {
            return;
        }
        Instant now = run.clock().instant();
        List<RecordOutcome> out = new ArrayList<>(states.size());
        for (RecordState r : states) {
            SyncRecord rec = r.record;
            out.add(new RecordOutcome(entity.name(), rec == null ? null : rec.key(), rec == null ? null : rec.reference(),
                    r.status, r.attempts, r.message, r.endpointId, r.deliveryId, now));
        }
        run.listeners().recordOutcomes(out);
    }

    private void stopForCancel() {
        cancelTimer();
        end(EntityStatus.WAITING, null); // interrupted: a re-run continues from the committed checkpoint
    }

    private void finishEntity() {
        long records = tracker.snapshot().records();
        long failed = tracker.count(DeliveryStatus.FAILED);
        boolean allFailed = records > 0 && failed == records;
        if (keysToRead == null) {
            run.checkpointStore().save(run.syncName(),
                    new EntityCheckpoint(entity.name(), position, !allFailed, allFailed ? lastComplete : position));
        }
        end(allFailed ? EntityStatus.ERROR : EntityStatus.COMPLETE, allFailed ? "all " + records + " records failed" : null);
    }

    private void fail(String message) {
        cancelTimer();
        String oneLine = Texts.oneLine(message);
        LOG.warn("Entity {} failed: {}", entity.name(), oneLine);
        end(EntityStatus.ERROR, oneLine);
    }

    private void end(EntityStatus status, String error) {
        finished = true;
        waiting = null;
        chunks.clear();
        run.changeStatus(() -> tracker.finish(status, error));
        run.listeners().entityFinished(tracker.snapshot());
        run.entityDone(this);
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
    }
}
