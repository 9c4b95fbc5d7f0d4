package dev.syncwright.core;

import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback, per entity and in order, plus each record's latest outcome. Thread-safe. */
final class RecordingListener implements SyncListener {
    final List<String> runEvents = new CopyOnWriteArrayList<>();
    final Map<String, List<String>> entityEvents = new ConcurrentHashMap<>();
    final Map<String, RecordOutcome> latest = new ConcurrentHashMap<>();
    final List<RecordOutcome> allOutcomes = new CopyOnWriteArrayList<>();
    volatile SyncResult result;

    private void entity(String entity, String event) {
        entityEvents.computeIfAbsent(entity, e -> new CopyOnWriteArrayList<>()).add(event);
    }

    @Override
    public void onRunStarted(RunInfo run, SyncProgress progress) {
        runEvents.add("runStarted");
    }

    @Override
    public void onEntityStarted(RunInfo run, EntityProgress entity) {
        entity(entity.entity(), "started");
    }

    @Override
    public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
        entity(outcomes.get(0).entity(), "outcomes");
        allOutcomes.addAll(outcomes);
        for (RecordOutcome o : outcomes) {
            latest.put(o.entity() + "/" + o.key(), o);
        }
    }

    @Override
    public void onBatchCommitted(RunInfo run, EntityProgress entity, int batchRecords) {
        entity(entity.entity(), "committed");
    }

    @Override
    public void onEntityFinished(RunInfo run, EntityProgress entity) {
        entity(entity.entity(), "finished:" + entity.status());
    }

    @Override
    public void onRunFinished(RunInfo run, SyncResult result) {
        runEvents.add("runFinished");
        this.result = result;
    }

    List<RecordOutcome> latestOutcomes() {
        return new ArrayList<>(latest.values());
    }
}
