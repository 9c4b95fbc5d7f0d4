package dev.syncwright.core.internal;

import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.core.connection.MetadataSyncState;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.core.connection.StatusChange;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SchemaChange;
import dev.syncwright.spi.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's state machine. Every field below the lock comment is guarded by {@code this}, which is held
 * only to read and change them: connectors, the engine, listeners and the store are never called while holding
 * it. A change posts its listener callbacks and the save of the new state to {@link #outbox} under the lock,
 * and the thread that made it drains the outbox once it has let the lock go; so every path that changes state
 * ends with {@code outbox.drain()}. Work that uses the connectors goes through {@link #lane}, so it never
 * overlaps.
 */
final class DefaultConnection implements Connection {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConnection.class);

    private final DefaultConnectionManager manager;
    private final ConnectionSettings settings;
    private final Executor executor;
    private final String id;
    private final String name;
    private final SourceConnector home;
    private final DestinationConnector companion;
    private final ConnectionEvents events;
    private final OperationLane lane = new OperationLane();
    private final ConnectionOutbox outbox = new ConnectionOutbox(this, this::store);
    private final Map<String, SyncExecution> initialSyncs = new ConcurrentHashMap<>();
    private final CompletableFuture<ConnectionStatus> connected = new CompletableFuture<>();
    private final AtomicLong checksStarted = new AtomicLong();

    // guarded by this
    private ConnectionStatus status;
    private String reason;
    private Instant since;
    private final Map<String, DataSpaceState> dataSpaces = new LinkedHashMap<>();
    private final Map<String, EntityDescriptor> synced = new LinkedHashMap<>();
    private MetadataSyncState metadata;
    private final Map<String, String> cancelReasons = new HashMap<>();
    /** Data spaces whose last initial sync here was cancelled with nothing failed: a retry may continue it. */
    private final Set<String> resumable = new HashSet<>();
    /** The number of the latest check whose result was applied; results of checks started before it are stale. */
    private long lastAppliedCheck;

    DefaultConnection(DefaultConnectionManager manager, Executor executor, ConnectionState state,
                      SourceConnector home, DestinationConnector companion) {
        this.manager = manager;
        this.settings = manager.settings();
        this.executor = executor;
        this.id = state.id();
        this.name = state.name();
        this.home = Objects.requireNonNull(home, "home must not be null");
        this.companion = Objects.requireNonNull(companion, "companion must not be null");
        this.events = new ConnectionEvents(settings.listeners());
        this.status = state.status();
        this.reason = state.reason();
        this.since = state.since();
        state.dataSpaces().forEach(d -> dataSpaces.put(d.name(), d));
        state.syncedMetadata().forEach(d -> synced.put(d.name(), d));
        this.metadata = state.metadata();
        if (status != ConnectionStatus.CONNECTING) {
            connected.complete(status);
        }
    }

    /**
     * @return the stored state with the work a previous process left half done marked: ACTIVATING and
     *         REMOVING_SHARING data spaces become ERROR, a metadata round IN_PROGRESS becomes PENDING
     */
    static ConnectionState interrupted(ConnectionState stored, Instant now) {
        List<DataSpaceState> spaces = new ArrayList<>();
        for (DataSpaceState d : stored.dataSpaces()) {
            spaces.add(switch (d.status()) {
                case ACTIVATING -> d.with(DataSpaceStatus.ERROR, "interrupted: the initial sync did not end before the "
                        + "host stopped; retry sharing", now);
                case REMOVING_SHARING -> d.with(DataSpaceStatus.ERROR, "interrupted: removing its data did not end "
                        + "before the host stopped; unshare again", now);
                default -> d;
            });
        }
        MetadataSyncState m = stored.metadata();
        if (m.status() == MetadataSyncStatus.IN_PROGRESS) {
            m = new MetadataSyncState(MetadataSyncStatus.PENDING, m.pendingChanges(), m.round(), m.lastRoundAt(),
                    "interrupted: round " + m.round() + " did not end before the host stopped", m.errorLog());
        }
        return new ConnectionState(stored.id(), stored.name(), stored.status(), stored.reason(), stored.since(),
                spaces, m, stored.syncedMetadata());
    }

    // ---- identity and snapshots

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SourceConnector home() {
        return home;
    }

    @Override
    public DestinationConnector companion() {
        return companion;
    }

    @Override
    public synchronized ConnectionStatus status() {
        return status;
    }

    @Override
    public synchronized ConnectionState state() {
        return new ConnectionState(id, name, status, reason, since, new ArrayList<>(dataSpaces.values()), metadata,
                new ArrayList<>(synced.values()));
    }

    @Override
    public CompletableFuture<ConnectionStatus> connected() {
        return connected.copy();
    }

    @Override
    public synchronized List<DataSpaceState> dataSpaces() {
        return List.copyOf(dataSpaces.values());
    }

    @Override
    public synchronized Optional<DataSpaceState> dataSpace(String dataSpace) {
        return Optional.ofNullable(dataSpaces.get(dataSpace));
    }

    @Override
    public Optional<SyncExecution> initialSync(String dataSpace) {
        return Optional.ofNullable(initialSyncs.get(dataSpace));
    }

    @Override
    public synchronized MetadataSyncState metadataSync() {
        return metadata;
    }

    @Override
    public String toString() {
        return "Connection[" + name + ", " + id + "]";
    }

    // ---- checks

    @Override
    public CompletableFuture<ConnectionStatus> check() {
        synchronized (this) {
            requireConnected("check it");
        }
        return CompletableFuture.supplyAsync(this::checkNow, executor);
    }

    /**
     * Checks both ends on the calling thread and moves the status accordingly, unless a check that started
     * later has been applied meanwhile: checks race (on demand, scheduled), and the result of the one that
     * started last is the newest news of both ends, whatever order they end in.
     */
    ConnectionStatus checkNow() {
        long number = checksStarted.incrementAndGet();
        ConnectionCheck homeCheck = Connectors.probe(home::check);
        ConnectionCheck companionCheck = Connectors.probe(companion::check);
        List<SyncExecution> toCancel = List.of();
        ConnectionStatus after;
        synchronized (this) {
            if (status == ConnectionStatus.DISCONNECTED) {
                return status;
            }
            if (number < lastAppliedCheck) {
                LOG.debug("Connection '{}': the result of check {} is dropped, check {} started later and was applied",
                        Texts.oneLine(name), number, lastAppliedCheck);
                return status;
            }
            lastAppliedCheck = number;
            ConnectionStatus before = status;
            String reasonBefore = reason;
            if (homeCheck.isOk() && companionCheck.isOk()) {
                if (status == ConnectionStatus.CONNECTING) {
                    moveTo(sharedOrNot(), "both ends answered the first check");
                } else if (status == ConnectionStatus.INACTIVE) {
                    moveTo(sharedOrNot(), "a check passed again: both ends answer");
                }
            } else {
                String why = failedCheck(homeCheck, companionCheck);
                if (status != ConnectionStatus.INACTIVE) {
                    moveTo(ConnectionStatus.INACTIVE, why);
                    toCancel = cancelInitialSyncs("the connection became INACTIVE (" + why + ")");
                } else {
                    reason = why; // still INACTIVE; keep what the latest check said
                }
            }
            if (status != before || !Objects.equals(reason, reasonBefore)) {
                persist();
            }
            after = status;
        }
        toCancel.forEach(SyncExecution::cancel);
        outbox.drain();
        connected.complete(after);
        return after;
    }

    private String failedCheck(ConnectionCheck homeCheck, ConnectionCheck companionCheck) {
        List<String> failed = new ArrayList<>(2);
        if (!homeCheck.isOk()) {
            failed.add("home " + Texts.oneLine(home.systemName()) + ": " + Texts.oneLine(homeCheck.toString()));
        }
        if (!companionCheck.isOk()) {
            failed.add("companion " + Texts.oneLine(companion.systemName()) + ": "
                    + Texts.oneLine(companionCheck.toString()));
        }
        return String.join("; ", failed);
    }

    // guarded by this
    private ConnectionStatus sharedOrNot() {
        return dataSpaces.isEmpty() ? ConnectionStatus.INCOMPLETE : ConnectionStatus.ACTIVE;
    }

    // guarded by this
    private List<SyncExecution> cancelInitialSyncs(String why) {
        List<SyncExecution> running = new ArrayList<>();
        for (DataSpaceState d : dataSpaces.values()) {
            SyncExecution run = initialSyncs.get(d.name());
            if (d.status() == DataSpaceStatus.ACTIVATING && run != null && !run.completion().isDone()) {
                cancelReasons.put(d.name(), why);
                running.add(run);
            }
        }
        return running;
    }

    // ---- data spaces

    @Override
    public CompletableFuture<DataSpaceState> share(DataSpace dataSpace) {
        Objects.requireNonNull(dataSpace, "dataSpace must not be null");
        String dsName = dataSpace.name();
        synchronized (this) {
            requireUsable("share data space '" + dsName + "'");
            DataSpaceState existing = dataSpaces.get(dsName);
            if (existing != null) {
                throw new IllegalStateException("data space '" + dsName + "' is already shared over connection '" + name
                        + "' (" + existing.status() + ")");
            }
            for (DataSpaceState other : dataSpaces.values()) {
                for (String entity : dataSpace.entities()) {
                    if (other.dataSpace().entities().contains(entity)) {
                        throw new IllegalArgumentException("entity '" + entity + "' is already shared in data space '"
                                + other.name() + "' of connection '" + name + "'; data spaces must not overlap, so "
                                + "that unsharing one removes only its own data");
                    }
                }
            }
            // one line: the engine logs the sync name
            String syncName = "connection-" + Texts.oneLine(id) + "/" + Texts.oneLine(dsName) + "/"
                    + UUID.randomUUID().toString().substring(0, 8);
            DataSpaceState shared = new DataSpaceState(dataSpace, DataSpaceStatus.ACTIVATING,
                    "shared; initial sync queued", now(), syncName);
            dataSpaces.put(dsName, shared);
            StatusChange<DataSpaceStatus> change = new StatusChange<>(null, shared.status(), shared.reason(),
                    shared.since());
            outbox.post(() -> events.dataSpaceStatus(this, dsName, change));
            if (status == ConnectionStatus.INCOMPLETE) {
                moveTo(ConnectionStatus.ACTIVE, "data space '" + dsName + "' shared");
            }
            persist();
        }
        outbox.drain();
        return lane.enqueue(() -> startInitialSync(dsName, false));
    }

    @Override
    public CompletableFuture<DataSpaceState> retryShare(String dataSpace) {
        synchronized (this) {
            requireUsable("retry sharing data space '" + dataSpace + "'");
            DataSpaceState d = requireDataSpace(dataSpace);
            if (d.status() != DataSpaceStatus.ERROR) {
                throw new IllegalStateException("data space '" + dataSpace + "' of connection '" + name + "' is "
                        + d.status() + "; only a data space in ERROR can be retried");
            }
            moveDataSpace(d, DataSpaceStatus.ACTIVATING, "retry: initial sync queued");
            persist();
        }
        outbox.drain();
        return lane.enqueue(() -> startInitialSync(dataSpace, true));
    }

    /**
     * Starts a data space's initial sync; a retry starts it over unless the last one was cancelled with
     * nothing failed. Runs in the lane.
     */
    private CompletableFuture<DataSpaceState> startInitialSync(String dsName, boolean retry) {
        try {
            return startInitialSyncLocked(dsName, retry);
        } finally {
            outbox.drain();
        }
    }

    private CompletableFuture<DataSpaceState> startInitialSyncLocked(String dsName, boolean retry) {
        DataSpaceState d;
        boolean startOver;
        synchronized (this) {
            d = dataSpaces.get(dsName);
            if (d == null || d.status() != DataSpaceStatus.ACTIVATING) {
                return CompletableFuture.completedFuture(d);
            }
            if (!status.isUsable()) {
                return CompletableFuture.completedFuture(failInitialSync(d, "initial sync not started: the connection is "
                        + statusText()));
            }
            // Continuing from the checkpoints is safe only after a clean cancel: after failures, an entity the
            // engine counts as complete may hold FAILED records that only a new pass sends again (the companion
            // stores by key, so sending the delivered ones again does no harm). After a restart nobody knows.
            startOver = retry && !resumable.remove(dsName);
        }
        if (startOver) {
            try {
                settings.engine().reset(d.syncName());
            } catch (RuntimeException e) {
                synchronized (this) {
                    return CompletableFuture.completedFuture(failInitialSync(d, "initial sync could not start over: "
                            + Texts.describe(e)));
                }
            }
        }
        RecordingSource recording = new RecordingSource(home, listed -> recordBeforeWriting(dsName, listed));
        SyncExecution run;
        try {
            run = settings.engine().start(SyncRequest.builder(d.syncName()).source(recording).destination(companion)
                    .entities(d.dataSpace().entities()).build());
        } catch (RuntimeException e) {
            synchronized (this) {
                return CompletableFuture.completedFuture(failInitialSync(d, "initial sync could not start: "
                        + Texts.describe(e)));
            }
        }
        initialSyncs.put(dsName, run);
        boolean cancel;
        synchronized (this) {
            cancel = !status.isUsable();
            if (cancel) {
                cancelReasons.put(dsName, "the connection is " + statusText());
            }
        }
        if (cancel) {
            run.cancel();
        }
        return run.completion().handle((result, failure) -> initialSyncEnded(dsName, result, failure));
    }

    /**
     * Called by the initial sync's source when the engine lists the home's entities, which it does before it
     * writes anything: records the descriptors of the data space's entities as given to the companion, and
     * waits until the store has them. A host that dies during the initial sync thus still knows, from the
     * store, every entity whose data an unshare must remove.
     *
     * @throws IllegalStateException when the store failed: the initial sync must not write what could not be
     *                               recorded (the engine then ends the run FAILED with this message)
     */
    private void recordBeforeWriting(String dsName, List<EntityDescriptor> listed) {
        CompletableFuture<Void> saved;
        synchronized (this) {
            DataSpaceState d = dataSpaces.get(dsName);
            if (d == null || status == ConnectionStatus.DISCONNECTED) {
                return;
            }
            for (EntityDescriptor e : listed) {
                if (d.dataSpace().entities().contains(e.name())) {
                    synced.put(e.name(), e);
                }
            }
            saved = persist();
        }
        try {
            outbox.awaitSaved(saved);
        } catch (CompletionException e) {
            throw new IllegalStateException("the connection store could not record the entities of data space '"
                    + dsName + "' before its initial sync wrote to the companion: " + Texts.describe(e.getCause()), e);
        }
    }

    // guarded by this
    private DataSpaceState failInitialSync(DataSpaceState d, String why) {
        resumable.remove(d.name());
        DataSpaceState failed = moveDataSpace(d, DataSpaceStatus.ERROR, why);
        persist();
        return failed;
    }

    /**
     * Settles the data space when its initial sync ended.
     *
     * @param result  how the run ended; null when its completion failed instead of giving a result, which
     *                must not leave the data space ACTIVATING either
     * @param failure why the completion failed, else null
     */
    private DataSpaceState initialSyncEnded(String dsName, SyncResult result, Throwable failure) {
        try {
            synchronized (this) {
                DataSpaceState d = dataSpaces.get(dsName);
                if (d == null || d.status() != DataSpaceStatus.ACTIVATING || status == ConnectionStatus.DISCONNECTED) {
                    return d;
                }
                if (failure != null) {
                    return failInitialSync(d, "initial sync ended abnormally: " + Texts.describe(failure));
                }
                if (InitialSyncOutcome.resumable(result)) {
                    resumable.add(dsName);
                } else {
                    resumable.remove(dsName);
                }
                String why = InitialSyncOutcome.describe(result, cancelReasons.remove(dsName));
                DataSpaceState ended = moveDataSpace(d, InitialSyncOutcome.succeeded(result) ? DataSpaceStatus.ACTIVE
                        : DataSpaceStatus.ERROR, why);
                persist();
                return ended;
            }
        } finally {
            outbox.drain();
        }
    }

    @Override
    public CompletableFuture<Void> unshare(String dataSpace) {
        CompletableFuture<Void> saved;
        synchronized (this) {
            requireUsable("unshare data space '" + dataSpace + "'");
            DataSpaceState d = requireDataSpace(dataSpace);
            if (d.status() == DataSpaceStatus.ACTIVATING || d.status() == DataSpaceStatus.REMOVING_SHARING) {
                throw new IllegalStateException("data space '" + dataSpace + "' of connection '" + name + "' is "
                        + d.status() + (d.status() == DataSpaceStatus.ACTIVATING
                        ? "; wait for its initial sync to end (or cancel it) before unsharing it" : " already"));
            }
            moveDataSpace(d, DataSpaceStatus.REMOVING_SHARING, "unsharing: removing its data from the companion");
            saved = persist();
        }
        outbox.drain();
        return lane.enqueue(() -> CompletableFuture.runAsync(() -> removeSharedData(dataSpace, saved), executor))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        removalBroke(dataSpace, failure);
                    }
                });
    }

    /**
     * The removal failed before it could settle the data space (e.g. the executor refused it): it must not
     * stay REMOVING_SHARING, where neither unsharing again nor anything else could move it.
     */
    private void removalBroke(String dsName, Throwable failure) {
        synchronized (this) {
            DataSpaceState d = dataSpaces.get(dsName);
            if (d != null && d.status() == DataSpaceStatus.REMOVING_SHARING
                    && status != ConnectionStatus.DISCONNECTED) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                moveDataSpace(d, DataSpaceStatus.ERROR, "unsharing did not run: " + Texts.describe(cause)
                        + "; unshare again");
                persist();
            }
        }
        outbox.drain();
    }

    /**
     * Removes an unsharing data space's data from the companion. Runs in the lane.
     *
     * @param unsharingSaved the save of the REMOVING_SHARING state
     */
    private void removeSharedData(String dsName, CompletableFuture<Void> unsharingSaved) {
        try {
            removeSharedDataLocked(dsName, unsharingSaved);
        } finally {
            outbox.drain();
        }
    }

    private void removeSharedDataLocked(String dsName, CompletableFuture<Void> unsharingSaved) {
        DataSpaceState d;
        List<EntityDescriptor> toRemove = new ArrayList<>();
        synchronized (this) {
            d = dataSpaces.get(dsName);
            if (d == null || d.status() != DataSpaceStatus.REMOVING_SHARING) {
                return;
            }
            if (!status.isUsable()) {
                String why = "not unshared: the connection is " + statusText() + "; unshare again when it is back";
                moveDataSpace(d, DataSpaceStatus.ERROR, why);
                persist();
                throw new IllegalStateException(why);
            }
            // entities the companion never got a descriptor of were never written to, so hold nothing to remove
            for (String entity : d.dataSpace().entities()) {
                EntityDescriptor descriptor = synced.get(entity);
                if (descriptor != null) {
                    toRemove.add(descriptor);
                }
            }
        }
        // Nothing is removed before the store knows the data space is being unshared, so that a host that dies
        // while removing finds it unsharing (restored as ERROR: unshare again), never ACTIVE with its data gone.
        // A failed save is logged and does not stop the removal the host asked for.
        try {
            outbox.awaitSaved(unsharingSaved);
        } catch (CompletionException e) {
            LOG.warn("Connection '{}': removing the data of data space '{}' although the store did not save that it "
                    + "is being unshared", Texts.oneLine(name), Texts.oneLine(dsName));
        }
        try {
            Connectors.removeData(companion, toRemove);
        } catch (RuntimeException e) {
            synchronized (this) {
                DataSpaceState current = dataSpaces.get(dsName);
                if (current != null && status != ConnectionStatus.DISCONNECTED) {
                    moveDataSpace(current, DataSpaceStatus.ERROR, "unsharing failed, the companion may still hold "
                            + "some of its data: " + Texts.describe(e));
                    persist();
                }
            }
            throw e;
        }
        synchronized (this) {
            if (status == ConnectionStatus.DISCONNECTED) {
                return;
            }
            dataSpaces.remove(dsName);
            resumable.remove(dsName);
            d.dataSpace().entities().forEach(synced::remove);
            outbox.post(() -> events.dataSpaceRemoved(this, d.dataSpace()));
            if (dataSpaces.isEmpty() && status == ConnectionStatus.ACTIVE) {
                moveTo(ConnectionStatus.INCOMPLETE, "the last data space, '" + dsName + "', was unshared");
            }
            persist();
        }
    }

    // ---- metadata sync

    @Override
    public CompletableFuture<MetadataSyncState> checkMetadata() {
        synchronized (this) {
            requireConnected("count its metadata changes");
        }
        return lane.enqueue(() -> CompletableFuture.supplyAsync(this::countChanges, executor));
    }

    private MetadataSyncState countChanges() {
        List<EntityDescriptor> current = Connectors.readEntities(home);
        try {
            return countChanges(current);
        } finally {
            outbox.drain();
        }
    }

    private synchronized MetadataSyncState countChanges(List<EntityDescriptor> current) {
        int pending = MetadataDiff.changes(synced, current, activeEntities()).size();
        MetadataSyncStatus st = metadata.status();
        if (st == MetadataSyncStatus.ERROR || st == MetadataSyncStatus.IN_PROGRESS) {
            metadata = new MetadataSyncState(st, pending, metadata.round(), metadata.lastRoundAt(), metadata.reason(),
                    metadata.errorLog());
        } else {
            MetadataSyncStatus to = pending > 0 ? MetadataSyncStatus.PENDING
                    : metadata.round() > 0 ? MetadataSyncStatus.SUCCEEDED : MetadataSyncStatus.IDLE;
            moveMetadata(new MetadataSyncState(to, pending, metadata.round(), metadata.lastRoundAt(),
                    Texts.count(pending, "change") + " waiting for the next round", metadata.errorLog()));
        }
        persist();
        return metadata;
    }

    @Override
    public CompletableFuture<MetadataSyncState> syncMetadata() {
        synchronized (this) {
            requireRoundAllowed();
        }
        return lane.enqueue(() -> CompletableFuture.supplyAsync(this::round, executor));
    }

    @Override
    public void resolveMetadataError() {
        synchronized (this) {
            requireConnected("resolve its metadata error");
            if (!metadata.isPaused()) {
                throw new IllegalStateException("the metadata sync of connection '" + name + "' is " + metadata.status()
                        + ", not ERROR; there is no error to resolve");
            }
            moveMetadata(new MetadataSyncState(MetadataSyncStatus.PENDING, metadata.pendingChanges(), metadata.round(),
                    metadata.lastRoundAt(), "the error of round " + metadata.round() + " was resolved by the host; "
                    + "the next round tries again", metadata.errorLog()));
            persist();
        }
        outbox.drain();
    }

    @Override
    public CompletableFuture<MetadataSyncState> retryMetadataSync() {
        resolveMetadataError();
        return syncMetadata();
    }

    /** One metadata round: derive the changes, apply them, record the outcome. Runs in the lane. */
    private MetadataSyncState round() {
        try {
            return roundLocked();
        } finally {
            outbox.drain();
        }
    }

    private MetadataSyncState roundLocked() {
        synchronized (this) {
            if (status != ConnectionStatus.ACTIVE || metadata.isPaused()) {
                LOG.info("Connection '{}': metadata round skipped: connection {}, metadata sync {}", Texts.oneLine(name),
                        status, metadata.status());
                return metadata;
            }
        }
        List<EntityDescriptor> current = Connectors.readEntities(home);
        List<SchemaChange> changes;
        long round;
        Instant startedAt;
        synchronized (this) {
            if (status != ConnectionStatus.ACTIVE) { // a check found an end gone while the home was read
                return metadata;
            }
            changes = MetadataDiff.changes(synced, current, activeEntities());
            round = metadata.round() + 1;
            startedAt = now();
            moveMetadata(new MetadataSyncState(MetadataSyncStatus.IN_PROGRESS, changes.size(), round,
                    metadata.lastRoundAt(), "round " + round + ": applying " + Texts.count(changes.size(), "change"), metadata.errorLog()));
            persist();
        }
        outbox.drain(); // listeners hear IN_PROGRESS before the changes are applied
        List<SchemaChange> done = new ArrayList<>();
        List<MetadataErrorLog.Failure> failures;
        try {
            failures = SchemaChangeApplier.apply(companion, changes, settings.clock(), change -> {
                synchronized (this) {
                    MetadataDiff.apply(synced, change);
                    done.add(change);
                }
            });
        } catch (RuntimeException e) {
            // a connector call outside the per-change handling threw: the round must still end, never stay IN_PROGRESS
            String reason = "the round broke off: " + Texts.describe(e);
            failures = new ArrayList<>();
            synchronized (this) {
                for (SchemaChange c : changes) {
                    if (!done.contains(c)) {
                        failures.add(new MetadataErrorLog.Failure(c, reason, now()));
                    }
                }
            }
        }
        synchronized (this) {
            Instant finishedAt = now();
            int applied = changes.size() - failures.size();
            if (failures.isEmpty()) {
                moveMetadata(new MetadataSyncState(MetadataSyncStatus.SUCCEEDED, 0, round, finishedAt,
                        "round " + round + " applied " + Texts.count(applied, "change"), null));
            } else {
                MetadataErrorLog log = new MetadataErrorLog(id, name, round, startedAt, finishedAt, applied, failures);
                moveMetadata(new MetadataSyncState(MetadataSyncStatus.ERROR, failures.size(), round, finishedAt,
                        "round " + round + ": " + failures.size() + " of " + Texts.count(changes.size(), "change") + " failed (first: "
                                + Texts.oneLine(failures.get(0).reason()) + "); metadata syncing is paused until "
                                + "the error is resolved", log));
            }
            persist();
            return metadata;
        }
    }

    // guarded by this
    private List<String> activeEntities() {
        List<String> entities = new ArrayList<>();
        for (DataSpaceState d : dataSpaces.values()) {
            if (d.status() == DataSpaceStatus.ACTIVE) {
                entities.addAll(d.dataSpace().entities());
            }
        }
        return entities;
    }

    /** @return whether a scheduled round should be queued now */
    synchronized boolean roundDue() {
        return status == ConnectionStatus.ACTIVE && !metadata.isPaused()
                && metadata.status() != MetadataSyncStatus.IN_PROGRESS;
    }

    // ---- disconnect

    @Override
    public void disconnect() {
        List<SyncExecution> toCancel;
        synchronized (this) {
            if (status == ConnectionStatus.DISCONNECTED) {
                return;
            }
            toCancel = cancelInitialSyncs("the connection was disconnected");
            moveTo(ConnectionStatus.DISCONNECTED, "disconnected by the host");
            // queued after every save of this connection, so no save can bring it back to the store
            outbox.post(this::deleteFromStore);
        }
        toCancel.forEach(SyncExecution::cancel);
        outbox.drain();
        manager.forget(this);
        connected.complete(ConnectionStatus.DISCONNECTED);
    }

    // ---- saving

    /**
     * Saves the state as it is now, on the calling thread unless another thread is running this connection's
     * queued calls; for the manager, before the connection is used.
     *
     * @throws RuntimeException what the store threw
     */
    void saveNow() {
        CompletableFuture<Void> saved;
        synchronized (this) {
            saved = persist();
        }
        try {
            outbox.awaitSaved(saved);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Hands a state to the store; runs in the outbox, outside the lock. */
    private void store(ConnectionState state) {
        try {
            settings.store().save(state);
        } catch (RuntimeException e) {
            LOG.error("Connection '{}' ({}): saving its state failed; the store is behind until the next save: {}",
                    Texts.oneLine(name), Texts.oneLine(id), Texts.describe(e), e);
            throw e;
        }
    }

    /** Runs in the outbox, outside the lock. */
    private void deleteFromStore() {
        try {
            settings.store().delete(id);
        } catch (RuntimeException e) {
            LOG.error("Connection '{}' ({}): deleting it from the store failed: {}", Texts.oneLine(name),
                    Texts.oneLine(id), Texts.describe(e), e);
        }
    }

    // ---- transitions and guards; all guarded by this

    private void moveTo(ConnectionStatus to, String why) {
        ConnectionStatus from = status;
        status = to;
        reason = why;
        since = now();
        StatusChange<ConnectionStatus> change = new StatusChange<>(from, to, why, since);
        outbox.post(() -> events.connectionStatus(this, change));
    }

    private DataSpaceState moveDataSpace(DataSpaceState d, DataSpaceStatus to, String why) {
        DataSpaceState next = d.with(to, why, now());
        dataSpaces.put(d.name(), next);
        StatusChange<DataSpaceStatus> change = new StatusChange<>(d.status(), to, why, next.since());
        outbox.post(() -> events.dataSpaceStatus(this, d.name(), change));
        return next;
    }

    private void moveMetadata(MetadataSyncState next) {
        MetadataSyncStatus from = metadata.status();
        metadata = next;
        if (from != next.status()) {
            StatusChange<MetadataSyncStatus> change = new StatusChange<>(from, next.status(),
                    next.reason() == null ? "" : next.reason(), now());
            outbox.post(() -> events.metadataSyncStatus(this, change));
        }
    }

    /**
     * Queues a save of the state as it is now; the thread drains the outbox once out of the lock.
     *
     * @return completed when this state or a later one is saved; exceptionally when that save failed
     */
    private CompletableFuture<Void> persist() {
        if (status == ConnectionStatus.DISCONNECTED) {
            return CompletableFuture.completedFuture(null);
        }
        return outbox.save(state());
    }

    private Instant now() {
        return settings.clock().instant();
    }

    private String statusText() {
        return status + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
    }

    private void requireConnected(String action) {
        if (status == ConnectionStatus.DISCONNECTED) {
            throw new IllegalStateException("cannot " + action + ": connection '" + name + "' is DISCONNECTED");
        }
    }

    private void requireUsable(String action) {
        if (!status.isUsable()) {
            throw new IllegalStateException("cannot " + action + ": connection '" + name + "' is " + statusText()
                    + "; it must be INCOMPLETE or ACTIVE");
        }
    }

    private void requireRoundAllowed() {
        if (status != ConnectionStatus.ACTIVE) {
            throw new IllegalStateException("cannot run a metadata round: connection '" + name + "' is " + statusText()
                    + "; it must be ACTIVE");
        }
        if (metadata.isPaused()) {
            throw new IllegalStateException("cannot run a metadata round: the metadata sync of connection '" + name
                    + "' is paused after an error in round " + metadata.round() + " (" + metadata.reason()
                    + "); call resolveMetadataError() once it is fixed");
        }
    }

    private DataSpaceState requireDataSpace(String dataSpace) {
        DataSpaceState d = dataSpaces.get(dataSpace);
        if (d == null) {
            throw new IllegalArgumentException("connection '" + name + "' has no data space '" + dataSpace + "'; shared: "
                    + dataSpaces.keySet());
        }
        return d;
    }
}
