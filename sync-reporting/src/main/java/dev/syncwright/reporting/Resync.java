package dev.syncwright.reporting;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The "resync" mass action: re-sends selected report entries. The records are read again from the source by
 * key ({@link SourceConnector#readByKeys}) and sent through the engine in one resync run, with the engine's
 * retries; each outcome updates the entry it belongs to (status, attempts added to the earlier ones, message,
 * latest sync info naming the resync run) instead of adding one. A record the source no longer has ends
 * FAILED with the reason {@value #MISSING}. Entries without a source id (records that arrived without a key)
 * cannot be read again and are left as they are.
 *
 * <p>Thread-safe: one instance may start several resyncs at once. Build with {@link #builder}.
 */
public final class Resync {
    /** The message of an entry whose record is no longer in the source. */
    public static final String MISSING = "record no longer exists in the source";

    private final ReportStore store;
    private final SyncEngine engine;
    private final SourceConnector source;
    private final DestinationConnector destination;
    private final String syncName;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    private Resync(Builder b) {
        this.store = b.store;
        this.engine = b.engine;
        this.source = b.source;
        this.destination = b.destination;
        this.syncName = b.syncName;
        this.retryPolicy = b.retryPolicy;
        this.clock = b.clock;
    }

    /**
     * @param store  the report whose entries are re-sent and updated, not null
     * @param engine the engine that runs the resync, not null
     * @return a builder; not thread-safe
     */
    public static Builder builder(ReportStore store, SyncEngine engine) {
        return new Builder(store, engine);
    }

    /**
     * Re-sends the entries with these sync ids (unknown or purged ids are ignored).
     *
     * @param syncIds the entries, not null
     * @return the resync run's handle
     * @throws IllegalArgumentException when no selected entry can be re-sent (none exists or none has a
     *                                  source id)
     */
    public SyncExecution entries(Collection<Long> syncIds) {
        Objects.requireNonNull(syncIds, "syncIds must not be null");
        return start(store.getAll(syncIds));
    }

    /**
     * Re-sends every entry that matches the query (all pages, its cursor ignored).
     *
     * @param query the selection, not null
     * @return the resync run's handle
     * @throws IllegalArgumentException when no matching entry can be re-sent
     */
    public SyncExecution matching(ReportQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        List<ReportEntry> selected;
        try (Stream<ReportEntry> entries = store.stream(query)) {
            selected = entries.toList();
        }
        return start(selected);
    }

    /** One record to re-send, and the entries it updates with their attempts before this resync. */
    private record Target(List<long[]> entries) {
    }

    private SyncExecution start(List<ReportEntry> selected) {
        // (entity, key) -> entries: the same record may have entries of several runs; all are updated
        Map<String, Map<String, Target>> targets = new LinkedHashMap<>();
        for (ReportEntry e : selected) {
            if (e.sourceId() != null) {
                targets.computeIfAbsent(e.entity(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(e.sourceId(), k -> new Target(new ArrayList<>()))
                        .entries().add(new long[] {e.syncId(), e.attempts()});
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the selection holds no entry that can be resynced (" + selected.size()
                    + " selected, none with a source id)");
        }
        SyncRequest.Builder request = SyncRequest.builder(syncName).source(source).destination(destination)
                .listener(new Updater(targets));
        targets.forEach((entity, keys) -> request.onlyKeys(entity, keys.keySet()));
        if (retryPolicy != null) {
            request.retryPolicy(retryPolicy);
        }
        return engine.start(request.build());
    }

    /** Maps the resync run's outcomes back onto the selected entries. */
    private final class Updater implements SyncListener {
        private final Map<String, Map<String, Target>> targets;
        private final Set<String> answered = ConcurrentHashMap.newKeySet();
        private final Map<String, String> entityErrors = new ConcurrentHashMap<>();

        Updater(Map<String, Map<String, Target>> targets) {
            this.targets = targets;
        }

        @Override
        public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
            List<EntryUpdate> updates = new ArrayList<>();
            for (RecordOutcome o : outcomes) {
                Target t = o.key() == null ? null : targets.getOrDefault(o.entity(), Map.of()).get(o.key());
                if (t == null) {
                    continue;
                }
                answered.add(o.entity() + '\u0000' + o.key());
                for (long[] entry : t.entries()) {
                    updates.add(new EntryUpdate(entry[0], run.runId(), o.status(), (int) entry[1] + o.attempts(),
                            o.message(), o.endpointId(), o.time()));
                }
            }
            if (!updates.isEmpty()) {
                store.update(updates);
            }
        }

        @Override
        public void onEntityFinished(RunInfo run, EntityProgress entity) {
            if (entity.status() == EntityStatus.ERROR && entity.error() != null) {
                entityErrors.put(entity.entity(), entity.error());
            }
        }

        /** Keys the run never answered for: missing from the source, or lost to an entity failure. */
        @Override
        public void onRunFinished(RunInfo run, SyncResult result) {
            if (result.status() == RunStatus.CANCELLED) {
                return; // not attempted; the entries keep their status for a later resync
            }
            List<EntryUpdate> updates = new ArrayList<>();
            List<SyncLogEvent> events = new ArrayList<>();
            targets.forEach((entity, keys) -> {
                String error = entityErrors.get(entity);
                if (error == null && result.status() == RunStatus.FAILED) {
                    error = result.failure();
                }
                String reason = error == null ? MISSING : "resync failed: " + error;
                int unanswered = 0;
                for (Map.Entry<String, Target> k : keys.entrySet()) {
                    if (!answered.contains(entity + '\u0000' + k.getKey())) {
                        unanswered++;
                        for (long[] entry : k.getValue().entries()) {
                            updates.add(new EntryUpdate(entry[0], run.runId(), DeliveryStatus.FAILED, (int) entry[1],
                                    reason, null, clock.instant()));
                        }
                    }
                }
                if (unanswered > 0) {
                    events.add(new SyncLogEvent(clock.instant(), SyncLogLevel.ERROR, run.runId(), run.system(), entity,
                            SyncLogKind.RESYNC_FAILED, unanswered + " records not resynced: " + reason, null));
                }
            });
            if (!updates.isEmpty()) {
                store.update(updates);
                store.appendLog(events);
            }
        }
    }

    /** Builds a {@link Resync}. Not thread-safe. */
    public static final class Builder {
        private final ReportStore store;
        private final SyncEngine engine;
        private SourceConnector source;
        private DestinationConnector destination;
        private String syncName = "resync";
        private RetryPolicy retryPolicy;
        private Clock clock = Clock.systemUTC();

        private Builder(ReportStore store, SyncEngine engine) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
        }

        /** @param source where records are read again by key, not null (the engine opens and closes it) */
        public Builder source(SourceConnector source) {
            this.source = Objects.requireNonNull(source, "source must not be null");
            return this;
        }

        /** @param destination where records are sent again, not null */
        public Builder destination(DestinationConnector destination) {
            this.destination = Objects.requireNonNull(destination, "destination must not be null");
            return this;
        }

        /** @param name the resync runs' sync name, not blank (default "resync") */
        public Builder syncName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("syncName must not be blank");
            }
            this.syncName = name;
            return this;
        }

        /** @param policy the retries of resync runs, not null (default: the engine's) */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy must not be null");
            return this;
        }

        /** @param clock the time of updates the engine gives no time for (missing records), not null */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * @return the resync action
         * @throws IllegalStateException when the source or destination is missing
         */
        public Resync build() {
            if (source == null) {
                throw new IllegalStateException("source is required");
            }
            if (destination == null) {
                throw new IllegalStateException("destination is required");
            }
            return new Resync(this);
        }
    }
}
