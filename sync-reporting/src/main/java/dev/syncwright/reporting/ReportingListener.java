package dev.syncwright.reporting;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a run's events into the sync report: each {@link #onRecordOutcomes} batch becomes one
 * {@link ReportStore#write} (one entry per {@code (run, entity, key)}, updated by later outcomes of the
 * same run), and failures become {@link SyncLogEvent sync log} events: an entity ending ERROR, records
 * FAILED (one event per batch and reason, naming up to {@value #EXAMPLES} references), a run cancelled or
 * failed.
 *
 * <p>Outcomes of resync runs ({@link RunInfo#resync()}) are not added as entries: the {@link Resync} that
 * started the run updates the entries it re-sends. Their sync log events are kept like any run's.
 *
 * <p>Thread-safe and stateless besides its store: register one instance with
 * {@link dev.syncwright.core.SyncEngine.Builder#listener}.
 */
public final class ReportingListener implements SyncListener {
    static final int EXAMPLES = 5;

    private final ReportStore store;
    private final Clock clock;

    /**
     * @param store where entries and sync log events go, not null
     * @param clock the time of events the engine gives no time for (entity and run ends), not null; use the
     *              engine's clock
     */
    public ReportingListener(ReportStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    @Override
    public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
        if (!run.resync()) {
            String system = run.system();
            List<EntryWrite> writes = new ArrayList<>(outcomes.size());
            for (RecordOutcome o : outcomes) {
                writes.add(new EntryWrite(run.runId(), system, o.entity(), o.key(), o.reference(), o.endpointId(),
                        o.status(), o.attempts(), o.message(), o.time()));
            }
            store.write(writes);
        }
        List<SyncLogEvent> events = failures(run, outcomes, SyncLogKind.RECORDS_FAILED, "");
        if (!events.isEmpty()) {
            store.appendLog(events);
        }
    }

    /**
     * Summarises the FAILED outcomes of a batch: one ERROR event per entity and reason.
     *
     * @return the events, possibly empty
     */
    static List<SyncLogEvent> failures(RunInfo run, List<RecordOutcome> outcomes, SyncLogKind kind, String prefix) {
        Map<List<String>, List<RecordOutcome>> byReason = new LinkedHashMap<>();
        for (RecordOutcome o : outcomes) {
            if (o.status() == DeliveryStatus.FAILED) {
                byReason.computeIfAbsent(List.of(o.entity(), String.valueOf(o.message())), k -> new ArrayList<>()).add(o);
            }
        }
        List<SyncLogEvent> events = new ArrayList<>(byReason.size());
        byReason.forEach((k, failed) -> {
            StringBuilder refs = new StringBuilder();
            for (int i = 0; i < Math.min(EXAMPLES, failed.size()); i++) {
                RecordOutcome o = failed.get(i);
                refs.append(i == 0 ? "" : ", ").append(o.reference() != null ? o.reference() : o.key());
            }
            String more = failed.size() > EXAMPLES ? ", ..." : "";
            RecordOutcome last = failed.get(failed.size() - 1);
            String message = prefix + failed.size() + (failed.size() == 1 ? " record" : " records") + " FAILED: "
                    + k.get(1) + " (" + refs + more + ")";
            events.add(new SyncLogEvent(last.time(), SyncLogLevel.ERROR, run.runId(), run.system(), k.get(0), kind,
                    message, null));
        });
        return events;
    }

    @Override
    public void onEntityFinished(RunInfo run, EntityProgress entity) {
        if (entity.status() == EntityStatus.ERROR) {
            String reason = entity.error() == null ? "no reason given" : entity.error();
            store.appendLog(List.of(new SyncLogEvent(clock.instant(), SyncLogLevel.ERROR, run.runId(), run.system(),
                    entity.entity(), SyncLogKind.ENTITY_FAILED, "entity " + entity.entity() + " failed: " + reason,
                    null)));
        }
    }

    @Override
    public void onRunFinished(RunInfo run, SyncResult result) {
        if (result.status() == RunStatus.CANCELLED) {
            store.appendLog(List.of(new SyncLogEvent(clock.instant(), SyncLogLevel.WARN, run.runId(), run.system(),
                    null, SyncLogKind.RUN_CANCELLED, "run of " + run.syncName() + " was cancelled; "
                    + result.progress().processed() + " of " + result.progress().total() + " entities processed",
                    null)));
        } else if (result.status() == RunStatus.FAILED) {
            store.appendLog(List.of(new SyncLogEvent(clock.instant(), SyncLogLevel.ERROR, run.runId(), run.system(),
                    null, SyncLogKind.RUN_FAILED, "run of " + run.syncName() + " failed: "
                    + (result.failure() == null ? "no reason given" : result.failure()), null)));
        }
    }

    @Override
    public String toString() {
        return "ReportingListener[" + store.getClass().getSimpleName() + "]";
    }
}
