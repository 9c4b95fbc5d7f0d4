package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.reporting.ReportStore;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * A cluster to kill a worker of: a broker in this JVM, Kafka Connect workers each in its own JVM with the settings
 * for fast failover, and the run journal and the destination tables in a PostgreSQL schema of their own, dropped
 * at the end. Used by the failover test and the failover benchmark.
 */
public final class FailoverCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pgUrl;
    private final String user;
    private final String password;
    private final String schema = "kcf_" + UUID.randomUUID().toString().substring(0, 8);
    private final Path logs;
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafkaCluster kafka;
    private ConnectWorkers workers;
    private JournalFactory.Opened journal;

    private FailoverCluster(String pgUrl, String user, String password, Path logs) {
        this.pgUrl = pgUrl;
        this.user = user;
        this.password = password;
        this.logs = logs.resolve(schema);
    }

    /**
     * @param pgUrl    a PostgreSQL server's JDBC URL
     * @param user     its user
     * @param password its password
     * @param workers  how many worker processes
     * @param logs     where their settings and logs go (in a folder per cluster)
     * @return the running cluster
     * @throws Exception when something could not be started; what was started is stopped again
     */
    public static FailoverCluster start(String pgUrl, String user, String password, int workers, Path logs)
            throws Exception {
        FailoverCluster c = new FailoverCluster(pgUrl, user, password, logs);
        try {
            try (Connection db = c.pg(); Statement s = db.createStatement()) {
                s.execute("CREATE SCHEMA " + c.schema);
            }
            Properties broker = new Properties();
            broker.put("transaction.state.log.replication.factor", "1"); // one broker: transactions need their log on it
            broker.put("transaction.state.log.min.isr", "1");
            c.kafka = new EmbeddedKafkaCluster(1, broker);
            c.kafka.start();
            c.journal = JournalFactory.find("jdbc", null).open(JSON.readTree(c.database(", \"createSchemaIfMissing\": true")));
            c.workers = ConnectWorkers.start(c.kafka.bootstrapServers(), workers,
                    ConnectWorkers.fastFailover("failover-" + c.schema), c.logs, Duration.ofMinutes(2));
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private Connection pg() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(pgUrl, p);
    }

    /**
     * @param extra more JSON fields, each starting with a comma, or ""
     * @return the JSON settings of a JDBC connector or journal on this cluster's schema
     */
    public String database(String extra) {
        String url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return "{\"url\": \"" + url + "\", \"user\": \"" + user + "\", \"password\": \"" + password + "\"" + extra + "}";
    }

    /**
     * @param sync     the sync's name
     * @param entities how many entities ({@code e1}, {@code e2}, ...)
     * @param records  records per entity
     * @param perPage  records per page
     * @param delay    how long a page takes to read
     * @return a request of a generated source into PostgreSQL tables, one task per entity, with exactly-once source
     *         delivery and the sink consumers' settings for fast failover
     */
    public KafkaConnectRequest request(String sync, int entities, int records, int perPage, Duration delay) {
        StringBuilder counts = new StringBuilder("{");
        for (int i = 1; i <= entities; i++) {
            counts.append(i > 1 ? ", " : "").append("\"e").append(i).append("\": ").append(records);
        }
        counts.append('}');
        return KafkaConnectRequest.builder(sync)
                .source("generated", "{\"entities\": " + counts + ", \"pageDelay\": \"" + delay + "\"}")
                .destination("jdbc", database(", \"createTables\": true"))
                .journal("jdbc", database(""))
                .tasks(entities).batchSize(perPage)
                .sourceSetting("exactly.once.support", "required")
                .sinkSetting("consumer.override.session.timeout.ms", "6000")
                .sinkSetting("consumer.override.heartbeat.interval.ms", "2000")
                .build();
    }

    /** @return the journal, as the host sees it */
    public ReportStore journal() {
        return (ReportStore) journal.journal();
    }

    /** @return the worker processes */
    public ConnectWorkers workers() {
        return workers;
    }

    /** @return the folder of the workers' logs */
    public Path logs() {
        return logs;
    }

    /**
     * @param table a destination table
     * @return the keys it holds
     * @throws SQLException when it cannot be read
     */
    public Set<String> keys(String table) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection c = pg(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + schema + "." + table)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /**
     * @param path a REST resource, e.g. {@code connectors/x/status}
     * @return the answer of the first live worker that answers
     * @throws IOException when none does
     */
    public JsonNode get(String path) throws IOException {
        for (URI url : workers.urls()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
            } catch (IOException e) {
                // that worker is down: ask the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("no worker answered " + path);
    }

    /**
     * @param connectors connector names
     * @return the worker running the most of their tasks
     * @throws IOException when no worker answers
     */
    public ConnectWorkers.Worker busiest(List<String> connectors) throws IOException {
        Map<String, Integer> tasks = new HashMap<>();
        for (String connector : connectors) {
            for (JsonNode t : get("connectors/" + connector + "/status").path("tasks")) {
                tasks.merge(t.path("worker_id").asText(), 1, Integer::sum);
            }
        }
        String most = tasks.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return workers.workers().stream().filter(w -> w.id().equals(most)).findFirst().orElseThrow();
    }

    /**
     * @param connectors connector names
     * @param tasks      how many tasks each has
     * @param dead       a worker that was killed
     * @return true when every task of the connectors is RUNNING on another worker
     * @throws IOException when no worker answers
     */
    public boolean runningWithout(List<String> connectors, int tasks, ConnectWorkers.Worker dead) throws IOException {
        for (String connector : connectors) {
            JsonNode status = get("connectors/" + connector + "/status");
            if (status.path("tasks").size() != tasks) {
                return false;
            }
            for (JsonNode t : status.path("tasks")) {
                if (!"RUNNING".equals(t.path("state").asText()) || dead.id().equals(t.path("worker_id").asText())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @param connector a source connector's name
     * @return its committed offsets by entity
     * @throws IOException when no worker answers
     */
    public Map<String, JsonNode> sourceOffsets(String connector) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode o : get("connectors/" + connector + "/offsets").path("offsets")) {
            out.put(o.path("partition").path("entity").asText(), o.path("offset"));
        }
        return out;
    }

    /** Stops the workers, the journal and the broker, and drops the schema. */
    @Override
    public void close() throws SQLException {
        try {
            if (workers != null) {
                workers.close();
            }
            if (journal != null) {
                journal.close();
            }
            if (kafka != null) {
                kafka.stop();
            }
        } finally {
            try (Connection c = pg(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
