package dev.syncwright.examples.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.Resync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A host's three screens as a small web app on the JDK's {@link HttpServer}, bound to 127.0.0.1: the sync
 * progress page, the sync report page and the connections page, as static HTML, JavaScript and CSS, and a JSON
 * API built only from the SDK's public API. Pages stay current through server-sent events from
 * {@link LiveEvents}, which the host registers as the engine's and the connection manager's listener.
 *
 * <pre>{@code
 * LiveEvents events = new LiveEvents();
 * ReportStore report = ReportStore.inMemory();
 * SyncEngine engine = SyncEngine.builder().journal(report).listener(events).build();
 * ConnectionManager connections = ConnectionManager.builder().engine(engine).listener(events).build();
 * WebConsole console = WebConsole.builder().events(events).engine(engine).report(report)
 *         .runs(List.of("customers", "orders"), setup -> mySyncRequest(setup))
 *         .resync("crm-to-erp", () -> Resync.builder(report, engine).source(mySource())
 *                 .destination(myDestination()).build())
 *         .connections(connections).start();
 * System.out.println("Open " + console.url());
 * }</pre>
 *
 * <p>Only requests to {@code 127.0.0.1} or {@code localhost} on its port are answered (no other {@code Host}:
 * that stops DNS rebinding), and actions are POSTs with a JSON body from the same origin, which another site's
 * page cannot send without the browser asking first. Pages put every value into the document as text, never as
 * markup, and a content security policy allows only the console's own scripts.
 *
 * <p>Thread-safe. {@link #close()} stops the server and its threads; it closes neither the engine, the report
 * nor the connection manager.
 */
public final class WebConsole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);
    private static final Map<String, String> STATIC = Map.of(
            "/progress.html", "text/html; charset=utf-8", "/report.html", "text/html; charset=utf-8",
            "/connections.html", "text/html; charset=utf-8", "/console.css", "text/css; charset=utf-8",
            "/console.js", "text/javascript; charset=utf-8", "/progress.js", "text/javascript; charset=utf-8",
            "/report.js", "text/javascript; charset=utf-8", "/connections.js", "text/javascript; charset=utf-8",
            "/favicon.svg", "image/svg+xml");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Answers one request; may throw {@link Http.Problem} for an answer other than success. */
    @FunctionalInterface
    private interface Route {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final LiveEvents events;
    private final ProgressApi progress;
    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private final Set<String> hosts;

    private WebConsole(Builder b) throws IOException {
        events = b.events;
        progress = new ProgressApi(b.engine, b.entities, b.requests, events);
        ReportApi report = new ReportApi(b.report, b.resyncs);
        ConnectionsApi connections = new ConnectionsApi(b.connections);
        events.snapshots(LiveEvents.Topic.PROGRESS, () -> progress.snapshot().toString());
        events.snapshots(LiveEvents.Topic.CONNECTIONS, () -> connections.snapshot().toString());
        for (String name : STATIC.keySet()) {
            files.put(name, resource(name));
        }
        routes.put("GET /", this::redirectHome);
        STATIC.keySet().forEach(name -> routes.put("GET " + name, this::file));
        routes.put("GET /api/events", this::stream);
        routes.put("GET /api/progress", progress::progress);
        routes.put("POST /api/runs", progress::start);
        routes.put("POST /api/runs/cancel", progress::cancel);
        routes.put("GET /api/report", report::page);
        routes.put("GET /api/report.csv", report::export);
        routes.put("POST /api/report/resync", report::resync);
        routes.put("GET /api/connections", connections::state);
        routes.put("GET /api/connections/error-log", connections::errorLog);
        routes.put("POST /api/connections/check", connections::check);

        AtomicInteger n = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "web-console-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 0);
        int port = server.getAddress().getPort();
        hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** @return a builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the console's address, {@code http://127.0.0.1:<port>/} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** @return the port the console listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Starts a run as the setup form does; the progress page shows it.
     *
     * @param setup what to run, not null
     * @return the run's handle
     * @throws IllegalStateException while the console's last run is still going
     * @throws IllegalArgumentException for an entity not offered by {@link Builder#runs}
     */
    public SyncExecution startRun(SyncSetup setup) {
        Objects.requireNonNull(setup, "setup must not be null");
        try {
            return progress.start(setup);
        } catch (Http.Problem e) {
            throw e.status() == 409 ? new IllegalStateException(e.getMessage()) : new IllegalArgumentException(e.getMessage());
        }
    }

    /** @return the run the progress page shows: the one going, or the last one; empty before the first */
    public Optional<SyncExecution> currentRun() {
        return progress.current();
    }

    /** Ends the event streams, stops the server and its threads. Calling it again does nothing. */
    @Override
    public void close() {
        events.endStreams();
        server.stop(0);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Web console threads did not end within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (!hosts.contains(String.valueOf(exchange.getRequestHeaders().getFirst("Host")))) {
                throw new Http.Problem(421, "this console answers only to 127.0.0.1 and localhost");
            }
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            boolean post = exchange.getRequestMethod().equals("POST");
            if (post && origin != null && !hosts.contains(origin.replaceFirst("^http://", ""))) {
                throw new Http.Problem(403, "actions are accepted only from the console's own pages");
            }
            Route route = routes.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (route == null) {
                throw new Http.Problem(404, "no such page or action: " + exchange.getRequestURI().getPath());
            }
            route.handle(exchange);
        } catch (Http.Problem e) {
            answerError(exchange, e.status(), e.getMessage());
        } catch (IllegalArgumentException e) { // the SDK's checks of filters, cursors and selections
            answerError(exchange, 400, e.getMessage());
        } catch (IllegalStateException e) {
            answerError(exchange, 409, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Request {} ended early: {}", exchange.getRequestURI().getPath(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Request {} failed", exchange.getRequestURI().getPath(), e);
            answerError(exchange, 500, "the console failed to answer; see its log");
        } finally {
            exchange.close();
        }
    }

    private static void answerError(HttpExchange exchange, int status, String message) {
        if (exchange.getResponseCode() != -1) {
            return; // the answer had started: the client sees it cut short
        }
        try {
            Http.json(exchange, status, Http.JSON.createObjectNode().put("error", message));
        } catch (IOException e) {
            LOG.debug("Could not answer {}: {}", status, e.toString());
        }
    }

    private void redirectHome(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Location", "/progress.html");
        exchange.sendResponseHeaders(302, -1);
    }

    private void file(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath();
        Http.send(exchange, 200, STATIC.get(name), files.get(name));
    }

    private void stream(HttpExchange exchange) throws IOException {
        Set<LiveEvents.Topic> topics = EnumSet.noneOf(LiveEvents.Topic.class);
        List<String> asked = Http.Query.of(exchange).list("topics");
        for (LiveEvents.Topic t : LiveEvents.Topic.values()) {
            if (asked.isEmpty() || asked.contains(t.event())) {
                topics.add(t);
            }
        }
        if (topics.isEmpty()) {
            throw new Http.Problem(400, "topics: one or more of progress, connections, run");
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            events.serve(topics, out);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebConsole.class.getResourceAsStream("/web" + name)) {
            if (in == null) {
                throw new IOException("the console's file web" + name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    /** Builds and starts a {@link WebConsole}. Not thread-safe. */
    public static final class Builder {
        private LiveEvents events;
        private SyncEngine engine;
        private ReportStore report;
        private List<String> entities;
        private Function<SyncSetup, SyncRequest> requests;
        private final Map<String, Supplier<Resync>> resyncs = new HashMap<>();
        private ConnectionManager connections;
        private int port;

        private Builder() {
        }

        /**
         * @param events the events registered as the engine's and the connection manager's listener, not null
         * @return this builder
         */
        public Builder events(LiveEvents events) {
            this.events = Objects.requireNonNull(events, "events must not be null");
            return this;
        }

        /**
         * @param engine runs the syncs started from the setup form, not null
         * @return this builder
         */
        public Builder engine(SyncEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
            return this;
        }

        /**
         * @param report the engine's journal, queried by the report page, not null
         * @return this builder
         */
        public Builder report(ReportStore report) {
            this.report = Objects.requireNonNull(report, "report must not be null");
            return this;
        }

        /**
         * @param entities the entities the setup form offers, not empty
         * @param requests makes the request of a run from the setup form's choices, not null
         * @return this builder
         */
        public Builder runs(List<String> entities, Function<SyncSetup, SyncRequest> requests) {
            if (entities == null || entities.isEmpty()) {
                throw new IllegalArgumentException("runs: list at least one entity");
            }
            this.entities = List.copyOf(entities);
            this.requests = Objects.requireNonNull(requests, "requests must not be null");
            return this;
        }

        /**
         * Lets the report page's "Resync selected" re-send the entries of a sync. May be called once per sync; the
         * entries of a sync not given here cannot be resynced from the console.
         *
         * @param syncName the sync whose entries it re-sends (the sync name of the entries' runs), not blank
         * @param resync   makes its resync action, with that sync's source and destination (one per use), not null
         * @return this builder
         */
        public Builder resync(String syncName, Supplier<Resync> resync) {
            if (syncName == null || syncName.isBlank()) {
                throw new IllegalArgumentException("resync: syncName must not be blank");
            }
            resyncs.put(syncName, Objects.requireNonNull(resync, "resync must not be null"));
            return this;
        }

        /**
         * @param connections the connections the connections page shows, not null
         * @return this builder
         */
        public Builder connections(ConnectionManager connections) {
            this.connections = Objects.requireNonNull(connections, "connections must not be null");
            return this;
        }

        /**
         * @param port the port on 127.0.0.1, 0 (the default) for a free one
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @return the console, listening
         * @throws IllegalStateException when a setting is missing (the message names it)
         * @throws IOException when the port cannot be bound
         */
        public WebConsole start() throws IOException {
            require(events, "events");
            require(engine, "engine");
            require(report, "report");
            require(requests, "runs");
            require(connections, "connections");
            return new WebConsole(this);
        }

        private static void require(Object setting, String name) {
            if (setting == null) {
                throw new IllegalStateException(name + " is required");
            }
        }
    }
}
