package dev.syncwright.connectors;

import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.DeliveryStatus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Keeps every record outcome of the runs it listens to, and the latest one per (entity, reference). */
public final class OutcomeLog implements SyncListener {
    private final List<RecordOutcome> all = new CopyOnWriteArrayList<>();
    private final Map<String, RecordOutcome> latest = new ConcurrentHashMap<>();

    @Override
    public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
        for (RecordOutcome o : outcomes) {
            all.add(o);
            latest.put(o.entity() + "/" + o.reference(), o);
        }
    }

    public List<RecordOutcome> all() {
        return List.copyOf(all);
    }

    public List<RecordOutcome> latestWith(DeliveryStatus status) {
        return latest.values().stream().filter(o -> o.status() == status).collect(Collectors.toList());
    }

    public RecordOutcome latest(String entity, String reference) {
        return latest.get(entity + "/" + reference);
    }
}
