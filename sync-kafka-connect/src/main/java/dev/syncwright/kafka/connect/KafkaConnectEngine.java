package dev.syncwright.kafka.connect;

import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.kafka.connect.internal.ClusterExecution;
import dev.syncwright.kafka.connect.internal.ConnectRest;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs syncs on a Kafka Connect cluster instead of in this JVM: {@link #start} creates (or updates and resumes) the
 * sync's {@link SyncwrightSourceConnector} and {@link SyncwrightSinkConnector} through the cluster's REST API and
 * returns a {@link SyncExecution} read from the run journal the workers share, so that any host sharing that journal
 * sees the run's progress, cancels it or waits for it ({@link #execution}).
 *
 * <pre>{@code
 * ReportStore report = ...;                                // the journal the workers use, seen from this host
 * try (KafkaConnectEngine cluster = KafkaConnectEngine.builder(URI.create("http://connect:8083")).journal(report).build()) {
 *     SyncExecution run = cluster.start(request);          // progress(), cancel(), await() as on one machine
 *     SyncResult result = run.await();
 * }
 * }</pre>
 *
 * <p>A run ends when its source has read every entity and every record's delivery is final (COMPLETED, or
 * COMPLETED_WITH_ERRORS), when it is cancelled (its connectors stopped; a next run of the sync continues it), or
 * FAILED when a connector or task of the sync fails. By default the connectors are stopped when a run ends, and the
 * next {@link #start} resumes them with the new run.
 *
 * <p>Thread-safe. {@link #close()} stops the thread that watches runs; runs go on in the cluster.
 */
public final class KafkaConnectEngine implements AutoCloseable {
    private final ConnectRest rest;
    private final ClusterExecution.Cluster cluster;
    private final ScheduledExecutorService scheduler;
    private final String prefix;

    private KafkaConnectEngine(Builder b) {
        this.rest = new ConnectRest(b.urls, b.requestTimeout);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "syncwright-kafka-connect-watch");
            t.setDaemon(true);
            return t;
        });
        this.cluster = new ClusterExecution.Cluster(rest, b.journal, b.clock, scheduler, b.pollInterval,
                b.stopWhenFinished, b.cancelTimeout);
        this.prefix = b.connectorPrefix;
    }

    /**
     * @param restUrl the REST API of any worker of the cluster, e.g. {@code http://connect:8083} (or of a load
     *                balancer in front of them)
     * @return a builder; not thread-safe
     */
    public static Builder builder(URI restUrl) {
        return new Builder(List.of(Objects.requireNonNull(restUrl, "restUrl")));
    }

    /**
     * @param restUrls the REST APIs of several workers of the cluster: when the one in use does not answer (its
     *                 worker is down), the next is asked
     * @return a builder; not thread-safe
     * @throws IllegalArgumentException when the list is empty
     */
    public static Builder builder(List<URI> restUrls) {
        if (restUrls.isEmpty()) {
            throw new IllegalArgumentException("restUrls must not be empty");
        }
        return new Builder(List.copyOf(restUrls));
    }

    /**
     * Starts a run: writes the sync's connector configurations (with a new run id); connectors a previous run stopped
     * are created again (their offsets stay). The run is planned and claimed by the source connector on the cluster; until then
     * {@link SyncExecution#progress()} lists no entity.
     *
     * @param request what to sync, not null
     * @return the run's handle
     * @throws IllegalStateException when the cluster refuses the configuration (the message says why)
     */
    public SyncExecution start(KafkaConnectRequest request) {
        String runId = UUID.randomUUID().toString();
        String source = sourceConnectorName(request.syncName());
        String sink = sinkConnectorName(request.syncName());
        for (String name : new String[] {sink, source}) {
            // a stopped connector is created anew rather than resumed with a new configuration: a resume races with
            // the reconfiguration (Kafka Connect refuses tasks of a connector still stopped, and with exactly-once
            // source delivery the tasks did not start again). Its offsets stay, under its name.
            if (rest.status(name).filter(s -> "STOPPED".equals(s.state()) || "PAUSED".equals(s.state())).isPresent()) {
                rest.delete(name);
            }
        }
        rest.putConfig(sink, request.sinkConnectorConfig());
        rest.putConfig(source, request.sourceConnectorConfig(runId));
        return watch(request.syncName(), runId);
    }

    /**
     * @param runId a run of a sync on the cluster, started from any host sharing the journal
     * @return its handle
     * @throws IllegalArgumentException when the journal does not know the run
     */
    public SyncExecution execution(String runId) {
        RunRecord r = cluster.journal().run(runId)
                .orElseThrow(() -> new IllegalArgumentException("the journal knows no run '" + runId + "'"));
        return watch(r.syncName(), runId);
    }

    /**
     * @param syncName a sync's name
     * @return the handle of its latest run, empty when it has none
     */
    public Optional<SyncExecution> latest(String syncName) {
        return cluster.journal().runs(syncName).stream().findFirst().map(r -> watch(syncName, r.runId()));
    }

    /**
     * Starts a sync over: stops its connectors, deletes the source connector's offsets (every entity starts from its
     * first record) and resets the sync in the journal. The next {@link #start} reads everything again.
     *
     * @param syncName the sync's name
     * @throws IllegalStateException when the cluster refuses
     */
    public void reset(String syncName) {
        String source = sourceConnectorName(syncName);
        if (rest.status(source).isPresent()) {
            rest.stop(source);
            rest.stop(sinkConnectorName(syncName));
            awaitStopped(source);
            rest.resetOffsets(source);
        }
        cluster.journal().reset(syncName);
    }

    private void awaitStopped(String name) {
        long deadline = System.nanoTime() + cluster.cancelTimeout().toNanos();
        while (!rest.status(name).map(s -> "STOPPED".equals(s.state()) && s.tasks().isEmpty()).orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connector " + name + " did not stop within " + cluster.cancelTimeout());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name + " to stop", e);
            }
        }
    }

    /**
     * @param syncName a sync's name
     * @return the name of its source connector on the cluster
     */
    public String sourceConnectorName(String syncName) {
        return prefix + syncName + "-source";
    }

    /**
     * @param syncName a sync's name
     * @return the name of its sink connector on the cluster
     */
    public String sinkConnectorName(String syncName) {
        return prefix + syncName + "-sink";
    }

    private SyncExecution watch(String syncName, String runId) {
        ClusterExecution e = new ClusterExecution(cluster, syncName, runId, sourceConnectorName(syncName),
                sinkConnectorName(syncName));
        e.watch();
        return e;
    }

    /** Stops watching runs; handles already given stop completing. Runs go on in the cluster. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds a {@link KafkaConnectEngine}; each setting is checked as it is given. Not thread-safe. */
    public static final class Builder {
        private final List<URI> urls;
        private RunJournal journal;
        private Clock clock = Clock.systemUTC();
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration cancelTimeout = Duration.ofMinutes(2);
        private boolean stopWhenFinished = true;
        private String connectorPrefix = "syncwright-";

        private Builder(List<URI> urls) {
            this.urls = urls;
        }

        /**
         * @param journal the journal the workers use, as this host reaches it (required): progress and the end of
         *                runs are read from it; a {@link dev.syncwright.reporting.ReportStore} also answers the report
         * @return this builder
         */
        public Builder journal(RunJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /**
         * @param clock the clock of elapsed times and of the end of cancelled runs (default system UTC)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param timeout the timeout of each REST call (default 30 s)
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * @param interval how often a handle reads its run's end from the journal (default 500 ms)
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /**
         * @param timeout how long a cancel waits for the connectors to stop before it records the run cancelled
         *                (default 2 min)
         * @return this builder
         */
        public Builder cancelTimeout(Duration timeout) {
            this.cancelTimeout = positive(timeout, "cancelTimeout");
            return this;
        }

        /**
         * @param stop whether a handle stops the sync's connectors once its run has ended (default true)
         * @return this builder
         */
        public Builder stopWhenFinished(boolean stop) {
            this.stopWhenFinished = stop;
            return this;
        }

        /**
         * @param prefix the start of the connectors' names, {@code <prefix><sync>-source} and {@code -sink}
         *               (default {@code syncwright-})
         * @return this builder
         */
        public Builder connectorPrefix(String prefix) {
            this.connectorPrefix = Objects.requireNonNull(prefix, "connectorPrefix");
            return this;
        }

        /**
         * @return the engine
         * @throws IllegalStateException when no journal was given
         */
        public KafkaConnectEngine build() {
            if (journal == null) {
                throw new IllegalStateException("journal is required: the run journal the workers share");
            }
            return new KafkaConnectEngine(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
