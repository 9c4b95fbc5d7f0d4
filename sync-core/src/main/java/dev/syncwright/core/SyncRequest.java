package dev.syncwright.core;

import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to sync: a named sync between a source and a destination, which entities, in which mode, with
 * which retry policy. Immutable and thread-safe; build with {@link #builder(String)}.
 *
 * <p>The sync name identifies the sync across runs: checkpoints are stored under it, so a run with the
 * same name continues an interrupted earlier run.
 */
public final class SyncRequest {
    private final String syncName;
    private final SourceConnector source;
    private final DestinationConnector destination;
    private final List<String> entities;
    private final SyncMode mode;
    private final RetryPolicy retryPolicy;
    private final Map<String, RetryPolicy> entityRetryPolicies;
    private final Set<Long> resend;
    private final List<SyncListener> listeners;

    private SyncRequest(Builder b) {
        this.syncName = b.syncName;
        this.source = b.source;
        this.destination = b.destination;
        this.entities = b.entities == null ? List.of() : List.copyOf(b.entities);
        this.mode = b.mode;
        this.retryPolicy = b.retryPolicy;
        this.entityRetryPolicies = Map.copyOf(b.entityRetryPolicies);
        this.resend = Collections.unmodifiableSet(new LinkedHashSet<>(b.resend));
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * @param syncName the sync's name, not blank; checkpoints are kept under it
     * @return a builder; not thread-safe
     */
    public static Builder builder(String syncName) {
        return new Builder(syncName);
    }

    /** @return the sync's name */
    public String syncName() {
        return syncName;
    }

    /** @return the source connector */
    public SourceConnector source() {
        return source;
    }

    /** @return the destination connector */
    public DestinationConnector destination() {
        return destination;
    }

    /** @return the entity names to sync, in order; empty means every entity the source lists */
    public List<String> entities() {
        return entities;
    }

    /** @return where entities start when the run does not continue an interrupted one */
    public SyncMode mode() {
        return mode;
    }

    /** @return the retry policy for this sync, if set; else the engine's default applies */
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.ofNullable(retryPolicy);
    }

    /**
     * @param entity the entity's name
     * @return the retry policy of one entity: its own, else this sync's, else empty (engine default)
     */
    public Optional<RetryPolicy> retryPolicy(String entity) {
        RetryPolicy own = entityRetryPolicies.get(entity);
        return own != null ? Optional.of(own) : retryPolicy();
    }

    /** @return for a resync run, the journal entries to re-send (unmodifiable); empty for a normal run */
    public Set<Long> resend() {
        return resend;
    }

    /** @return true when this run re-sends journal entries instead of reading entities through */
    public boolean isResync() {
        return !resend.isEmpty();
    }

    /** @return listeners for this run only, in addition to the engine's */
    public List<SyncListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return "SyncRequest[" + syncName + ", " + mode + ", entities=" + (entities.isEmpty() ? "all" : entities)
                + (isResync() ? ", resync of " + resend.size() + " entries" : "") + "]";
    }

    /** Builds a {@link SyncRequest}; validates each setting as it is given. Not thread-safe. */
    public static final class Builder {
        private final String syncName;
        private SourceConnector source;
        private DestinationConnector destination;
        private List<String> entities;
        private SyncMode mode = SyncMode.FULL;
        private RetryPolicy retryPolicy;
        private final Map<String, RetryPolicy> entityRetryPolicies = new LinkedHashMap<>();
        private final Set<Long> resend = new LinkedHashSet<>();
        private final List<SyncListener> listeners = new ArrayList<>();

        private Builder(String syncName) {
            if (syncName == null || syncName.isBlank()) {
                throw new IllegalArgumentException("syncName must not be blank");
            }
            this.syncName = syncName;
        }

        /**
         * @param source the source connector, not null; the engine opens and closes it
         * @return this builder
         */
        public Builder source(SourceConnector source) {
            this.source = Objects.requireNonNull(source, "source must not be null");
            return this;
        }

        /**
         * @param destination the destination connector, not null; the engine opens and closes it
         * @return this builder
         */
        public Builder destination(DestinationConnector destination) {
            this.destination = Objects.requireNonNull(destination, "destination must not be null");
            return this;
        }

        /**
         * Restricts the run to these entities, in this order. Not calling it syncs every entity of the source.
         *
         * @param entityNames the entity names, not null, not empty, no blanks or duplicates
         * @return this builder
         */
        public Builder entities(List<String> entityNames) {
            Objects.requireNonNull(entityNames, "entities must not be null (leave it unset to sync every entity)");
            if (entityNames.isEmpty()) {
                throw new IllegalArgumentException("entities must not be empty (leave it unset to sync every entity)");
            }
            LinkedHashSet<String> unique = new LinkedHashSet<>();
            for (String name : entityNames) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("entities must not contain a blank name: " + entityNames);
                }
                if (!unique.add(name)) {
                    throw new IllegalArgumentException("entities lists '" + name + "' twice");
                }
            }
            this.entities = List.copyOf(unique);
            return this;
        }

        /**
         * @param entityNames the entities to sync, in order
         * @return this builder
         * @see #entities(List)
         */
        public Builder entities(String... entityNames) {
            return entities(List.of(Objects.requireNonNull(entityNames, "entities must not be null")));
        }

        /**
         * @param mode FULL (default) or INCREMENTAL, not null
         * @return this builder
         */
        public Builder mode(SyncMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode must not be null");
            return this;
        }

        /**
         * @param policy the retry policy for every entity of this sync, not null
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy must not be null");
            return this;
        }

        /**
         * @param entity an entity
         * @param policy its own retry policy, overriding the sync's
         * @return this builder
         */
        public Builder retryPolicy(String entity, RetryPolicy policy) {
            if (entity == null || entity.isBlank()) {
                throw new IllegalArgumentException("retryPolicy entity must not be blank");
            }
            entityRetryPolicies.put(entity, Objects.requireNonNull(policy, "retryPolicy must not be null"));
            return this;
        }

        /**
         * Makes this a resync run: instead of reading entities through, read the records of these journal entries
         * again by key and send them again, updating the same entries (their attempts go on counting; their
         * latest sync info names this run). Checkpoints are neither read nor moved. Entries the journal does not
         * know, or without a source id, are skipped; a record the source no longer has ends FAILED with the
         * reason. May be called several times.
         *
         * @param entryIds the entries' ids (the report's sync ids), not null, no null id
         * @return this builder
         */
        public Builder resend(Collection<Long> entryIds) {
            Objects.requireNonNull(entryIds, "resend entry ids must not be null");
            for (Long id : entryIds) {
                resend.add(Objects.requireNonNull(id, "resend must not contain a null id"));
            }
            return this;
        }

        /**
         * @param listener an extra listener for this run only, not null
         * @return this builder
         */
        public Builder listener(SyncListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * @return the request
         * @throws IllegalStateException when the source or destination is missing
         */
        public SyncRequest build() {
            if (source == null) {
                throw new IllegalStateException("source is required");
            }
            if (destination == null) {
                throw new IllegalStateException("destination is required");
            }
            return new SyncRequest(this);
        }
    }
}
