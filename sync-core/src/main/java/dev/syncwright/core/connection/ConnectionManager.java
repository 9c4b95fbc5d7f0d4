package dev.syncwright.core.connection;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.internal.ConnectionSettings;
import dev.syncwright.core.internal.DefaultConnectionManager;
import dev.syncwright.core.internal.Settings;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Makes and keeps {@link Connection}s, runs their initial syncs on a {@link SyncEngine}, saves their state
 * in a {@link ConnectionStore}, and, when the host enables it, checks them and runs metadata rounds on a
 * schedule.
 *
 * <pre>{@code
 * try (ConnectionManager connections = ConnectionManager.builder().engine(engine)
 *         .checkEvery(Duration.ofMinutes(5)).metadataSyncEvery(Duration.ofHours(1)).build()) {
 *     Connection crm = connections.connect("crm to erp", crmSource, erpDestination);
 *     crm.connected().join();
 *     crm.share(DataSpace.of("sales", "orders", "customers")).join();
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops schedules and the threads the manager created itself; it neither
 * closes the engine nor disconnects connections (their state stays in the store).
 */
public interface ConnectionManager extends AutoCloseable {

    /** @return a builder with the documented defaults; not thread-safe */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Makes a new connection with a fresh id. It is CONNECTING and saved at once; the first check of both ends
     * runs on the manager's executor (see {@link Connection#connected()}).
     *
     * @param name      a name for humans, not blank
     * @param home      the home system's connector, not null
     * @param companion the companion system's connector, not null
     * @return the connection
     * @throws IllegalStateException when the manager is closed
     */
    Connection connect(String name, SourceConnector home, DestinationConnector companion);

    /**
     * Brings back a connection from the store, e.g. after the host restarted, with the connectors to use.
     * Work the previous process left half done is marked, not resumed: a data space ACTIVATING or
     * REMOVING_SHARING becomes ERROR with the reason "interrupted" (retry or unshare again), a metadata round
     * IN_PROGRESS becomes PENDING. A connection stored as CONNECTING gets its first check again.
     *
     * @param connectionId the id of a stored connection
     * @param home         the home system's connector, not null
     * @param companion    the companion system's connector, not null
     * @return the connection
     * @throws IllegalArgumentException when the store has no connection of that id
     * @throws IllegalStateException    when this manager already holds it, or the manager is closed
     */
    Connection restore(String connectionId, SourceConnector home, DestinationConnector companion);

    /**
     * @param connectionId the connection's id
     * @return the connection of that id this manager holds (made or restored here, not disconnected)
     */
    Optional<Connection> connection(String connectionId);

    /** @return the connections this manager holds, in the order they were made or restored */
    List<Connection> connections();

    /** @return the states in the store, including connections this manager does not hold (yet) */
    List<ConnectionState> storedConnections();

    /**
     * Stops the schedules and shuts down the executor and scheduler the manager created itself (injected
     * ones are left running). Initial syncs already running go on in the engine. Calling it again does nothing.
     */
    @Override
    void close();

    /** Builds a {@link ConnectionManager}; each setting is checked as it is given. Not thread-safe. */
    final class Builder {
        private SyncEngine engine;
        private ConnectionStore store;
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private ScheduledExecutorService scheduler;
        private Duration checkEvery;
        private Duration metadataSyncEvery;
        private final List<ConnectionListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param engine runs the initial syncs of data spaces; required; the manager never closes it
         * @return this builder
         */
        public Builder engine(SyncEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
            return this;
        }

        /**
         * @param store where connection states are kept (default: in memory, see {@link ConnectionStore#inMemory()})
         * @return this builder
         */
        public Builder store(ConnectionStore store) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            return this;
        }

        /**
         * @param clock the source of every time connections record (default {@link Clock#systemUTC()})
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * @param executor runs checks, removals of unshared data and metadata rounds; the manager never shuts
         *                 it down. Default: a pool of daemon threads the manager owns, created as needed.
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /**
         * @param scheduler runs the scheduled checks and metadata rounds; the manager never shuts it down.
         *                  Default: one daemon thread the manager owns, created only when a schedule is enabled.
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * Enables scheduled checks: every {@code interval}, each connection checks both ends (as
         * {@link Connection#check()}) and, when ACTIVE, counts the metadata changes waiting
         * ({@link Connection#checkMetadata()}). Default: off; checks run only on demand.
         *
         * @param interval the delay between the end of one check and the start of the next, positive
         * @return this builder
         */
        public Builder checkEvery(Duration interval) {
            this.checkEvery = Settings.positive(interval, "checkEvery");
            return this;
        }

        /**
         * Enables scheduled metadata rounds: every {@code interval}, each ACTIVE connection whose metadata
         * syncing is not paused runs a round (as {@link Connection#syncMetadata()}). Default: off; rounds run
         * only on demand.
         *
         * @param interval the delay between one round and the next, positive
         * @return this builder
         */
        public Builder metadataSyncEvery(Duration interval) {
            this.metadataSyncEvery = Settings.positive(interval, "metadataSyncEvery");
            return this;
        }

        /**
         * @param listener receives status changes of every connection, not null; may be called several times
         * @return this builder
         */
        public Builder listener(ConnectionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * @return a new manager with a copy of these settings
         * @throws IllegalStateException when no engine was given
         */
        public ConnectionManager build() {
            if (engine == null) {
                throw new IllegalStateException("engine is required: the manager runs initial syncs on it");
            }
            return new DefaultConnectionManager(new ConnectionSettings(engine,
                    store == null ? ConnectionStore.inMemory() : store, clock, executor, scheduler, checkEvery,
                    metadataSyncEvery, List.copyOf(listeners)));
        }
    }
}
