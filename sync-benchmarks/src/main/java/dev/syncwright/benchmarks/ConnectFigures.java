package dev.syncwright.benchmarks;

import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.kafka.connect.ConnectWorkers;
import dev.syncwright.kafka.connect.FailoverCluster;
import dev.syncwright.kafka.connect.GeneratedSource;
import dev.syncwright.kafka.connect.KafkaConnectEngine;
import dev.syncwright.kafka.connect.KafkaConnectRequest;
import dev.syncwright.kafka.connect.SharedJournalFactory;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.testkit.InMemoryDestination;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same in-memory sync (generated source, in-memory destination, in-memory report as the journal) on the embedded
 * engine and on embedded Kafka Connect clusters of one to three workers in this JVM, with one broker: what running on
 * Kafka Connect costs per record.
 */
final class ConnectFigures implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final int entities;
    private final int recordsPerEntity;
    private final int batchSize;
    private EmbeddedConnectCluster cluster;

    ConnectFigures(int entities, int recordsPerEntity, int batchSize) {
        this.entities = entities;
        this.recordsPerEntity = recordsPerEntity;
        this.batchSize = batchSize;
    }

    /** What one run cost: records, wall time from the first record on, and CPU time of the whole JVM then. */
    record Cost(long records, double seconds, double cpuSeconds) {
        double rps() {
            return records / seconds;
        }

        double cpuMicrosPerRecord() {
            return cpuSeconds * 1e6 / records;
        }
    }

    /** The workload on the embedded engine, as many entities at once as the cluster has tasks. */
    Cost engine() throws Exception {
        GeneratedSource source = new GeneratedSource(counts(), 3, Duration.ZERO);
        try (SyncEngine sync = SyncEngine.builder().parallelism(entities).batchSize(batchSize)
                .journal(ReportStore.inMemory()).build()) {
            long cpu = cpuNanos();
            long start = System.nanoTime();
            SyncResult result = sync.start(SyncRequest.builder("engine-" + RUNS.incrementAndGet()).source(source)
                    .destination(new InMemoryDestination()).build()).await();
            long end = System.nanoTime();
            long cpuEnd = cpuNanos();
            if (result.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("engine run ended " + result.status() + ": " + result.failure());
            }
            return new Cost(result.progress().records(), (end - start) / 1e9, (cpuEnd - cpu) / 1e9);
        }
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 1; i <= entities; i++) {
            counts.put("entity-" + i, recordsPerEntity);
        }
        return counts;
    }

    /** @return CPU time this JVM (broker and workers included) has used so far */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Starts a cluster of that many workers (stopping the previous one). */
    void startCluster(int workers) {
        close();
        cluster = new EmbeddedConnectCluster.Builder().name("bench-" + workers).numWorkers(workers).numBrokers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "1000", "plugin.discovery", "hybrid_warn")))
                .build();
        cluster.start();
    }

    /**
     * The workload on the running cluster, from the first record delivered to the end of the run (the connectors'
     * creation and the tasks' start are left out: they are paid once per run, not per record).
     */
    Cost cluster() throws Exception {
        String sync = "bench-" + RUNS.incrementAndGet();
        KafkaConnectRequest request = KafkaConnectRequest.builder(sync)
                .source("generated", "{\"entities\": " + new ObjectMapper().writeValueAsString(counts()) + "}")
                .destination("memory", "{}")
                .journal("shared-memory", "{\"name\": \"" + sync + "\"}")
                .tasks(entities).batchSize(batchSize)
                .sinkSetting("syncwright.progress.interval.ms", "50").build();
        ReportStore journal = SharedJournalFactory.store(sync);
        try (KafkaConnectEngine watch = KafkaConnectEngine.builder(URI.create(cluster.endpointForResource("")))
                .journal(journal).pollInterval(Duration.ofMillis(20)).build()) {
            SyncExecution run = watch.start(request);
            long first = 0;
            long cpu = 0;
            while (!run.completion().isDone()) {
                if (first == 0 && run.progress().records() > 0) {
                    first = System.nanoTime();
                    cpu = cpuNanos();
                }
                Thread.sleep(10);
            }
            long end = System.nanoTime();
            long cpuEnd = cpuNanos();
            SyncResult result = run.await();
            if (result.status() != RunStatus.COMPLETED || first == 0) {
                throw new IllegalStateException("cluster run ended " + result.status() + ": " + result.failure());
            }
            return new Cost(result.progress().records(), (end - first) / 1e9, (cpuEnd - cpu) / 1e9);
        } finally {
            SharedJournalFactory.drop(sync);
        }
    }

    /**
     * Seconds from killing (as {@code kill -9}) the worker process with the most tasks of a running sync, among three,
     * until every task of the sync runs again on the two others, with the fast-failover settings the README gives.
     * The run must then complete.
     */
    static double failoverSeconds(String pgUrl, String user, String password) throws Exception {
        try (FailoverCluster c = FailoverCluster.start(pgUrl, user, password, 3, Path.of("target", "failover-benchmark"))) {
            KafkaConnectRequest request = c.request("failover", 4, 6_000, 200, Duration.ofMillis(150));
            try (KafkaConnectEngine engine = KafkaConnectEngine.builder(c.workers().urls()).journal(c.journal())
                    .pollInterval(Duration.ofMillis(200)).build()) {
                List<String> connectors = List.of(engine.sourceConnectorName("failover"),
                        engine.sinkConnectorName("failover"));
                SyncExecution run = engine.start(request);
                while (run.progress().records() < 4_800) {
                    Thread.sleep(100);
                }
                ConnectWorkers.Worker busiest = c.busiest(connectors);
                long killed = System.nanoTime();
                c.workers().kill(busiest);
                while (!c.runningWithout(connectors, 4, busiest)) {
                    Thread.sleep(100);
                }
                double seconds = (System.nanoTime() - killed) / 1e9;
                SyncResult result = run.await(Duration.ofMinutes(3));
                if (result.status() != RunStatus.COMPLETED) {
                    throw new IllegalStateException("the run after the failover ended " + result.status() + ": "
                            + result.failure());
                }
                return seconds;
            }
        }
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }
}
