package dev.syncwright.core.internal;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Syncs one entity of a run. It is a small actor: every event (launch, retry timer, confirmation, cancel)
 * calls {@link #wake()}, and a drain loop runs {@link #step()} on the executor, never on two threads at
 * once, so the state below needs no locks. A retry wait is a timer, not a blocked thread.
 *
 * <p>Per page: read, give every record a journal entry id, reject bad records as FAILED, write in chunks bounded
 * by count and bytes, retry the records still PENDING with the entity's policy, and commit the page's entries
 * with the checkpoint in one journal write once no record of the page is PENDING. Records answered SENT are
 * settled later by confirmations, which update their entries by id.
 *
 * <p><b>Nothing lost.</b> The journal keeps every entry whose delivery is not final <i>open</i>; a committed
 * checkpoint marks the open entries of its page <i>passed</i>. A later run starts with them: passed ones it
 * finishes (polls the delivery again, or reads the record again by key and re-sends it), the others it finds
 * again when it re-reads their page and updates in place ({@link #reread}).
 *
 * <p>A resync task is the same machine without a source to read through: its records are the entries to
 * re-send, read again by key; checkpoints are neither read nor moved.
 */
final class EntityTask {
    private static final Logger LOG = LoggerFactory.getLogger(EntityTask.class);
    /** Reads in a row that return no record and the same checkpoint, with more announced, before the entity fails. */
    private static final int STALLED_READS = 3;
    private static final String MISSING = "record no longer exists in the source";
    /** How many FAILED records a sync log line names. */
    private static final int EXAMPLES = 5;

    private final RunExecution run;
    private final EntityDescriptor entity;
    private final EntityTracker tracker;
    private final RetryPolicy policy;
    private final boolean resync;
    private Checkpoint position;
    private final Checkpoint lastComplete;
    private final List<OutstandingDelivery> carried;
    private final List<StoredEntry> resend;

    private final AtomicInteger wip = new AtomicInteger();
    private final ConcurrentLinkedQueue<Confirmation> confirmations = new ConcurrentLinkedQueue<>();
    private volatile boolean launched;
    private volatile boolean timerFired;

    // Below: touched only by step(), which the drain loop serializes.
    private boolean started;
    private boolean finished;
    private boolean ended;
    private boolean sourceExhausted;
    private Page page;
    private List<Chunk> pageChunks = List.of();
    private List<RecordState> pageRejected = List.of();
    private int pageRecords;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private Chunk waiting;
    private boolean readRetryWaiting;
    private int readFailures;
    private int stalledReads;
    private ScheduledFuture<?> timer;
    private int outstandingSent;
    private long outstandingBytes;
    /** Records whose status changed since the journal was last written. */
    private final List<RecordState> dirty = new ArrayList<>();
    /** Records to read again by key before they are re-sent (carried over, or the entries of a resync). */
    private final Deque<RecordState> toReread = new ArrayDeque<>();
    /** Open entries an earlier run left before the checkpoint: found again, by key, when their page is re-read. */
    private final Map<String, OutstandingDelivery> reread = new HashMap<>();
    /** The time of the status changes being made now: one clock reading per batch. */
    private Instant now;

    private record Confirmation(String deliveryId, RecordState state, DeliveryOutcome outcome) {
    }

    /**
     * @param open   the entity's open journal entries an earlier run left, for a normal run; empty for a resync
     * @param resend the entries to re-send, for a resync run; null for a normal run
     */
    EntityTask(RunExecution run, EntityDescriptor entity, RetryPolicy policy, Checkpoint position,
               Checkpoint lastComplete, List<OutstandingDelivery> open, List<StoredEntry> resend) {
        this.run = run;
        this.entity = entity;
        this.policy = policy;
        this.position = position;
        this.lastComplete = lastComplete;
        this.resync = resend != null;
        this.resend = resend == null ? List.of() : List.copyOf(resend);
        List<OutstandingDelivery> passed = new ArrayList<>();
        for (OutstandingDelivery d : open) {
            if (d.passed()) {
                passed.add(d);
            } else {
                reread.put(d.key(), d);
            }
        }
        this.carried = List.copyOf(passed);
        this.sourceExhausted = resync;
        this.tracker = new EntityTracker(entity.name(), resync ? this.resend.size() : entity.estimatedCount().orElse(-1),
                run.clock());
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
                    if (!finished) {
                        writeJournal(null); // going idle: what changed is visible in the journal while we wait
                    }
                } catch (JournalFailure e) {
                    failOnJournal(e);
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
        now = run.clock().instant();
        if (!started) {
            if (run.cancelRequested()) {
                finished = true; // never started: stays WAITING
                endOnce();
                return false;
            }
            started = true;
            run.changeStatus(tracker::start);
            run.metrics().entityStatusChanged(run.info(), entity.name(), EntityStatus.WAITING, EntityStatus.PROCESSING);
            EntityProgress snapshot = tracker.snapshot();
            run.recordProgress(snapshot);
            run.listeners().entityStarted(snapshot);
            adoptCarried();
            adoptResend();
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
            rereadByKey();
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
            next = run.source().read(entity, position, run.batchSize());
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
        if (next.hasMore() && next.next().equals(position)) {
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
        List<RecordState> states = entriesFor(next.records());
        Transitions moves = new Transitions();
        List<RecordState> rejected = new ArrayList<>();
        List<Chunk> built = new ArrayList<>();
        int size = states.size();
        List<RecordState> current = new ArrayList<>(size);
        long currentBytes = 0;
        for (RecordState state : states) {
            SyncRecord record = state.record;
            long bytes = record == null ? 0 : record.estimatedBytes();
            String problem = validate(record, bytes);
            if (problem != null) {
                set(state, DeliveryStatus.FAILED, problem, moves);
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
        page = next;
        pageChunks = built;
        pageRejected = rejected;
        pageRecords = size;
        chunks.addAll(built);
        applyTransitions(moves);
        emit(rejected);
        commitIfSettled();
    }

    /**
     * Gives each record of a page its journal entry: the open entry an earlier run left for the same key (found
     * again now that its page is re-read), else a new id.
     */
    private List<RecordState> entriesFor(List<SyncRecord> records) {
        OutstandingDelivery[] earlier = null;
        int fresh = records.size();
        if (!reread.isEmpty()) {
            earlier = new OutstandingDelivery[records.size()];
            for (int i = 0; i < records.size(); i++) {
                SyncRecord r = records.get(i);
                if (r != null && r.key() != null && (earlier[i] = reread.remove(r.key())) != null) {
                    fresh--;
                }
            }
        }
        long nextId = fresh == 0 ? 0 : run.reserveEntryIds(fresh);
        List<RecordState> states = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            OutstandingDelivery e = earlier == null ? null : earlier[i];
            RecordState state = new RecordState(e != null ? e.entryId() : nextId++, records.get(i));
            if (e != null) {
                state.attempts = e.attempts();
            }
            states.add(state);
        }
        return states;
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
            r.runAttempts++;
            batch.add(r.record);
        }
        Transitions moves = new Transitions();
        String entityError = null;
        List<DeliveryOutcome> outcomes = null;
        RuntimeException failure = null;
        long began = System.nanoTime();
        try {
            outcomes = run.destination().write(entity, Collections.unmodifiableList(batch));
        } catch (RuntimeException e) {
            failure = e;
        }
        run.metrics().batchWritten(run.info(), entity.name(), send.size(), Duration.ofNanos(System.nanoTime() - began),
                failure != null);
        now = run.clock().instant();
        if (failure != null) {
            boolean retryable = failure instanceof ConnectorException ce && ce.isTransient();
            String message = Texts.describe(failure);
            Duration retryAfter = failure instanceof ConnectorException ce ? ce.retryAfter().orElse(null) : null;
            for (RecordState r : send) {
                set(r, retryable ? DeliveryStatus.PENDING : DeliveryStatus.FAILED, message, moves);
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
                set(r, DeliveryStatus.FAILED, entityError, moves);
            }
        } else {
            for (int i = 0; i < send.size(); i++) {
                apply(send.get(i), outcomes.get(i), moves);
            }
        }
        boolean pending = false;
        for (RecordState r : send) {
            if (r.status == DeliveryStatus.PENDING) {
                if (r.runAttempts > policy.maxRetries()) {
                    set(r, DeliveryStatus.FAILED, "retries exhausted after " + r.runAttempts + " attempts: " + r.message, moves);
                } else {
                    pending = true;
                }
            }
        }
        applyTransitions(moves);
        emit(send);
        if (entityError != null) {
            fail(entityError);
        } else if (pending) {
            scheduleRetry(chunk);
        } else {
            commitIfSettled();
        }
    }

    private void apply(RecordState r, DeliveryOutcome o, Transitions moves) {
        if (o == null) {
            set(r, DeliveryStatus.FAILED, "destination returned no outcome for this record", moves);
            return;
        }
        r.endpointId = o.endpointId() != null ? o.endpointId() : r.endpointId;
        r.retryAfter = o.retryAfter();
        r.cause = null;
        if (o.status() == DeliveryStatus.SENT) {
            r.deliveryId = o.deliveryId();
            r.sentAt = now;
        }
        set(r, o.status(), o.message(), moves);
        if (o.status() == DeliveryStatus.SENT) {
            run.confirmations().track(o.deliveryId(), this, r, r.sentAt);
        }
    }

    private void scheduleRetry(Chunk chunk) {
        chunk.retries++;
        RuntimeException cause = null;
        Duration retryAfter = null;
        int records = 0;
        for (RecordState r : chunk.records) {
            if (r.status == DeliveryStatus.PENDING) {
                records++;
                cause = cause != null ? cause : r.cause;
                if (r.retryAfter != null && (retryAfter == null || r.retryAfter.compareTo(retryAfter) > 0)) {
                    retryAfter = r.retryAfter;
                }
            }
        }
        waiting = chunk;
        Duration backoff = policy.backoff(chunk.retries, cause, retryAfter);
        run.metrics().retryScheduled(run.info(), entity.name(), records, backoff);
        arm(backoff);
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

    /** Takes over the deliveries an earlier run left passed: polled again, or read again and re-sent. */
    private void adoptCarried() {
        if (carried.isEmpty()) {
            return;
        }
        Transitions moves = new Transitions();
        List<RecordState> states = new ArrayList<>(carried.size());
        for (OutstandingDelivery d : carried) {
            RecordState r = new RecordState(d.entryId(), d.key(), d.reference(), d.attempts(), true);
            if (d.awaitingResend()) {
                set(r, DeliveryStatus.PENDING, "re-sent: its delivery was not final when an earlier run stopped", moves);
                toReread.add(r);
            } else {
                r.deliveryId = d.deliveryId();
                r.sentAt = d.since();
                set(r, DeliveryStatus.SENT, null, moves);
            }
            states.add(r);
        }
        applyTransitions(moves);
        emit(states);
        for (RecordState r : states) {
            if (r.deliveryId != null) {
                run.confirmations().track(r.deliveryId, this, r, r.sentAt);
            }
        }
        LOG.info("Entity {}: {} deliveries carried over from an earlier run", Texts.oneLine(entity.name()), carried.size());
    }

    /** A resync: every entry to re-send is read again by key first. */
    private void adoptResend() {
        for (StoredEntry e : resend) {
            // the record's page was committed long ago: while its re-send is not final, the next run of its own
            // sync finishes it as a carried delivery
            RecordState r = new RecordState(e.id(), e.sourceId(), e.reference(), e.attempts(), true);
            r.syncName = e.syncName();
            toReread.add(r);
        }
    }

    /** Reads records owed a re-send again by key, and queues their re-send. */
    private void rereadByKey() {
        List<RecordState> batch = new ArrayList<>();
        while (batch.size() < run.batchSize() && !toReread.isEmpty()) {
            batch.add(toReread.poll());
        }
        Map<String, RecordState> byKey = new LinkedHashMap<>();
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
            settleAll(batch, "could not be read again from the source to be re-sent: " + Texts.describe(e));
            return;
        }
        readFailures = 0;
        Transitions moves = new Transitions();
        List<RecordState> resendNow = new ArrayList<>(batch.size());
        List<RecordState> failed = new ArrayList<>();
        for (SyncRecord record : found == null ? List.<SyncRecord>of() : found) {
            RecordState r = record == null ? null : byKey.remove(record.key());
            if (r == null) {
                continue; // not asked for, or found twice
            }
            String problem = validate(record, record.estimatedBytes());
            if (problem != null) {
                set(r, DeliveryStatus.FAILED, problem, moves);
                failed.add(r);
            } else {
                r.record = record;
                resendNow.add(r);
            }
        }
        for (RecordState r : byKey.values()) {
            set(r, DeliveryStatus.FAILED, MISSING, moves);
            failed.add(r);
        }
        applyTransitions(moves);
        emit(failed);
        if (!resendNow.isEmpty()) {
            chunks.add(Chunk.resend(resendNow));
        }
    }

    private void settleAll(List<RecordState> states, String message) {
        Transitions moves = new Transitions();
        for (RecordState r : states) {
            set(r, DeliveryStatus.FAILED, message, moves);
        }
        applyTransitions(moves);
        emit(states);
    }

    private void applyConfirmations() {
        if (confirmations.isEmpty()) {
            return;
        }
        Transitions moves = new Transitions();
        List<RecordState> changed = new ArrayList<>();
        List<RecordState> resendNow = new ArrayList<>();
        Confirmation c;
        while ((c = confirmations.poll()) != null) {
            RecordState r = c.state();
            if (r.status != DeliveryStatus.SENT || !c.deliveryId().equals(r.deliveryId)) {
                continue; // settled already, or about an earlier delivery of the record
            }
            DeliveryOutcome o = c.outcome();
            r.endpointId = o.endpointId() != null ? o.endpointId() : r.endpointId;
            r.deliveryId = null;
            switch (o.status()) {
                case OK -> set(r, DeliveryStatus.OK, null, moves);
                case FAILED -> set(r, DeliveryStatus.FAILED, o.message(), moves);
                default -> {
                    if (r.runAttempts > policy.maxRetries()) {
                        set(r, DeliveryStatus.FAILED, "retries exhausted after " + r.runAttempts + " attempts: "
                                + o.message(), moves);
                    } else {
                        set(r, DeliveryStatus.PENDING, o.message(), moves);
                        if (r.record == null) {
                            toReread.add(r); // carried over: its payload is read again by key
                        } else {
                            resendNow.add(r);
                        }
                    }
                }
            }
            changed.add(r);
        }
        applyTransitions(moves);
        emit(changed);
        if (!resendNow.isEmpty()) {
            chunks.addFirst(Chunk.resend(resendNow));
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
        for (Chunk c : pageChunks) {
            for (RecordState r : c.records) {
                if (r.status == DeliveryStatus.SENT) {
                    r.committed = true; // the checkpoint passes it: the journal keeps it open, passed
                    markDirty(r);
                }
            }
        }
        if (resync) {
            writeJournal(null);
        } else {
            // one write: the page's entries and the checkpoint after them; a failure leaves the position as it was
            writeJournal(new EntityCheckpoint(entity.name(), page.next(), false, lastComplete));
            position = page.next();
        }
        if (!page.hasMore()) {
            sourceExhausted = true;
        }
        int n = pageRecords;
        page = null;
        pageChunks = List.of();
        pageRejected = List.of();
        if (run.listeners().hasListeners()) {
            run.listeners().batchCommitted(tracker.snapshot(), n);
        }
    }

    /**
     * Every status change goes through here, so the counts, the bytes held for re-sends and what the journal is
     * given next always agree with the records' statuses.
     */
    private void set(RecordState r, DeliveryStatus status, String message, Transitions moves) {
        DeliveryStatus before = r.status;
        moves.move(before, status);
        if (before == DeliveryStatus.SENT) {
            outstandingSent--;
            outstandingBytes -= r.heldBytes();
        }
        if (status == DeliveryStatus.SENT) {
            outstandingSent++;
            outstandingBytes += r.heldBytes();
        } else {
            r.deliveryId = null;
        }
        r.status = status;
        r.message = status == DeliveryStatus.OK || status == DeliveryStatus.SENT ? null : Texts.oneLine(message);
        r.changedAt = now;
        markDirty(r);
    }

    private void markDirty(RecordState r) {
        if (!r.dirty) {
            r.dirty = true;
            dirty.add(r);
        }
    }

    private void applyTransitions(Transitions moves) {
        if (!moves.isEmpty()) {
            tracker.apply(moves);
            run.metrics().deliveriesChanged(run.info(), entity.name(), moves.entered(), moves.left());
        }
    }

    /**
     * Commits what changed, and the checkpoint when given, in one journal write.
     *
     * @throws JournalFailure when the journal refused it; nothing of it counts as committed
     */
    private void writeJournal(EntityCheckpoint checkpoint) {
        if (dirty.isEmpty() && checkpoint == null) {
            return;
        }
        if (resync) {
            // re-sent entries stay in their own syncs: one write per sync they belong to
            Map<String, List<RecordState>> bySync = new LinkedHashMap<>();
            for (RecordState r : dirty) {
                bySync.computeIfAbsent(r.syncName, k -> new ArrayList<>()).add(r);
            }
            bySync.forEach((sync, entries) -> run.writeJournal(new JournalWrite(sync, run.runId(), run.info().system(),
                    entity.name(), entries, null)));
        } else {
            run.writeJournal(new JournalWrite(run.syncName(), run.runId(), run.info().system(), entity.name(),
                    dirty, checkpoint));
        }
        for (RecordState r : dirty) {
            r.dirty = false;
        }
        dirty.clear();
    }

    private void emit(List<RecordState> states) {
        if (states.isEmpty()) {
            return;
        }
        logFailures(states);
        if (!run.listeners().hasListeners()) {
            return;
        }
        List<RecordOutcome> out = new ArrayList<>(states.size());
        for (RecordState r : states) {
            out.add(new RecordOutcome(r.entryId, entity.name(), r.key, r.reference, r.status, r.attempts, r.message,
                    r.endpointId, r.deliveryId, r.changedAt));
        }
        run.listeners().recordOutcomes(out);
    }

    /** FAILED records of a batch go to the sync log: one event per reason, naming a few of them. */
    private void logFailures(List<RecordState> states) {
        Map<String, List<RecordState>> byReason = null;
        for (RecordState r : states) {
            if (r.status == DeliveryStatus.FAILED) {
                if (byReason == null) {
                    byReason = new LinkedHashMap<>();
                }
                byReason.computeIfAbsent(String.valueOf(r.message), k -> new ArrayList<>()).add(r);
            }
        }
        if (byReason == null) {
            return;
        }
        List<SyncLogEvent> events = new ArrayList<>(byReason.size());
        byReason.forEach((reason, failed) -> {
            StringBuilder refs = new StringBuilder();
            for (int i = 0; i < Math.min(EXAMPLES, failed.size()); i++) {
                RecordState r = failed.get(i);
                refs.append(i == 0 ? "" : ", ").append(r.reference != null ? r.reference : r.key);
            }
            String message = (resync ? "resync: " : "") + Texts.count(failed.size(), "record") + " FAILED: " + reason
                    + " (" + refs + (failed.size() > EXAMPLES ? ", ..." : "") + ")";
            events.add(new SyncLogEvent(now, SyncLogLevel.ERROR, run.runId(), run.info().system(), entity.name(),
                    resync ? SyncLogKind.RESYNC_FAILED : SyncLogKind.RECORDS_FAILED, message, null));
        });
        run.appendLog(events);
    }

    private void stopForCancel() {
        cancelTimer();
        writeQuietly(); // interrupted: the next run continues from the committed checkpoint and the open entries
        end(EntityStatus.WAITING, null);
    }

    private void finishEntity() {
        // open entries of an earlier run that the pass did not find again: the source no longer has them
        Transitions moves = new Transitions();
        List<RecordState> gone = new ArrayList<>();
        for (OutstandingDelivery d : reread.values()) {
            RecordState r = new RecordState(d.entryId(), d.key(), d.reference(), d.attempts(), false);
            set(r, DeliveryStatus.FAILED, MISSING, moves);
            gone.add(r);
        }
        reread.clear();
        applyTransitions(moves);
        emit(gone);
        long records = tracker.snapshot().records();
        long failed = tracker.count(DeliveryStatus.FAILED);
        boolean allFailed = records > 0 && failed == records;
        writeJournal(resync ? null
                : new EntityCheckpoint(entity.name(), position, !allFailed, allFailed ? lastComplete : position));
        end(allFailed ? EntityStatus.ERROR : EntityStatus.COMPLETE, allFailed ? "all " + records + " records failed" : null);
    }

    /** Writes what changed without moving the checkpoint; a journal that fails now is logged. */
    private void writeQuietly() {
        try {
            writeJournal(null);
        } catch (JournalFailure e) {
            // the journal keeps its last write: its open entries are a superset of these, so nothing is lost
            LOG.warn("Entity {}: the run journal could not be written: {}", Texts.oneLine(entity.name()), e.getMessage());
        }
    }

    private void fail(String message) {
        cancelTimer();
        if (resync) {
            failUnanswered(message);
        }
        writeQuietly();
        String oneLine = Texts.oneLine(message);
        LOG.warn("Entity {} failed: {}", Texts.oneLine(entity.name()), oneLine);
        end(EntityStatus.ERROR, oneLine);
    }

    /** A resync that stops on a failure says so on the entries it did not get to re-send. */
    private void failUnanswered(String message) {
        List<RecordState> unanswered = new ArrayList<>(toReread);
        toReread.clear();
        for (Chunk c : chunks) {
            for (RecordState r : c.records) {
                if (r.awaitingWrite() && !unanswered.contains(r)) {
                    unanswered.add(r);
                }
            }
        }
        if (!unanswered.isEmpty()) {
            settleAll(unanswered, "resync failed: " + message);
        }
    }

    private void failOnJournal(JournalFailure e) {
        if (finished) {
            return;
        }
        cancelTimer();
        String reason = "the run journal could not be written: " + e.getMessage();
        LOG.warn("Entity {} failed: {}", Texts.oneLine(entity.name()), reason);
        end(EntityStatus.ERROR, reason); // the checkpoint stays at the last committed page
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
            run.metrics().entityStatusChanged(run.info(), entity.name(), EntityStatus.PROCESSING, status);
            if (status == EntityStatus.ERROR) {
                run.appendLog(new SyncLogEvent(run.clock().instant(), SyncLogLevel.ERROR, run.runId(), run.info().system(),
                        entity.name(), SyncLogKind.ENTITY_FAILED, "entity " + entity.name() + " failed: " + error, null));
            }
            EntityProgress snapshot = tracker.snapshot();
            run.recordProgress(snapshot);
            run.listeners().entityFinished(snapshot);
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
