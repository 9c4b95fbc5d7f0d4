package dev.syncwright.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportPage;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.Resync;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.reporting.export.CsvExporter;
import dev.syncwright.reporting.export.ExportRequest;
import dev.syncwright.spi.DeliveryStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The sync report page's API: a page of entries for the filters, sort and cursor in the URL; the CSV download of
 * every entry those filters match, streamed from the {@link CsvExporter}; and the resync of selected entries.
 * The URL's parameters are the same for the page and the download, so "Download CSV" gets what the table shows,
 * all pages. Thread-safe.
 */
final class ReportApi {
    static final int DEFAULT_PAGE_SIZE = 25;
    private final ReportStore report;
    private final Map<String, Supplier<Resync>> resyncs;

    /**
     * @param report  the report
     * @param resyncs by sync name, the resync action of that sync's entries (its source and destination)
     */
    ReportApi(ReportStore report, Map<String, Supplier<Resync>> resyncs) {
        this.report = report;
        this.resyncs = Map.copyOf(resyncs);
    }

    /**
     * The filter of the page's URL. Parameters: {@code days} (the window, 1 to 15, default 5), {@code q} (search
     * by system, sync id or reference), and the column filters {@code system}, {@code entity}, {@code reference},
     * {@code status}, {@code run}, {@code syncId}, {@code sourceId}, {@code endpointId}, {@code message},
     * {@code attemptsMin}, {@code attemptsMax}.
     *
     * @param q the URL's parameters
     * @return the filter
     * @throws Http.Problem 400 naming a malformed parameter (the SDK's own checks answer 400 too)
     */
    static ReportFilter filter(Http.Query q) {
        int days = q.integer("days", (int) ReportFilter.DEFAULT_WINDOW.toDays(), 1, (int) ReportFilter.MAX_WINDOW.toDays());
        ReportFilter.Builder f = ReportFilter.builder().lastDays(days).search(q.text("q"))
                .systemContains(q.text("system")).referenceContains(q.text("reference"))
                .sourceId(q.text("sourceId")).endpointId(q.text("endpointId")).messageContains(q.text("message"));
        if (!q.list("entity").isEmpty()) {
            f.entities(q.list("entity"));
        }
        if (!q.list("run").isEmpty()) {
            f.runIds(q.list("run"));
        }
        if (!q.list("status").isEmpty()) {
            Set<DeliveryStatus> statuses = EnumSet.noneOf(DeliveryStatus.class);
            for (String s : q.list("status")) {
                statuses.add(parse(DeliveryStatus.class, "status", s));
            }
            f.statuses(statuses);
        }
        if (!q.list("syncId").isEmpty()) {
            List<Long> ids = new ArrayList<>();
            for (String id : q.list("syncId")) {
                ids.add(syncId(id));
            }
            f.syncIds(ids);
        }
        if (q.text("attemptsMin") != null || q.text("attemptsMax") != null) {
            f.attempts(q.integer("attemptsMin", 0, 0, Integer.MAX_VALUE),
                    q.integer("attemptsMax", Integer.MAX_VALUE, 0, Integer.MAX_VALUE));
        }
        return f.build();
    }

    /**
     * @param q the URL's parameters: {@code sort} (a {@link ReportColumn}, default SYNC_ID) and {@code dir}
     *          ({@code asc} or {@code desc}, default desc)
     * @return the order
     */
    static ReportSort sort(Http.Query q) {
        ReportColumn column = q.text("sort") == null ? ReportColumn.SYNC_ID : parse(ReportColumn.class, "sort", q.text("sort"));
        SortDirection direction = q.text("dir") == null ? SortDirection.DESC : parse(SortDirection.class, "dir", q.text("dir"));
        return ReportSort.by(column, direction);
    }

    void page(HttpExchange exchange) throws IOException {
        Http.Query q = Http.Query.of(exchange);
        ReportFilter filter = filter(q);
        PageRequest request = PageRequest.first(sort(q), q.integer("size", DEFAULT_PAGE_SIZE, 1, 500)).after(q.text("after"));
        ReportPage page = report.query(filter, request);
        ObjectNode json = Http.JSON.createObjectNode().put("total", page.total())
                .put("next", page.next().map(c -> c.encode()).orElse(null));
        ObjectNode byStatus = json.putObject("byStatus");
        for (Map.Entry<DeliveryStatus, Long> e : report.countByStatus(filter).entrySet()) {
            byStatus.put(e.getKey().name(), e.getValue());
        }
        ArrayNode entries = json.putArray("entries");
        for (ReportEntry e : page.entries()) {
            ObjectNode row = entries.addObject().put("syncId", e.syncId()).put("runId", e.runId()).put("system", e.system())
                    .put("entity", e.entity()).put("reference", e.reference()).put("sourceId", e.sourceId())
                    .put("endpointId", e.endpointId()).put("status", e.status().name()).put("attempts", e.attempts())
                    .put("message", e.message()).put("created", e.created().toString()).put("updated", e.updated().toString());
            row.putObject("latestSync").put("time", e.latestSync().time().toString())
                    .put("result", e.latestSync().result().name()).put("runId", e.latestSync().runId());
        }
        Http.json(exchange, 200, json);
    }

    void export(HttpExchange exchange) throws IOException {
        Http.Query q = Http.Query.of(exchange);
        ExportRequest request = new ExportRequest(filter(q), sort(q), q.flag("syncData"), q.flag("fields"));
        try (OutputStream out = Http.download(exchange, "text/csv; charset=utf-8", "sync-report.csv")) {
            new CsvExporter(report).export(request, out);
        }
    }

    /**
     * Re-sends the selected entries, each with the connectors of its own sync (found from the entry's run), one
     * resync run per sync.
     */
    void resync(HttpExchange exchange) throws IOException {
        JsonNode body = Http.body(exchange);
        List<Long> ids = new ArrayList<>();
        body.path("ids").forEach(id -> ids.add(syncId(id.asText())));
        if (ids.isEmpty()) {
            throw new Http.Problem(400, "ids: select at least one entry to resync");
        }
        Map<String, List<Long>> bySync = new TreeMap<>();
        for (ReportEntry e : report.getAll(ids)) {
            String sync = report.run(e.runId()).map(RunRecord::syncName)
                    .orElseThrow(() -> new Http.Problem(409, "entry " + e.syncId() + ": its run is no longer known"));
            if (!resyncs.containsKey(sync)) {
                throw new Http.Problem(400, "entry " + e.syncId() + " belongs to sync '" + sync
                        + "', whose entries this console cannot resync");
            }
            bySync.computeIfAbsent(sync, s -> new ArrayList<>()).add(e.syncId());
        }
        if (bySync.isEmpty()) {
            throw new Http.Problem(404, "none of the selected entries is in the report any more");
        }
        ObjectNode json = Http.JSON.createObjectNode();
        ArrayNode runs = json.putArray("runs");
        for (Map.Entry<String, List<Long>> sync : bySync.entrySet()) {
            SyncExecution run = resyncs.get(sync.getKey()).get().entries(sync.getValue());
            runs.addObject().put("runId", run.runId()).put("syncName", sync.getKey()).put("entries", sync.getValue().size());
        }
        Http.json(exchange, 202, json);
    }

    private static long syncId(String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Http.Problem(400, "syncId must be a positive whole number, was '" + text + "'");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Http.Problem(400, name + " has no value '" + value + "'; one of " + EnumSet.allOf(type));
        }
    }
}
