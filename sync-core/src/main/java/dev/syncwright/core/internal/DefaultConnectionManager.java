package dev.syncwright.core.internal;

import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.MetadataSyncState;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The connection manager: holds the live connections, owns (or borrows) its executor and scheduler. */
public final class DefaultConnectionManager implements ConnectionManager {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConnectionManager.class);

    private final ConnectionSettings settings;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Map<String, DefaultConnection> connections = new LinkedHashMap<>();
    private final Map<String, List<ScheduledFuture<?>>> schedules = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<?>> scheduledWork = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param settings validated settings (see {@link ConnectionManager.Builder}) */
    public DefaultConnectionManager(ConnectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.executor() == null) {
            this.ownedExecutor = Executors.newCachedThreadPool(new DaemonThreads("syncwright-connection"));
            this.executor = ownedExecutor;
        } else {
            this.ownedExecutor = null;
            this.executor = settings.executor();
        }
        boolean scheduled = settings.checkEvery() != null || settings.metadataSyncEvery() != null;
        this.ownsScheduler = scheduled && settings.scheduler() == null;
        this.scheduler = ownsScheduler ? DaemonThreads.scheduler("syncwright-connection-scheduler") : settings.scheduler();
    }

    ConnectionSettings settings() {
        return settings;
    }

    @Override
    public Connection connect(String name, SourceConnector home, DestinationConnector companion) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("connection name must not be blank");
        }
        ConnectionState initial = new ConnectionState(UUID.randomUUID().toString(), name, ConnectionStatus.CONNECTING,
                "first check of both ends in progress", settings.clock().instant(), List.of(), MetadataSyncState.INITIAL,
                List.of());
        return open(initial, home, companion, true);
    }

    @Override
    public Connection restore(String connectionId, SourceConnector home, DestinationConnector companion) {
        ConnectionState stored = settings.store().load(connectionId).orElseThrow(() -> new IllegalArgumentException(
                "the connection store has no connection '" + connectionId + "'"));
        synchronized (this) {
            if (connections.containsKey(connectionId)) {
                throw new IllegalStateException("connection '" + stored.name() + "' (" + connectionId
                        + ") is already held by this manager");
            }
        }
        ConnectionState restored = DefaultConnection.interrupted(stored, settings.clock().instant());
        return open(restored, home, companion, restored.status() == ConnectionStatus.CONNECTING);
    }

    private Connection open(ConnectionState state, SourceConnector home, DestinationConnector companion, boolean firstCheck) {
        DefaultConnection connection = new DefaultConnection(this, executor, state, home, companion);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the connection manager is closed");
            }
            if (connections.putIfAbsent(state.id(), connection) != null) {
                throw new IllegalStateException("connection '" + state.name() + "' (" + state.id()
                        + ") is already held by this manager");
            }
        }
        connection.saveNow();
        schedule(connection);
        if (firstCheck) {
            try {
                CompletableFuture.runAsync(connection::checkNow, executor).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("The first check of connection '{}' failed", Texts.oneLine(state.name()), failure);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.warn("The first check of connection '{}' could not start: {}", Texts.oneLine(state.name()),
                        Texts.describe(e));
            }
        }
        return connection;
    }

    private void schedule(DefaultConnection connection) {
        List<ScheduledFuture<?>> futures = new ArrayList<>(2);
        Duration checkEvery = settings.checkEvery();
        if (checkEvery != null) {
            futures.add(scheduler.scheduleWithFixedDelay(() -> scheduledCheck(connection), checkEvery.toMillis(),
                    checkEvery.toMillis(), TimeUnit.MILLISECONDS));
        }
        Duration roundEvery = settings.metadataSyncEvery();
        if (roundEvery != null) {
            futures.add(scheduler.scheduleWithFixedDelay(() -> scheduledRound(connection), roundEvery.toMillis(),
                    roundEvery.toMillis(), TimeUnit.MILLISECONDS));
        }
        if (!futures.isEmpty()) {
            schedules.put(connection.id(), futures);
        }
    }

    /** A scheduled check: both ends, then, when ACTIVE, the count of metadata changes waiting. */
    private void scheduledCheck(DefaultConnection connection) {
        try {
            if (connection.checkNow() == ConnectionStatus.ACTIVE) {
                queueOnce(connection.id() + "/count", connection::checkMetadata);
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled check of connection '{}' failed", Texts.oneLine(connection.name()), e);
        }
    }

    /** A scheduled metadata round, unless the connection is not ACTIVE or its metadata syncing is paused. */
    private void scheduledRound(DefaultConnection connection) {
        try {
            if (connection.roundDue()) {
                queueOnce(connection.id() + "/round", connection::syncMetadata);
            } else {
                LOG.debug("Scheduled metadata round of connection '{}' skipped: {}, metadata sync {}",
                        Texts.oneLine(connection.name()), connection.status(), connection.metadataSync().status());
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled metadata round of connection '{}' could not start: {}", Texts.oneLine(connection.name()),
                    Texts.describe(e));
        }
    }

    /** Queues scheduled work unless the same work queued earlier has not ended yet, so a slow end sees no pile-up. */
    private void queueOnce(String key, java.util.function.Supplier<CompletableFuture<?>> work) {
        CompletableFuture<?> earlier = scheduledWork.get(key);
        if (earlier != null && !earlier.isDone()) {
            return;
        }
        CompletableFuture<?> queued = work.get();
        scheduledWork.put(key, queued);
        queued.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("Scheduled work {} failed: {}", Texts.oneLine(key), Texts.describe(failure));
            }
        });
    }

    void forget(DefaultConnection connection) {
        synchronized (this) {
            connections.remove(connection.id(), connection);
        }
        cancelSchedules(connection.id());
    }

    private void cancelSchedules(String connectionId) {
        List<ScheduledFuture<?>> futures = schedules.remove(connectionId);
        if (futures != null) {
            futures.forEach(f -> f.cancel(false));
        }
        scheduledWork.remove(connectionId + "/count");
        scheduledWork.remove(connectionId + "/round");
    }

    @Override
    public synchronized Optional<Connection> connection(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    @Override
    public synchronized List<Connection> connections() {
        return List.copyOf(connections.values());
    }

    @Override
    public List<ConnectionState> storedConnections() {
        return settings.store().loadAll();
    }

    @Override
    public void close() {
        List<String> ids;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ids = new ArrayList<>(connections.keySet());
        }
        ids.forEach(this::cancelSchedules);
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }
}
