package dev.syncwright.reporting.export;

import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.reporting.internal.IsoTimes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The exported columns of entries and sync log events, shared by the CSV and JSON exports. Each call makes a
 * new list for one export: its time columns share a formatter that is not thread-safe.
 */
final class ExportColumns {
    /** A column: its name in headers and JSON, how to read it, and whether it is text (else number). */
    record Column<T>(String name, Function<T, Object> value, boolean text) {
    }

    private ExportColumns() {
    }

    static List<Column<ReportEntry>> entryColumns(ExportRequest request) {
        IsoTimes times = new IsoTimes();
        List<Column<ReportEntry>> c = new ArrayList<>();
        c.add(new Column<>("syncId", ReportEntry::syncId, false));
        c.add(new Column<>("runId", ReportEntry::runId, true));
        c.add(new Column<>("system", ReportEntry::system, true));
        c.add(new Column<>("entity", ReportEntry::entity, true));
        c.add(new Column<>("reference", ReportEntry::reference, true));
        c.add(new Column<>("status", e -> e.status().name(), true));
        c.add(new Column<>("attempts", ReportEntry::attempts, false));
        c.add(new Column<>("message", ReportEntry::message, true));
        c.add(new Column<>("created", e -> times.format(e.created()), true));
        c.add(new Column<>("updated", e -> times.format(e.updated()), true));
        if (request.latestSyncInfo()) {
            c.add(new Column<>("latestSyncTime", e -> times.format(e.latestSync().time()), true));
            c.add(new Column<>("latestSyncResult", e -> e.latestSync().result().name(), true));
            c.add(new Column<>("latestSyncRunId", e -> e.latestSync().runId(), true));
        }
        if (request.ids()) {
            c.add(new Column<>("sourceId", ReportEntry::sourceId, true));
            c.add(new Column<>("endpointId", ReportEntry::endpointId, true));
        }
        return List.copyOf(c);
    }

    static List<Column<SyncLogEvent>> logColumns() {
        IsoTimes times = new IsoTimes();
        return List.of(
                new Column<>("time", e -> times.format(e.time()), true),
                new Column<>("level", e -> e.level().name(), true),
                new Column<>("runId", SyncLogEvent::runId, true),
                new Column<>("system", SyncLogEvent::system, true),
                new Column<>("entity", SyncLogEvent::entity, true),
                new Column<>("kind", e -> e.kind().name(), true),
                new Column<>("message", SyncLogEvent::message, true),
                new Column<>("errorClass", SyncLogEvent::errorClass, true));
    }
}
