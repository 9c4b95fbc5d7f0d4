package dev.syncwright.reporting;

import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The "resync" mass action: re-sends selected report entries. It starts one resync run
 * ({@link SyncRequest.Builder#resend}) that reads the entries' records again from the source by key
 * ({@link SourceConnector#readByKeys}) and sends them through the engine, with its retries; the run updates the
 * same journal entries by id (status, attempts counted on, message, latest sync info naming the resync run). A
 * record the source no longer has ends FAILED with the reason. Entries without a source id (records that arrived
 * without a key) cannot be read again and are left as they are.
 *
 * <p>The engine must write to the same store as its journal ({@link SyncEngine.Builder#journal}), or the run
 * finds no entry to re-send.
 *
 * <p>Thread-safe: one instance may start several resyncs at once. Build with {@link #builder}.
 */
public final class Resync {
    private final ReportStore store;
    private final SyncEngine engine;
    private final SourceConnector source;
    private final DestinationConnector destination;
    private final String syncName;
    private final RetryPolicy retryPolicy;

    private Resync(Builder b) {
        this.store = b.store;
        this.engine = b.engine;
        this.source = b.source;
        this.destination = b.destination;
        this.syncName = b.syncName;
        this.retryPolicy = b.retryPolicy;
    }

    /**
     * @param store  the report whose entries are re-sent and updated, not null; the engine's journal
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
     * Re-sends every entry that matches the filter (all pages).
     *
     * @param filter the selection, not null
     * @return the resync run's handle
     * @throws IllegalArgumentException when no matching entry can be re-sent
     */
    public SyncExecution matching(ReportFilter filter) {
        Objects.requireNonNull(filter, "filter must not be null");
        List<ReportEntry> selected;
        try (Stream<ReportEntry> entries = store.stream(filter, ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC))) {
            selected = entries.toList();
        }
        return start(selected);
    }

    private SyncExecution start(List<ReportEntry> selected) {
        List<Long> ids = selected.stream().filter(e -> e.sourceId() != null).map(ReportEntry::syncId).toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("the selection holds no entry that can be resynced (" + selected.size()
                    + " selected, none with a source id)");
        }
        SyncRequest.Builder request = SyncRequest.builder(syncName).source(source).destination(destination).resend(ids);
        if (retryPolicy != null) {
            request.retryPolicy(retryPolicy);
        }
        return engine.start(request.build());
    }

    /** Builds a {@link Resync}. Not thread-safe. */
    public static final class Builder {
        private final ReportStore store;
        private final SyncEngine engine;
        private SourceConnector source;
        private DestinationConnector destination;
        private String syncName = "resync";
        private RetryPolicy retryPolicy;

        private Builder(ReportStore store, SyncEngine engine) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
        }

        /**
         * @param source where records are read again by key, not null (the engine opens and closes it)
         * @return this builder
         */
        public Builder source(SourceConnector source) {
            this.source = Objects.requireNonNull(source, "source must not be null");
            return this;
        }

        /**
         * @param destination where records are sent again, not null
         * @return this builder
         */
        public Builder destination(DestinationConnector destination) {
            this.destination = Objects.requireNonNull(destination, "destination must not be null");
            return this;
        }

        /**
         * @param name the resync runs' sync name, not blank (default "resync")
         * @return this builder
         */
        public Builder syncName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("syncName must not be blank");
            }
            this.syncName = name;
            return this;
        }

        /**
         * @param policy the retries of resync runs, not null (default: the engine's)
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy must not be null");
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
