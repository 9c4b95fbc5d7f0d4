package dev.syncwright.core.journal;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link RunJournal}: checkpoints and open entries in memory, no report. Thread-safe: every method
 * holds the monitor, so a write is atomic for readers.
 */
final class InMemoryRunJournal implements RunJournal {
    /** An open entry, with what it belongs to. */
    private record Open(String syncName, String runId, String entity, DeliveryStatus status, OutstandingDelivery delivery) {
    }

    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<String, Map<String, EntityCheckpoint>> checkpoints = new HashMap<>();
    private final Map<Long, Open> open = new HashMap<>();
    private final Map<String, RunRecord> runs = new LinkedHashMap<>();
    /** Per sync, the run that holds it (ended runs stay, released, so a run taken over stays refused). */
    private final Map<String, String> holders = new HashMap<>();

    @Override
    public long reserveEntryIds(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        return nextId.getAndAdd(count);
    }

    @Override
    public synchronized void write(JournalWrite write) {
        if (write.checkpoint() != null) {
            refuseUnlessHolder(write.syncName(), write.runId());
        }
        // everything that can fail is made first, so a write applies whole or not at all
        List<Long> closed = new ArrayList<>();
        Map<Long, Open> opened = new LinkedHashMap<>();
        for (JournalEntry e : write.entries()) {
            if (e.status().isFinal()) {
                if (!open.isEmpty() && open.containsKey(e.id())) {
                    closed.add(e.id());
                }
                continue;
            }
            Open before = open.get(e.id());
            String sync = before != null ? before.syncName() : write.syncName();
            String run = before != null ? before.runId() : write.runId();
            opened.put(e.id(), new Open(sync, run, write.entity(), e.status(), new OutstandingDelivery(e.id(),
                    e.sourceId(), e.reference(), e.deliveryId(), e.attempts(), e.time(), e.passed())));
        }
        EntityCheckpoint checkpoint = write.checkpoint() == null ? null : write.checkpoint().withOutstanding(List.of());
        closed.forEach(open::remove);
        open.putAll(opened);
        if (checkpoint != null) {
            checkpoints.computeIfAbsent(write.syncName(), k -> new HashMap<>()).put(write.entity(), checkpoint);
        }
    }

    @Override
    public synchronized Map<String, EntityCheckpoint> checkpoints(String syncName) {
        Map<String, EntityCheckpoint> out = new LinkedHashMap<>(checkpoints.getOrDefault(syncName, Map.of()));
        Map<String, List<OutstandingDelivery>> byEntity = new HashMap<>();
        for (Open o : open.values()) {
            if (o.syncName().equals(syncName)) {
                byEntity.computeIfAbsent(o.entity(), k -> new ArrayList<>()).add(o.delivery());
            }
        }
        byEntity.forEach((entity, deliveries) -> {
            deliveries.sort((a, b) -> Long.compare(a.entryId(), b.entryId()));
            EntityCheckpoint cp = out.getOrDefault(entity,
                    new EntityCheckpoint(entity, Checkpoint.START, false, Checkpoint.START));
            out.put(entity, cp.withOutstanding(deliveries));
        });
        return Collections.unmodifiableMap(out);
    }

    @Override
    public synchronized List<StoredEntry> entries(Collection<Long> ids) {
        List<StoredEntry> out = new ArrayList<>();
        for (long id : new TreeSet<>(ids)) {
            Open o = open.get(id);
            if (o != null) {
                OutstandingDelivery d = o.delivery();
                out.add(new StoredEntry(id, o.syncName(), o.runId(), o.entity(), d.key(), d.reference(), o.status(),
                        d.attempts()));
            }
        }
        return List.copyOf(out);
    }

    private void refuseUnlessHolder(String syncName, String runId) {
        String holder = holders.get(syncName);
        if (holder == null) {
            return; // never claimed: a journal used without runs
        }
        RunRecord held = runs.get(holder);
        if (!holder.equals(runId) || held == null || !held.isRunning()) {
            throw new SyncBusyException("run " + runId + " no longer holds sync '" + syncName + "' (held by run " + holder
                    + (held != null && !held.isRunning() ? ", ended" : "") + "); its checkpoint was not written", holder);
        }
    }

    @Override
    public synchronized Optional<RunRecord> claim(RunRecord run, Instant now, String replacing) {
        String holder = holders.get(run.syncName());
        RunRecord held = holder == null ? null : runs.get(holder);
        RunRecord abandoned = null;
        if (held != null && held.isRunning()) {
            boolean expired = held.leaseUntil().isBefore(now);
            if (!expired && !held.runId().equals(replacing)) {
                throw new SyncBusyException(run.syncName(), held.runId(), held.owner(), held.leaseUntil());
            }
            abandoned = Runs.abandon(held, run, now);
            runs.put(held.runId(), abandoned);
        }
        runs.put(run.runId(), run);
        holders.put(run.syncName(), run.runId());
        return Optional.ofNullable(abandoned);
    }

    @Override
    public synchronized boolean renew(String syncName, String runId, Instant leaseUntil) {
        RunRecord r = runs.get(runId);
        if (r == null || !r.isRunning() || !runId.equals(holders.get(syncName))) {
            return false;
        }
        runs.put(runId, Runs.withLease(r, leaseUntil));
        return true;
    }

    @Override
    public synchronized void recordProgress(String runId, List<EntityProgress> entities) {
        RunRecord r = runs.get(runId);
        if (r != null && r.isRunning()) {
            runs.put(runId, Runs.withProgress(r, entities));
        }
    }

    @Override
    public synchronized void runEnded(String runId, RunStatus status, Instant endedAt, String failure,
                                      List<EntityProgress> entities) {
        RunRecord r = runs.get(runId);
        if (r != null && r.isRunning()) {
            runs.put(runId, Runs.ended(Runs.withProgress(r, entities), status, endedAt, failure));
        }
    }

    @Override
    public synchronized Optional<RunRecord> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public synchronized List<RunRecord> runs(String syncName) {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : runs.values()) {
            if (r.syncName().equals(syncName)) {
                out.add(0, r);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized void reset(String syncName) {
        checkpoints.remove(syncName);
        open.values().removeIf(o -> o.syncName().equals(syncName));
    }

    @Override
    public void appendLog(List<SyncLogEvent> events) {
        // no report, no sync log: the engine logs failures through SLF4J as well
    }

    @Override
    public String toString() {
        return "RunJournal.inMemory()";
    }
}
