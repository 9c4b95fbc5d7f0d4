package dev.syncwright.kafka.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Kafka Connect workers in distributed mode, each its own JVM ({@code ConnectDistributed}), on this machine's
 * loopback address only, with this JVM's class path (the connectors, the test connectors and journals). Each
 * worker's output goes to {@code worker-<n>.log} in the given folder. {@link #close()} ends every process it
 * started, forcibly when one does not stop within ten seconds.
 */
public final class ConnectWorkers implements AutoCloseable {
    /** One worker process. */
    public record Worker(int index, Process process, int port) {
        /** @return its REST API */
        public URI url() {
            return URI.create("http://127.0.0.1:" + port + "/");
        }

        /** @return its id in the REST API's status answers */
        public String id() {
            return "127.0.0.1:" + port;
        }
    }

    private final List<Worker> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConnectWorkers() {
    }

    /**
     * The worker settings for fast failover that the module's documentation gives, for workers of one group.
     *
     * @param group  the group's name (and the prefix of its internal topics)
     * @return the settings
     */
    public static Map<String, String> fastFailover(String group) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("group.id", group);
        p.put("config.storage.topic", group + "-configs");
        p.put("offset.storage.topic", group + "-offsets");
        p.put("status.storage.topic", group + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("plugin.discovery", "service_load");
        p.put("offset.flush.interval.ms", "1000");
        p.put("scheduled.rebalance.max.delay.ms", "5000");
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "2000");
        // a page and its offset in one transaction: a failed-over source task never reads a page under new entry ids
        p.put("exactly.once.source.support", "enabled");
        return p;
    }

    /**
     * Starts worker processes and waits until each answers on its REST API.
     *
     * @param bootstrapServers the brokers
     * @param count            how many workers
     * @param settings         the workers' settings besides the brokers and their REST listener
     * @param dir              where the settings files and logs go
     * @param startTimeout     how long to wait for them to answer
     * @return the workers
     * @throws IOException when a process cannot be started
     */
    public static ConnectWorkers start(String bootstrapServers, int count, Map<String, String> settings, Path dir,
                                       Duration startTimeout) throws IOException {
        Files.createDirectories(dir);
        ConnectWorkers out = new ConnectWorkers();
        try {
            for (int i = 0; i < count; i++) {
                out.workers.add(launch(i, bootstrapServers, settings, dir));
            }
            out.awaitAnswering(startTimeout);
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static Worker launch(int index, String bootstrapServers, Map<String, String> settings, Path dir)
            throws IOException {
        int port = freePort();
        Properties p = new Properties();
        p.putAll(settings);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("listeners", "http://127.0.0.1:" + port);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("rest.advertised.port", Integer.toString(port));
        Path props = dir.resolve("worker-" + index + ".properties");
        try (Writer w = Files.newBufferedWriter(props)) {
            p.store(w, "Kafka Connect worker " + index);
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.dev.syncwright=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", classPath, "org.apache.kafka.connect.cli.ConnectDistributed", props.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker-" + index + ".log").toFile());
        return new Worker(index, pb.start(), port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitAnswering(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Worker w : workers) {
            while (!answers(w)) {
                if (!w.process().isAlive()) {
                    throw new IllegalStateException("worker " + w.index() + " exited with " + w.process().exitValue()
                            + "; see its log");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("worker " + w.index() + " did not answer within " + timeout);
                }
                pause();
            }
        }
    }

    private boolean answers(Worker w) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(w.url().resolve("connectors"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the workers, in start order */
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** @return the REST APIs of the workers still alive */
    public List<URI> urls() {
        return workers.stream().filter(w -> w.process().isAlive()).map(Worker::url).toList();
    }

    /**
     * Kills a worker the way a crash does: no shutdown, no last offset commit.
     *
     * @param worker the worker
     */
    public void kill(Worker worker) {
        worker.process().destroyForcibly();
        try {
            worker.process().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Worker w : workers) {
            w.process().destroy();
        }
        for (Worker w : workers) {
            try {
                if (!w.process().waitFor(10, TimeUnit.SECONDS)) {
                    w.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                w.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @param dir a folder of worker logs
     * @return the last lines of each log, for a failure's message
     */
    public static String tails(Path dir) {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("--- ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
