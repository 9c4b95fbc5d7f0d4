package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a sink task does: writes the records it reads to the destination, entity by entity, and commits each
 * record's delivery to the journal with the id the source gave it, so a record read twice (a rebalance, a source
 * failover) updates its one entry. Offsets are committed only up to the first record whose delivery is not final:
 * a PENDING or SENT record stays in the topic for whichever task owns its partition next, and the journal tells
 * that task where it stands (its attempts, the delivery awaiting a confirmation), so it carries on rather than
 * starting over.
 *
 * <p>Every record read is first looked up in the journal: one that is final already is not written again; one that
 * is open continues (retried, or polled until its confirmation timeout); one the journal does not know is written.
 * An entity is finished when its end record, and every record of the entity before it, are final; its progress is
 * then recounted from the journal's entries (when the journal is a {@link ReportStore}) and written, and the task
 * that finishes the run's last entity records the run's end.
 *
 * <p>Not thread-safe: Kafka Connect calls a sink task from one thread; only push confirmations arrive from other
 * threads, through a queue.
 */
public final class SinkWork {
    private static final Logger LOG = LoggerFactory.getLogger(SinkWork.class);
    private static final long MIN_WAKE_MS = 5;
    private static final long MAX_WAKE_MS = 1_000;
    private static final long PUSH_WAKE_MS = 100;

    /** A record of a partition, in offset order, held until it is settled. */
    interface Item {
        /** @return its Kafka offset */
        long offset();

        /** @return true when it no longer holds back the partition's committed offset */
        boolean settled();
    }

    /** The end of an entity in a run, read from the topic. */
    private static final class EndMark implements Item {
        final long offset;
        final String run;
        final String entity;
        final long records;
        final String error;
        boolean done;

        EndMark(long offset, String run, String entity, long records, String error) {
            this.offset = offset;
            this.run = run;
            this.entity = entity;
            this.records = records;
            this.error = error;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public boolean settled() {
            return done;
        }
    }

    /** A record read again while this task still holds it: settled with it. */
    private record Alias(long offset, Delivery of) implements Item {
        @Override
        public boolean settled() {
            return of.settled();
        }
    }

    /** A record with nothing (left) to do. */
    private record Done(long offset) implements Item {
        @Override
        public boolean settled() {
            return true;
        }
    }

    private record Key(String run, String entity) {
    }

    private final Settings.Sink settings;
    private final DestinationConnector destination;
    private final RunJournal journal;
    private final Clock clock;
    private final SinkTaskContext context;
    private final RecordCodec codec = new RecordCodec();
    private final Map<TopicPartition, ArrayDeque<Item>> queues = new HashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final Map<Long, Delivery> held = new HashMap<>();
    private final Map<String, Delivery> awaitingConfirmation = new LinkedHashMap<>();
    private final EntityRuns progress;
    private final Queue<Map.Entry<String, DeliveryOutcome>> confirmations = new ConcurrentLinkedQueue<>();
    private ErrantRecordReporter reporter;
    private String destinationSystem;
    private int outstanding;
    private boolean paused;
    private Instant nextPoll = Instant.MIN;
    private Instant nextRetry = Instant.MAX;

    /**
     * @param settings    the task's settings
     * @param destination the destination, not opened yet
     * @param journal     the journal
     * @param clock       the clock
     * @param context     the task's context
     */
    public SinkWork(Settings.Sink settings, DestinationConnector destination, RunJournal journal, Clock clock,
                    SinkTaskContext context) {
        this.settings = settings;
        this.destination = destination;
        this.journal = journal;
        this.clock = clock;
        this.context = context;
        this.progress = new EntityRuns(settings.sync(), settings.progressInterval(), journal, clock);
    }

    /** Opens the destination. */
    public void start() {
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            reporter = null; // a Kafka Connect older than 2.6: FAILED records are in the journal only
        }
        DestinationContext destinationContext = () -> (deliveryId, outcome) -> confirmations.add(Map.entry(deliveryId,
                Objects.requireNonNull(outcome, "outcome")));
        destination.open(destinationContext);
        destinationSystem = destination.systemName();
    }

