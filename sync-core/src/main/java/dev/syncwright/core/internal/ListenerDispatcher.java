package dev.syncwright.core.internal;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Calls every listener of a run; a listener that throws is logged and skipped, never breaking the run. */
final class ListenerDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatcher.class);
    private final List<SyncListener> listeners;
    private final RunInfo run;

    ListenerDispatcher(List<SyncListener> listeners, RunInfo run) {
        this.listeners = List.copyOf(listeners);
        this.run = run;
    }

    /** @return true when someone listens, so callers can skip building events nobody reads */
    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void runStarted(SyncProgress progress) {
        each("onRunStarted", l -> l.onRunStarted(run, progress));
    }

    void entityStarted(EntityProgress entity) {
        each("onEntityStarted", l -> l.onEntityStarted(run, entity));
    }

    void recordOutcomes(List<RecordOutcome> outcomes) {
        if (!outcomes.isEmpty()) {
            List<RecordOutcome> copy = Collections.unmodifiableList(outcomes);
            each("onRecordOutcomes", l -> l.onRecordOutcomes(run, copy));
        }
    }

    void batchCommitted(EntityProgress entity, int batchRecords) {
        each("onBatchCommitted", l -> l.onBatchCommitted(run, entity, batchRecords));
    }

    void entityFinished(EntityProgress entity) {
        each("onEntityFinished", l -> l.onEntityFinished(run, entity));
    }

    void runFinished(SyncResult result) {
        each("onRunFinished", l -> l.onRunFinished(run, result));
    }

    private void each(String callback, Consumer<SyncListener> call) {
        Listeners.each(listeners, callback, call, LOG);
    }
}
