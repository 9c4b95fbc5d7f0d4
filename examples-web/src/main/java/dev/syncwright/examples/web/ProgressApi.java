package dev.syncwright.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sync progress page's API: the current run's progress (also pushed as events), starting a run from the
 * setup form, and cancelling it. Only one run of the console is going at a time. Thread-safe.
 */
final class ProgressApi {
    private final SyncEngine engine;
    private final List<String> entities;
    private final Function<SyncSetup, SyncRequest> requests;
    private final LiveEvents events;
    private SyncExecution current;
    private SyncSetup lastSetup;

    ProgressApi(SyncEngine engine, List<String> entities, Function<SyncSetup, SyncRequest> requests, LiveEvents events) {
        this.engine = engine;
        this.entities = List.copyOf(entities);
        this.requests = requests;
        this.events = events;
        this.lastSetup = new SyncSetup(entities, false);
    }

    /**
     * Starts a run, unless one is going.
     *
     * @param setup what to run
     * @return the run's handle
     * @throws Http.Problem 409 while a run is going, 400 for an entity the sync does not have
     */
    SyncExecution start(SyncSetup setup) {
        for (String entity : setup.entities()) {
            if (!entities.contains(entity)) {
                throw new Http.Problem(400, "entities: the sync has no entity '" + entity + "'");
            }
        }
        SyncExecution run;
        synchronized (this) {
            if (current != null && !current.completion().isDone()) {
                throw new Http.Problem(409, "a run is going: cancel it or wait for its end");
            }
            run = engine.start(requests.apply(setup));
            current = run;
            lastSetup = setup;
        }
        // the last callback (onRunFinished) comes before the run's result: tell the pages once it is there
        run.completion().whenComplete((result, never) -> events.changed(LiveEvents.Topic.PROGRESS));
        events.changed(LiveEvents.Topic.PROGRESS);
        return run;
    }

    /** @return the run the progress page shows: the one going, or the last one */
    synchronized Optional<SyncExecution> current() {
        return Optional.ofNullable(current);
    }

    void start(HttpExchange exchange) throws IOException {
        JsonNode body = Http.body(exchange);
        List<String> chosen = new ArrayList<>();
        body.path("entities").forEach(e -> chosen.add(e.asText()));
        SyncExecution run = start(new SyncSetup(chosen, body.path("slow").asBoolean(false)));
        Http.json(exchange, 200, Http.JSON.createObjectNode().put("runId", run.runId()));
    }

    void cancel(HttpExchange exchange) throws IOException {
        Http.body(exchange); // POSTs must be JSON: a cross-site form cannot send it without the browser asking first
        SyncExecution run = current().orElseThrow(() -> new Http.Problem(409, "no run to cancel"));
        run.cancel();
        Http.json(exchange, 202, Http.JSON.createObjectNode().put("runId", run.runId()));
    }

    void progress(HttpExchange exchange) throws IOException {
        Http.json(exchange, 200, snapshot());
    }

    /** @return the progress page's state: the current run (or null) and the setup form's choices */
    ObjectNode snapshot() {
        SyncExecution run;
        SyncSetup setup;
        synchronized (this) {
            run = current;
            setup = lastSetup;
        }
        ObjectNode json = Http.JSON.createObjectNode();
        ObjectNode form = json.putObject("setup");
        entities.forEach(form.putArray("entities")::add);
        setup.entities().forEach(form.putArray("selected")::add);
        form.put("slow", setup.slow());
        if (run == null) {
            json.putNull("run");
            return json;
        }
        SyncResult result = run.completion().getNow(null);
        SyncProgress p = result != null ? result.progress() : run.progress();
        ObjectNode r = json.putObject("run");
        r.put("syncName", p.syncName()).put("runId", p.runId())
                .put("state", result != null ? result.status().name() : run.isCancelled() ? "CANCELLING" : "RUNNING")
                .put("failure", result == null ? null : result.failure())
                .put("total", p.total()).put("waiting", p.waiting()).put("active", p.active()).put("done", p.done())
                .put("errors", p.errors()).put("processed", p.processed()).put("records", p.records())
                .put("elapsedMillis", p.elapsed().toMillis()).put("percent", p.percent())
                .put("finished", result != null);
        counts(r.putObject("deliveries"), p.deliveries());
        ArrayNode rows = r.putArray("entities");
        for (EntityProgress e : p.entities()) {
            ObjectNode row = rows.addObject().put("entity", e.entity()).put("status", e.status().name())
                    .put("records", e.records()).put("elapsedMillis", e.elapsed().toMillis())
                    .put("estimated", e.estimated()).put("error", e.error()).put("interrupted", e.interrupted());
            counts(row.putObject("deliveries"), e.deliveries());
        }
        return json;
    }

    private static void counts(ObjectNode json, DeliveryCounts counts) {
        json.put("ok", counts.ok()).put("sent", counts.sent()).put("pending", counts.pending()).put("failed", counts.failed());
    }
}