    /** @param partitions partitions assigned to the task */
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
        }
    }

    /**
     * Forgets what the task holds of partitions taken away from it: their records are read again by their next
     * owner, and the journal tells it where each stands.
     *
     * @param partitions partitions no longer assigned to the task
     */
    public void close(Collection<TopicPartition> partitions) {
        progress.flush(clock.instant(), true);
        for (TopicPartition tp : partitions) {
            ArrayDeque<Item> q = queues.remove(tp);
            nextOffsets.remove(tp);
            if (q != null) {
                for (Item item : q) {
                    if (item instanceof Delivery d && held.remove(d.id, d)) {
                        if (!d.settled()) {
                            outstanding--;
                        }
                        if (d.deliveryId != null) {
                            awaitingConfirmation.remove(d.deliveryId, d);
                        }
                    }
                }
            }
        }
        progress.clear(); // counted again from the journal when next seen: another task may own them now
        if (paused && outstanding < settings.maxOutstanding()) {
            resume();
        }
    }

    /**
     * @param records records read from the topic, in offset order per partition
     */
    public void put(Collection<SinkRecord> records) {
        Instant now = clock.instant();
        List<Delivery> fresh = new ArrayList<>();
        for (SinkRecord r : records) {
            Item item = read(r, fresh);
            TopicPartition tp = new TopicPartition(r.topic(), r.kafkaPartition());
            queues.computeIfAbsent(tp, k -> new ArrayDeque<>()).add(item);
            nextOffsets.put(tp, r.kafkaOffset() + 1);
        }
        List<Delivery> toWrite = lookUp(fresh, now);
        write(toWrite, now);
        applyConfirmations(now);
        retryDue(now);
        pollDeliveries(now);
        finishEnded(now);
        progress.flush(now, false);
        trim();
        backPressure();
        scheduleWake(now);
    }

    /**
     * @param current the offsets Kafka Connect would commit
     * @return per partition this task holds, the offset of its first record whose delivery is not final (or the
     *         offset after the last record read when all are)
     */
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        progress.flush(clock.instant(), true);
        trim();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : current.keySet()) {
            ArrayDeque<Item> q = queues.get(tp);
            Long next = nextOffsets.get(tp);
            if (q == null || next == null) {
                continue; // nothing read since the partition was assigned: nothing to commit
            }
            out.put(tp, new OffsetAndMetadata(q.isEmpty() ? next : q.peekFirst().offset()));
        }
        return out;
    }

    /** Writes what progress is not written yet and closes the destination. */
    public void stop() {
        try {
            progress.flush(clock.instant(), true);
        } finally {
            try {
                destination.close();
            } catch (RuntimeException e) {
                LOG.warn("Sync {}: closing the destination failed: {}", settings.sync(), e.toString());
            }
        }
    }

    /** @return records held whose delivery is not final */
    int outstanding() {
        return outstanding;
    }

    private Item read(SinkRecord r, List<Delivery> fresh) {
        RecordHeaders.Read h = RecordHeaders.Read.of(r.headers());
        if (!settings.sync().equals(h.sync()) || h.run() == null || h.entity() == null || (!h.isEnd() && h.entry() <= 0)) {
            LOG.warn("Sync {}: {}-{}@{} is not a record of this sync (sync header '{}'); skipped", settings.sync(),
                    r.topic(), r.kafkaPartition(), r.kafkaOffset(), h.sync());
            report(r, "not a Syncwright record of sync '" + settings.sync() + "'");
            return new Done(r.kafkaOffset());
        }
        if (h.isEnd()) {
            return new EndMark(r.kafkaOffset(), h.run(), h.entity(), h.records(), h.error());
        }
        Delivery same = held.get(h.entry());
        if (same != null) {
            return new Alias(r.kafkaOffset(), same); // read again before its first reading settled
        }
        String rejection = h.rejection();
        String key = r.key() == null ? null : r.key().toString();
        SyncRecord record = null;
        EntityDescriptor descriptor = null;
        if (rejection == null) {
            try {
                descriptor = codec.descriptor(r.valueSchema());
                record = new SyncRecord(h.entity(), key, h.reference(), codec.decode(r.value()), h.cursor());
            } catch (RuntimeException e) {
                rejection = "cannot be read from Kafka: " + e.getMessage();
            }
        }
        Delivery d = new Delivery(h.entry(), h.run(), h.entity(), (h.system() == null ? "?" : h.system()) + " → "
                + destinationSystem, r, record, descriptor, rejection, h.reference());
        held.put(d.id, d);
        outstanding++;
        fresh.add(d);
        return d;
    }

    /** Finds where each fresh record stands in the journal; returns those it does not know, to be written. */
    private List<Delivery> lookUp(List<Delivery> fresh, Instant now) {
        if (fresh.isEmpty()) {
            return fresh;
        }
        for (Delivery d : fresh) {
            progress.get(d.run, d.entity, now); // counted from the journal before any of its records changes
        }
        Map<Long, StoredEntry> known = new HashMap<>();
        for (StoredEntry e : journal.entries(fresh.stream().map(d -> d.id).toList())) {
            known.put(e.id(), e);
        }
        if (known.isEmpty()) {
            return fresh;
        }
        List<Delivery> unknown = new ArrayList<>();
        Map<Long, OutstandingDelivery> open = null;
        for (Delivery d : fresh) {
            StoredEntry e = known.get(d.id);
            if (e == null) {
                unknown.add(d);
                continue;
            }
            d.counted = true; // committed before: in the counts the entity's progress started from
            d.status = e.status();
            d.attempts = e.attempts();
            d.time = now;
            if (e.status().isFinal()) {
                settle(d);
            } else if (e.status() == DeliveryStatus.SENT) {
                if (open == null) {
                    open = openDeliveries();
                }
                OutstandingDelivery o = open.get(d.id);
                if (o != null && o.deliveryId() != null) {
                    d.deliveryId = o.deliveryId();
                    d.sentAt = o.since();
                    awaitingConfirmation.put(d.deliveryId, d);
                } else {
                    d.retryAt = now; // its confirmation cannot be asked for: send it again
                    nextRetry = now;
                }
            } else {
                d.retryAt = now.plus(settings.retryPolicy().backoff(Math.max(1, d.attempts), null));
                nextRetry = min(nextRetry, d.retryAt);
            }
        }
        return unknown;
    }

    private Map<Long, OutstandingDelivery> openDeliveries() {
        Map<Long, OutstandingDelivery> out = new HashMap<>();
        for (EntityCheckpoint cp : journal.checkpoints(settings.sync()).values()) {
            for (OutstandingDelivery o : cp.outstanding()) {
                out.put(o.entryId(), o);
            }
        }
        return out;
    }

    /** Writes deliveries to the destination, per run and entity in the order they came, in batches. */
    private void write(List<Delivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return;
        }
        Map<Key, List<Delivery>> groups = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            groups.computeIfAbsent(new Key(d.run, d.entity), k -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<Key, List<Delivery>> g : groups.entrySet()) {
            List<Delivery> all = g.getValue();
            for (int from = 0; from < all.size(); from += settings.batchSize()) {
                writeBatch(progress.get(g.getKey().run(), g.getKey().entity(), now),
                        all.subList(from, Math.min(all.size(), from + settings.batchSize())), now);
            }
        }
    }

    private void writeBatch(EntityRun er, List<Delivery> batch, Instant now) {
        List<Delivery> sendable = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            if (d.rejection != null) {
                change(er, d, DeliveryStatus.FAILED, d.rejection, now);
            } else if (er.error != null) {
                change(er, d, DeliveryStatus.FAILED, "not written: the entity stopped on an error: " + er.error, now);
            } else {
                sendable.add(d);
            }
        }
        if (!sendable.isEmpty()) {
            send(er, sendable, now);
        }
        commit(er, batch);
    }

    private void send(EntityRun er, List<Delivery> batch, Instant now) {
        List<SyncRecord> records = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            records.add(d.record);
            d.attempts++;
            if (d.deliveryId != null) {
                awaitingConfirmation.remove(d.deliveryId, d);
                d.deliveryId = null;
            }
        }
        List<DeliveryOutcome> outcomes;
        try {
            outcomes = destination.write(batch.get(0).descriptor, records);
            if (outcomes == null || outcomes.size() != batch.size()) {
                throw new IllegalStateException(destinationSystem + " answered " + (outcomes == null ? "null" : outcomes.size()
                        + " outcomes") + " for " + batch.size() + " records");
            }
        } catch (ConnectorException e) {
            if (e.isTransient()) {
                for (Delivery d : batch) {
                    pendingOrFailed(er, d, e.getMessage(), e.retryAfter().orElse(null), now);
                }
                return;
            }
            stopEntity(er, batch, e, now);
            return;
        } catch (RuntimeException e) {
            stopEntity(er, batch, e, now);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            apply(er, batch.get(i), outcomes.get(i), now);
        }
    }

    private void stopEntity(EntityRun er, List<Delivery> batch, RuntimeException e, Instant now) {
        String why = destinationSystem + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        LOG.warn("Sync {} run {}: entity {} stops: {}", settings.sync(), er.run, er.entity, why);
        er.error = why;
        for (Delivery d : batch) {
            change(er, d, DeliveryStatus.FAILED, why, now);
        }
    }

    private void apply(EntityRun er, Delivery d, DeliveryOutcome o, Instant now) {
        if (o.endpointId() != null) {
            d.endpointId = o.endpointId();
        }
        switch (o.status()) {
            case OK -> change(er, d, DeliveryStatus.OK, null, now);
            case FAILED -> change(er, d, DeliveryStatus.FAILED, o.message(), now);
            case PENDING -> pendingOrFailed(er, d, o.message(), o.retryAfter(), now);
            case SENT -> {
                change(er, d, DeliveryStatus.SENT, null, now);
                d.deliveryId = o.deliveryId();
                d.sentAt = now;
                awaitingConfirmation.put(d.deliveryId, d);
            }
        }
    }

    private void pendingOrFailed(EntityRun er, Delivery d, String message, Duration retryAfter, Instant now) {
        RetryPolicy policy = settings.retryPolicy();
        if (d.attempts > policy.maxRetries()) {
            change(er, d, DeliveryStatus.FAILED, "retries exhausted after " + d.attempts + " attempts: " + message, now);
            return;
        }
        change(er, d, DeliveryStatus.PENDING, message, now);
        d.retryAt = now.plus(policy.backoff(Math.max(1, d.attempts), null, retryAfter));
        nextRetry = min(nextRetry, d.retryAt);
    }

    private void change(EntityRun er, Delivery d, DeliveryStatus to, String message, Instant now) {
        DeliveryStatus from = d.counted ? d.status : null;
        d.status = to;
        d.message = to == DeliveryStatus.OK || to == DeliveryStatus.SENT ? null : message;
        d.time = now;
        er.move(from, to);
        d.counted = true;
        if (to.isFinal()) {
            settle(d);
            if (to == DeliveryStatus.FAILED) {
                report(d.kafkaRecord, message);
            }
        }
    }

    private void settle(Delivery d) {
        if (held.remove(d.id, d)) {
            outstanding--;
        }
        if (d.deliveryId != null) {
            awaitingConfirmation.remove(d.deliveryId, d);
        }
        d.retryAt = null;
    }

    /** Commits a batch's deliveries to the journal; they are written already, so a failure stops the task. */
    private void commit(EntityRun er, List<Delivery> batch) {
        String system = batch.get(0).system;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                journal.write(new JournalWrite(settings.sync(), er.run, system, er.entity, batch, null));
                return;
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("Sync {}: journal write of {} records of entity {} failed (attempt {}): {}", settings.sync(),
                        batch.size(), er.entity, attempt, e.toString());
            }
        }
        // the records stay uncommitted in the topic: the task's next start writes them again, then the journal
        throw new ConnectException("the run journal does not take the deliveries of entity '" + er.entity + "'", last);
    }

    private void applyConfirmations(Instant now) {
        Map<String, DeliveryOutcome> answers = new LinkedHashMap<>();
        for (Map.Entry<String, DeliveryOutcome> c; (c = confirmations.poll()) != null; ) {
            answers.put(c.getKey(), c.getValue());
        }
        settleConfirmed(answers, now);
    }

    private void pollDeliveries(Instant now) {
        if (awaitingConfirmation.isEmpty() || now.isBefore(nextPoll)) {
            return;
        }
        nextPoll = now.plus(settings.pollInterval());
        Map<String, DeliveryOutcome> answers;
        try {
            answers = destination.pollDeliveries(List.copyOf(awaitingConfirmation.keySet()));
        } catch (RuntimeException e) {
            LOG.warn("Sync {}: polling {} deliveries failed: {}", settings.sync(), awaitingConfirmation.size(), e.toString());
            answers = Map.of();
        }
        settleConfirmed(answers == null ? Map.of() : answers, now);
        // deliveries nobody confirmed within the timeout are sent again
        List<Delivery> overdue = new ArrayList<>();
        for (Delivery d : awaitingConfirmation.values()) {
            if (!d.sentAt.plus(settings.confirmationTimeout()).isAfter(now)) {
                overdue.add(d);
            }
        }
        for (Delivery d : overdue) {
            awaitingConfirmation.remove(d.deliveryId, d);
            d.deliveryId = null;
            d.retryAt = now;
            nextRetry = now;
        }
    }

    private void settleConfirmed(Map<String, DeliveryOutcome> answers, Instant now) {
        if (answers.isEmpty()) {
            return;
        }
        Map<Key, List<Delivery>> changed = new LinkedHashMap<>();
        for (Map.Entry<String, DeliveryOutcome> a : answers.entrySet()) {
            Delivery d = awaitingConfirmation.remove(a.getKey());
            if (d == null || a.getValue() == null) {
                continue; // unknown, settled already, or held by another task now
            }
            d.deliveryId = null;
            EntityRun er = progress.get(d.run, d.entity, now);
            DeliveryOutcome o = a.getValue();
            if (o.status() == DeliveryStatus.SENT) {
                d.deliveryId = a.getKey(); // still outstanding
                awaitingConfirmation.put(d.deliveryId, d);
                continue;
            }
            apply(er, d, o, now);
            changed.computeIfAbsent(new Key(d.run, d.entity), k -> new ArrayList<>()).add(d);
        }
        changed.forEach((k, list) -> commit(progress.get(k.run(), k.entity(), now), list));
    }

    private void retryDue(Instant now) {
        if (nextRetry.isAfter(now)) {
            return;
        }
        List<Delivery> due = new ArrayList<>();
        Instant next = Instant.MAX;
        for (Delivery d : held.values()) {
            if (d.retryAt != null && !d.settled() && d.deliveryId == null) {
                if (!d.retryAt.isAfter(now)) {
                    due.add(d);
                } else {
                    next = min(next, d.retryAt);
                }
            }
        }
        nextRetry = next;
        due.sort((a, b) -> Long.compare(a.id, b.id));
        for (Delivery d : due) {
            d.retryAt = null;
        }
        write(due, now);
    }

    /** Finishes the entities whose end was read and whose records before it are all final. */
    private void finishEnded(Instant now) {
        for (ArrayDeque<Item> q : queues.values()) {
            for (Item item : q) {
                if (item instanceof EndMark end && !end.done && allSettledBefore(q, end)) {
                    try {
                        finish(end, now);
                    } catch (RuntimeException e) {
                        LOG.warn("Sync {} run {}: recording the end of entity {} failed, tried again later: {}",
                                settings.sync(), end.run, end.entity, e.toString());
                    }
                }
            }
        }
    }

    private static boolean allSettledBefore(ArrayDeque<Item> q, EndMark end) {
        for (Item item : q) {
            if (item == end) {
                return true;
            }
            if (!item.settled() && (item instanceof Delivery d && d.entity.equals(end.entity)
                    || item instanceof Alias a && a.of().entity.equals(end.entity))) {
                return false;
            }
        }
        return true;
    }

    private void finish(EndMark end, Instant now) {
        progress.finish(end.run, end.entity, end.error, end.records, now);
        end.done = true;
    }

    /** Drops the settled records at the head of each partition. */
    private void trim() {
        for (ArrayDeque<Item> q : queues.values()) {
            while (!q.isEmpty() && q.peekFirst().settled()) {
                q.pollFirst();
            }
        }
    }

    private void backPressure() {
        if (!paused && outstanding >= settings.maxOutstanding()) {
            paused = true;
            context.pause(context.assignment().toArray(new TopicPartition[0]));
            LOG.info("Sync {}: {} records await a final delivery; reading paused", settings.sync(), outstanding);
        } else if (paused && outstanding < settings.maxOutstanding() / 2 + 1) {
            resume();
        }
    }

    private void resume() {
        paused = false;
        context.resume(context.assignment().toArray(new TopicPartition[0]));
    }

    /** Asks Kafka Connect to call {@link #put} again in time for the next retry, poll or progress write. */
    private void scheduleWake(Instant now) {
        Instant wake = Instant.MAX;
        if (outstanding > 0) {
            wake = min(wake, nextRetry);
        }
        if (!awaitingConfirmation.isEmpty()) {
            wake = min(min(wake, nextPoll), now.plusMillis(PUSH_WAKE_MS));
        }
        wake = min(wake, progress.nextWrite());
        if (hasUnfinishedEnd()) {
            wake = min(wake, now.plusMillis(PUSH_WAKE_MS));
        }
        if (wake.equals(Instant.MAX)) {
            return;
        }
        long ms = Math.max(MIN_WAKE_MS, Math.min(MAX_WAKE_MS, Duration.between(now, wake).toMillis()));
        context.timeout(ms);
    }

    private boolean hasUnfinishedEnd() {
        for (ArrayDeque<Item> q : queues.values()) {
            for (Iterator<Item> it = q.iterator(); it.hasNext(); ) {
                if (it.next() instanceof EndMark end && !end.done) {
                    return true;
                }
            }
        }
        return false;
    }

    private void report(SinkRecord record, String message) {
        if (reporter != null && record != null) {
            reporter.report(record, new ConnectException(message));
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
