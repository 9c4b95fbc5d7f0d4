package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.SyncMode;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a source task does: reads pages of its entities in turn and makes them records, each carrying the offset
 * that resumes it without losing or renumbering a record, and renews the run's claim on its sync.
 *
 * <p>Offsets: the records of a page carry the offset the page was read from, except its last one, which carries the
 * offset after it; so a committed offset never passes a record Kafka has not acknowledged. The offset holds the
 * entry id of the next record (a block of ids reserved in the journal), so a page read again after a failover gives
 * its records the same ids, hence the same report entries. The end of an entity is a record of kind
 * {@link RecordHeaders#END} carrying the final offset.
 *
 * <p>Not thread-safe: Kafka Connect calls a task from one thread, except {@link #stop()}.
 */
public final class SourceWork {
    private static final Logger LOG = LoggerFactory.getLogger(SourceWork.class);
    private static final Duration IDLE = Duration.ofMillis(500);

    /** One entity this task reads. */
    private static final class Stream {
        final EntityDescriptor descriptor;
        final int partition;
        final Map<String, Object> sourcePartition;
        SourceOffset offset;
        boolean done;
        int failures;
        Instant retryAt = Instant.MIN;

        Stream(EntityDescriptor descriptor, int partition, Map<String, Object> sourcePartition, SourceOffset offset) {
            this.descriptor = descriptor;
            this.partition = partition;
            this.sourcePartition = sourcePartition;
            this.offset = offset;
            this.done = offset.complete();
        }
    }

    /** Waits, returning early when the task is stopped. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param wait how long at most
         * @throws InterruptedException when interrupted
         */
        void sleep(Duration wait) throws InterruptedException;
    }

    private final Settings.Source settings;
    private final SourceConnector source;
    private final RunJournal journal;
    private final Clock clock;
    private final RecordCodec codec = new RecordCodec();
    private final List<Stream> streams = new ArrayList<>();
    private String systemName;
    private int next;
    private Instant renewAt = Instant.MIN;
    private boolean runOver;

    /**
     * @param settings the task's settings
     * @param source   the source, not opened yet
     * @param journal  the journal
     * @param clock    the clock
     */
    public SourceWork(Settings.Source settings, SourceConnector source, RunJournal journal, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * Opens the source and finds where each entity stands.
     *
     * @param entities the task's entities and the topic partition of each, in the run's order
     * @param offsets  reads the stored offsets of source partitions
     */
    public void start(Map<String, Integer> entities,
                      Function<Collection<Map<String, Object>>, Map<Map<String, Object>, Map<String, Object>>> offsets) {
        source.open();
        systemName = source.systemName();
        Map<String, EntityDescriptor> byName = new LinkedHashMap<>();
        for (EntityDescriptor d : source.entities()) {
            byName.put(d.name(), d);
        }
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (String entity : entities.keySet()) {
            partitions.add(SourceOffset.partition(settings.sync(), entity));
        }
        Map<Map<String, Object>, Map<String, Object>> stored = partitions.isEmpty() ? Map.of() : offsets.apply(partitions);
        for (Map.Entry<String, Integer> e : entities.entrySet()) {
            EntityDescriptor d = byName.get(e.getKey());
            if (d == null) {
                throw new ConnectException("source " + systemName + " has no entity '" + e.getKey() + "'");
            }
            Map<String, Object> partition = SourceOffset.partition(settings.sync(), e.getKey());
            SourceOffset from = startOf(SourceOffset.of(stored == null ? null : stored.get(partition)));
            streams.add(new Stream(d, e.getValue(), partition, from));
            LOG.info("Sync {} run {}: entity {} starts at checkpoint '{}' (record {})", settings.sync(), settings.run(),
                    e.getKey(), from.checkpoint(), from.ordinal());
        }
    }

    /** Where this run reads an entity from, given its stored offset. */
    private SourceOffset startOf(SourceOffset stored) {
        if (settings.run().equals(stored.run())) {
            return stored; // this run was here before (a restart or a failover): continue, same ids
        }
        String from = stored.checkpoint();
        if (stored.complete() && settings.mode() == SyncMode.FULL) {
            from = Checkpoint.START.value(); // a new pass after a complete one
        }
        return new SourceOffset(settings.run(), from, false, 0, 0, 0);
    }

    /**
     * @param sleeper waits when nothing is to be read now
     * @return the records of the next page (and the end of its entity), or null after a wait
     * @throws InterruptedException when the wait is interrupted
     */
    public List<SourceRecord> poll(Sleeper sleeper) throws InterruptedException {
        Instant now = clock.instant();
        renew(now);
        if (runOver || streams.stream().allMatch(s -> s.done)) {
            sleeper.sleep(IDLE);
            return null;
        }
        Stream due = null;
        for (int i = 0; i < streams.size() && due == null; i++) {
            Stream s = streams.get((next + i) % streams.size());
            if (!s.done && !s.retryAt.isAfter(now)) {
                due = s;
                next = (next + i + 1) % streams.size();
            }
        }
        if (due == null) {
            Instant earliest = streams.stream().filter(s -> !s.done).map(s -> s.retryAt).min(Instant::compareTo).orElse(now);
            Duration wait = Duration.between(now, earliest);
            sleeper.sleep(wait.compareTo(IDLE) > 0 ? IDLE : wait);
            return null;
        }
        return read(due, now);
    }

    private void renew(Instant now) {
        if (runOver || now.isBefore(renewAt)) {
            return;
        }
        try {
            if (!journal.renew(settings.sync(), settings.run(), now.plus(settings.lease()))) {
                runOver = true;
                LOG.info("Sync {}: run {} has ended or was taken over; this task reads no further", settings.sync(),
                        settings.run());
            }
            renewAt = now.plus(settings.lease().dividedBy(3));
        } catch (RuntimeException e) {
            LOG.warn("Sync {}: could not renew run {}'s claim: {}", settings.sync(), settings.run(), e.toString());
            renewAt = now.plusSeconds(1);
        }
    }

    private List<SourceRecord> read(Stream s, Instant now) {
        SourceOffset before = s.offset;
        if (!before.hasIds() || before.idEnd() - before.nextId() < settings.batchSize()) {
            int block = Math.max(settings.idBlock(), settings.batchSize());
            long first;
            try {
                first = journal.reserveEntryIds(block);
            } catch (RuntimeException e) {
                // Kafka Connect calls poll again: the journal may be back by then
                throw new RetriableException("the run journal does not give entry ids: " + e.getMessage(), e);
            }
            before = new SourceOffset(before.run(), before.checkpoint(), false, before.ordinal(), first, first + block);
            s.offset = before;
        }
        Page page;
        try {
            page = source.read(s.descriptor, Checkpoint.of(before.checkpoint()), settings.batchSize());
            if (page.records().size() > settings.batchSize()) {
                throw ConnectorException.permanent("source returned " + page.records().size() + " records, asked for at most "
                        + settings.batchSize(), null);
            }
        } catch (RuntimeException e) {
            boolean retry = e instanceof ConnectorException ce && ce.isTransient()
                    && ++s.failures <= settings.retryPolicy().maxRetries();
            if (retry) {
                Duration wait = settings.retryPolicy().backoff(s.failures, e,
                        ((ConnectorException) e).retryAfter().orElse(null));
                s.retryAt = now.plus(wait);
                LOG.warn("Sync {}: reading entity {} failed ({}); retry {} in {} ms", settings.sync(), s.descriptor.name(),
                        e.getMessage(), s.failures, wait.toMillis());
                return null;
            }
            s.done = true;
            String why = "reading from " + systemName + " failed: " + e.getMessage();
            LOG.warn("Sync {}: entity {} stops: {}", settings.sync(), s.descriptor.name(), why);
            return List.of(end(s, before, why));
        }
        s.failures = 0;
        List<SyncRecord> records = page.records();
        int n = records.size();
        SourceOffset after = new SourceOffset(settings.run(), page.next().value(), !page.hasMore(),
                before.ordinal() + n, before.nextId() + n, before.idEnd());
        List<SourceRecord> out = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            SourceOffset carried = i == n - 1 && page.hasMore() ? after : before;
            out.add(record(s, records.get(i), before.nextId() + i, carried));
        }
        s.offset = after;
        if (!page.hasMore()) {
            s.done = true;
            out.add(end(s, after, null));
        } else if (n == 0) {
            // a source with more to come but nothing now (an empty page): wait rather than spin
            s.retryAt = now.plus(settings.retryPolicy().backoff(1, null));
        }
        return out;
    }

    private SourceRecord record(Stream s, SyncRecord r, long entryId, SourceOffset offset) {
        ConnectHeaders headers = headers(s, offset);
        headers.addLong(RecordHeaders.ENTRY, entryId);
        if (r.reference() != null && !r.reference().equals(r.key())) {
            headers.addString(RecordHeaders.REFERENCE, r.reference()); // a record's reference is its key when absent
        }
        if (r.cursor() != null) {
            headers.addString(RecordHeaders.CURSOR, r.cursor());
        }
        Schema schema = null;
        Struct value = null;
        String rejection = r.rejection();
        if (rejection == null && r.key() == null) {
            rejection = "the record has no key";
        }
        if (rejection == null) {
            try {
                value = codec.encode(s.descriptor, r);
                schema = value.schema();
            } catch (IllegalArgumentException e) {
                rejection = "cannot be written to Kafka: " + e.getMessage();
            }
        }
        if (rejection != null) {
            headers.addString(RecordHeaders.REJECTION, rejection);
        }
        return new SourceRecord(s.sourcePartition, offset.toMap(), settings.topic(), s.partition,
                Schema.OPTIONAL_STRING_SCHEMA, r.key(), schema, value, null, headers);
    }

    private SourceRecord end(Stream s, SourceOffset offset, String error) {
        ConnectHeaders headers = headers(s, offset);
        headers.addString(RecordHeaders.KIND, RecordHeaders.END);
        headers.addLong(RecordHeaders.RECORDS, offset.ordinal());
        if (error != null) {
            headers.addString(RecordHeaders.ERROR, error);
        }
        return new SourceRecord(s.sourcePartition, offset.toMap(), settings.topic(), s.partition,
                Schema.OPTIONAL_STRING_SCHEMA, null, null, null, null, headers);
    }

    private ConnectHeaders headers(Stream s, SourceOffset offset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(RecordHeaders.SYNC, settings.sync());
        headers.addString(RecordHeaders.RUN, Objects.requireNonNull(offset.run(), "run"));
        headers.addString(RecordHeaders.ENTITY, s.descriptor.name());
        headers.addString(RecordHeaders.SYSTEM, systemName);
        return headers;
    }

    /** Closes the source. */
    public void stop() {
        try {
            source.close();
        } catch (RuntimeException e) {
            LOG.warn("Sync {}: closing the source failed: {}", settings.sync(), e.toString());
        }
    }
}
