package dev.syncwright.core.internal;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.OutstandingDelivery;
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
import java.util.HashMap;
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
 *
 * <p><b>Nothing lost.</b> A committed checkpoint passes records whose delivery may not be final yet (SENT,
 * or owed a re-send after a rejected or timed-out confirmation): every such record is kept in
 * {@link #unsettled} and saved with each checkpoint as an {@link OutstandingDelivery}, until it is final. A
 * later run starts with them ({@link #carried}): it polls their deliveries again, or reads the records again
 * by key and re-sends them.
 */
final class EntityTask {
    private static final Logger LOG = LoggerFactory.getLogger(EntityTask.class);
    /** Reads in a row that return no record and the same checkpoint, with more announced, before the entity fails. */
    private static final int STALLED_READS = 3;
    private static final String MISSING = "record no longer exists in the source";

    private final RunExecution run;
    private final EntityDescriptor entity;
    private final EntityTracker tracker;
    private final RetryPolicy policy;
    private final Deque<String> keysToRead;
    private Checkpoint position;
    private final Checkpoint lastComplete;
    private final List<OutstandingDelivery> carried;

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
    private long outstandingBytes;
    private int stalledReads;
    private boolean ended;
    private List<String> missingKeys = List.of();
    /** Records the checkpoint has passed whose delivery is not final (SENT, or PENDING for a re-send). */
    private final Set<RecordState> unsettled = new LinkedHashSet<>();
    /** Carried records owed a re-send, to read again by key first. */
    private final Deque<RecordState> toReread = new ArrayDeque<>();

    private record Confirmation(String deliveryId, RecordState state, DeliveryOutcome outcome) {
    }

    EntityTask(RunExecution run, EntityDescriptor entity, RetryPolicy policy, Checkpoint position,
               Checkpoint lastComplete, List<OutstandingDelivery> carried, List<String> keysToRead) {
        this.run = run;
        this.entity = entity;
        this.policy = policy;
        this.position = position;
        this.lastComplete = lastComplete;
        this.carried = List.copyOf(carried);
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
        MDC.put("syncwright.sync", Texts.oneLine(run.syncName()));
        MDC.put("syncwright.run", run.runId());
        MDC.put("syncwright.entity", Texts.oneLine(entity.name()));
        try {
            int missed = 1;
            while (true) {
                try {
                    while (step()) {
                        // keep going while there is work right now
                    }
                } catch (Throwable e) { // an Error too: it ends this entity, never the run's progress
                    failUnexpectedly(e);
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
                endOnce();
                return false;
            }
            started = true;
            run.changeStatus(tracker::start);
            run.listeners().entityStarted(tracker.snapshot());
            adoptCarried();
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
        if (!toReread.isEmpty()) {
            rereadCarried();
            return !finished;
        }
        if (page != null) {
            commitIfSettled(); // normally done right after the last attempt; here only as a safety net
            if (page != null) {
                return false;
            }
        }
        if (!sourceExhausted) {
            if (outstandingSent >= run.maxOutstandingRecords() || outstandingBytes >= run.maxOutstandingBytes()) {
                return false; // bounded memory: wait for confirmations (or their timeout) before reading more
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
            if (retryRead(e)) {
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
        if (keysToRead == null && next.hasMore() && next.next().equals(position)) {
            // the same checkpoint again, with more announced: reading on would return the same page forever
            if (++stalledReads >= STALLED_READS) {
                fail("source made no progress: " + stalledReads + " reads in a row from checkpoint '" + position.value()
                        + "' returned that same checkpoint and announced more records");
            } else {
                readRetryWaiting = true;
                arm(policy.backoff(stalledReads, null));
            }
            return;
        }
        stalledReads = 0;
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
            set(state, DeliveryStatus.FAILED, MISSING, delta);
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
            r.sentAt = run.clock().instant();
            run.confirmations().track(o.deliveryId(), this, r, r.sentAt);
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
        arm(policy.backoff(chunk.retries, cause, retryAfter));
    }

    /** @return true when a failed read is retried later (transient, retries left); the wait is armed */
    private boolean retryRead(RuntimeException e) {
        if (e instanceof ConnectorException ce && ce.isTransient() && ++readFailures <= policy.maxRetries()) {
            LOG.warn("Reading entity {} failed ({}); retry {} of {}", Texts.oneLine(entity.name()), Texts.describe(e),
                    readFailures, policy.maxRetries());
            readRetryWaiting = true;
            arm(policy.backoff(readFailures, e, ce.retryAfter().orElse(null)));
            return true;
        }
        return false;
    }

    /** Sets the timer that ends the current wait; a zero wait ends at once without a timer. */
    private void arm(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            timerFired = true;
            return;
        }
        timerFired = false;
        timer = run.schedule(() -> {
            timerFired = true;
            wake();
        }, delay);
    }

    /** Takes over the deliveries an earlier run left outstanding: polled again, or read again and re-sent. */
    private void adoptCarried() {
        if (carried.isEmpty()) {
            return;
        }
        long[] delta = new long[4];
        List<RecordState> states = new ArrayList<>(carried.size());
        for (OutstandingDelivery d : carried) {
            RecordState r = new RecordState(d.key(), d.reference(), d.attempts());
            unsettled.add(r);
            if (d.awaitingResend()) {
                set(r, DeliveryStatus.PENDING, "re-sent: its delivery was not final when an earlier run stopped", delta);
                toReread.add(r);
            } else {
                set(r, DeliveryStatus.SENT, null, delta);
                r.deliveryId = d.deliveryId();
                r.sentAt = d.since();
            }
            states.add(r);
        }
        tracker.apply(delta);
        emit(states);
        for (RecordState r : states) {
            if (r.deliveryId != null) {
                run.confirmations().track(r.deliveryId, this, r, r.sentAt);
            }
        }
        LOG.info("Entity {}: {} deliveries carried over from an earlier run", Texts.oneLine(entity.name()), carried.size());
    }

    /** Reads carried records owed a re-send again by key, and queues their re-send. */
    private void rereadCarried() {
        List<RecordState> batch = new ArrayList<>();
        while (batch.size() < run.batchSize() && !toReread.isEmpty()) {
            batch.add(toReread.poll());
        }
        Map<String, RecordState> byKey = new HashMap<>();
        for (RecordState r : batch) {
            byKey.put(r.key, r);
        }
        List<SyncRecord> found;
        try {
            found = run.source().readByKeys(entity, List.copyOf(byKey.keySet()));
        } catch (RuntimeException e) {
            if (retryRead(e)) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    toReread.addFirst(batch.get(i));
                }
                return;
            }
            readFailures = 0;
            settleAll(batch, DeliveryStatus.FAILED, "could not be read again from the source to be re-sent: " + Texts.describe(e));
            return;
        }
        readFailures = 0;
        long[] delta = new long[4];
        List<RecordState> resend = new ArrayList<>(batch.size());
        List<RecordState> failed = new ArrayList<>();
        for (SyncRecord record : found == null ? List.<SyncRecord>of() : found) {
            RecordState r = record == null ? null : byKey.remove(record.key());
            if (r == null) {
                continue; // not asked for, or found twice
            }
            String problem = validate(record, record.estimatedBytes());
            if (problem != null) {
                set(r, DeliveryStatus.FAILED, problem, delta);
                failed.add(r);
            } else {
                r.record = record;
                resend.add(r);
            }
        }
        for (RecordState r : byKey.values()) {
            set(r, DeliveryStatus.FAILED, MISSING, delta);
            failed.add(r);
        }
        tracker.apply(delta);
        emit(failed);
        if (!resend.isEmpty()) {
            chunks.add(Chunk.resend(resend));
        }
    }

    private void settleAll(List<RecordState> states, DeliveryStatus status, String message) {
        long[] delta = new long[4];
        for (RecordState r : states) {
            set(r, status, message, delta);
        }
        tracker.apply(delta);
        emit(states);
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
                        if (r.record == null) {
                            toReread.add(r); // carried over: its payload is read again by key
                        } else {
                            resend.add(r);
                        }
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
            List<RecordState> passed = new ArrayList<>();
            for (Chunk c : pageChunks) {
                for (RecordState r : c.records) {
                    if (r.status == DeliveryStatus.SENT) {
                        passed.add(r);
                    }
                }
            }
            // saved before anything moves: a store that throws leaves the position where it was
            Set<RecordState> after = new LinkedHashSet<>(unsettled);
            after.addAll(passed);
            run.checkpointStore().save(run.syncName(),
                    new EntityCheckpoint(entity.name(), page.next(), false, lastComplete, outstanding(after)));
            position = page.next();
            for (RecordState r : passed) {
                r.committed = true;
                unsettled.add(r);
            }
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

    private List<OutstandingDelivery> outstanding(Set<RecordState> states) {
        List<OutstandingDelivery> out = new ArrayList<>(states.size());
        Instant now = run.clock().instant();
        for (RecordState r : states) {
            String delivery = r.status == DeliveryStatus.SENT ? r.deliveryId : null;
            out.add(new OutstandingDelivery(r.key, r.reference, delivery, Math.max(1, r.attempts),
                    delivery == null || r.sentAt == null ? now : r.sentAt));
        }
        return out;
    }

    /**
     * Every status change goes through here, so the counts, the bytes held for re-sends and the set of
     * unsettled records the checkpoint carries always agree with the records' statuses.
     */
    private void set(RecordState r, DeliveryStatus status, String message, long[] delta) {
        DeliveryStatus before = r.status;
        if (before != null) {
            delta[before.ordinal()]--;
        }
        delta[status.ordinal()]++;
        if (before == DeliveryStatus.SENT) {
            outstandingSent--;
            outstandingBytes -= r.heldBytes();
        }
        if (status == DeliveryStatus.SENT) {
            outstandingSent++;
            outstandingBytes += r.heldBytes();
        }
        if (r.committed && status.isFinal()) {
            unsettled.remove(r);
        }
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
            out.add(new RecordOutcome(entity.name(), r.key, r.reference, r.status, r.attempts, r.message, r.endpointId,
                    r.deliveryId, now));
        }
        run.listeners().recordOutcomes(out);
    }

    private void stopForCancel() {
        cancelTimer();
        saveOutstanding(); // interrupted: a re-run continues from the committed checkpoint and these deliveries
        end(EntityStatus.WAITING, null);
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

    /** Saves the position with the deliveries not final yet, so the next run finds them; a failing store is logged. */
    private void saveOutstanding() {
        if (keysToRead != null) {
            return;
        }
        try {
            run.checkpointStore().save(run.syncName(),
                    new EntityCheckpoint(entity.name(), position, false, lastComplete, outstanding(unsettled)));
        } catch (RuntimeException e) {
            // the store keeps its last checkpoint, whose outstanding deliveries are a superset of these
            LOG.warn("Entity {}: saving its outstanding deliveries failed: {}", Texts.oneLine(entity.name()), Texts.describe(e));
        }
    }

    private void fail(String message) {
        cancelTimer();
        saveOutstanding();
        String oneLine = Texts.oneLine(message);
        LOG.warn("Entity {} failed: {}", Texts.oneLine(entity.name()), oneLine);
        end(EntityStatus.ERROR, oneLine);
    }

    /** An exception or an {@link Error} escaped a step: the entity ends ERROR, whatever else fails now. */
    private void failUnexpectedly(Throwable e) {
        if (finished) {
            return;
        }
        String reason = "unexpected " + e.getClass().getSimpleName() + ": " + Texts.oneLine(e.getMessage());
        try {
            LOG.error("Unexpected failure syncing entity {}", Texts.oneLine(entity.name()), e);
            fail(reason);
        } catch (Throwable again) { // e.g. still out of memory: end the entity without the niceties
            finished = true;
            waiting = null;
            chunks.clear();
            page = null;
            try {
                run.changeStatus(() -> tracker.finish(EntityStatus.ERROR, reason));
            } finally {
                endOnce();
            }
        }
    }

    private void end(EntityStatus status, String error) {
        finished = true;
        waiting = null;
        chunks.clear();
        page = null;
        pageChunks = List.of();
        toReread.clear();
        run.changeStatus(() -> tracker.finish(status, error));
        try {
            run.listeners().entityFinished(tracker.snapshot());
        } finally {
            endOnce();
        }
    }

    /** Tells the run this entity is done, exactly once, however it ended. */
    private void endOnce() {
        if (!ended) {
            ended = true;
            run.entityDone(this);
        }
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
            timer = null;
        }
    }
}
