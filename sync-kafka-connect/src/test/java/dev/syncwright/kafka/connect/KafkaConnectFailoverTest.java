package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncResult;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.DeliveryStatus;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failover this module exists for: a broker, three Kafka Connect workers each in its own JVM, the journal and
 * the destination on a shared PostgreSQL, four entities of 6,000 records read at a source's pace; the worker holding
 * the most tasks is killed ({@code destroyForcibly}) mid-run. Nothing may be lost, nothing reported twice, nothing
 * left PROCESSING. Runs in the {@code failover} Maven profile.
 */
@Tag("failover")
class KafkaConnectFailoverTest {
    private static final int ENTITIES = 4;
    private static final int RECORDS = 6_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String schema = "kcf_" + UUID.randomUUID().toString().substring(0, 8);
    private final Path logs = Path.of("target", "failover", schema);
    private EmbeddedKafkaCluster kafka;
    private ConnectWorkers workers;
    private JournalFactory.Opened journal;

    private static String pgUrl() {
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        assertThat(url).as("SYNCWRIGHT_PG_URL: the failover test needs a PostgreSQL server (.ci/start-postgres.sh)")
                .isNotBlank();
        return url;
    }

    private String url() {
        String url = pgUrl();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static Connection pg() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", System.getenv().getOrDefault("SYNCWRIGHT_PG_USER", "postgres"));
        p.setProperty("password", System.getenv().getOrDefault("SYNCWRIGHT_PG_PASSWORD", ""));
        return DriverManager.getConnection(pgUrl(), p);
    }

    private String pgConfig(String extra) {
        return "{\"url\": \"" + url() + "\", \"user\": \"" + System.getenv().getOrDefault("SYNCWRIGHT_PG_USER", "postgres")
                + "\", \"password\": \"" + System.getenv().getOrDefault("SYNCWRIGHT_PG_PASSWORD", "") + "\"" + extra + "}";
    }

    @BeforeEach
    void start() throws Exception {
        try (Connection c = pg(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        journal = JournalFactory.find("jdbc", null).open(JSON.readTree(pgConfig(", \"createSchemaIfMissing\": true")));
        workers = ConnectWorkers.start(kafka.bootstrapServers(), 3, ConnectWorkers.fastFailover("failover-" + schema), logs,
                Duration.ofMinutes(2));
    }

    @AfterEach
    void stop() throws Exception {
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

    @Test
    void killingTheWorkerWithTheMostTasksMidRunLosesNothingAndReportsEveryRecordOnce() throws Exception {
        ReportStore report = (ReportStore) journal.journal();
        StringBuilder entities = new StringBuilder("{");
        for (int i = 1; i <= ENTITIES; i++) {
            entities.append(i > 1 ? ", " : "").append("\"e").append(i).append("\": ").append(RECORDS);
        }
        entities.append('}');
        KafkaConnectRequest request = KafkaConnectRequest.builder("failover")
                // 200 records every 150 ms per entity: the run lasts long enough to kill a worker in its middle
                .source("generated", "{\"entities\": " + entities + ", \"pageDelay\": \"PT0.15S\"}")
                .destination("jdbc", pgConfig(", \"createTables\": true"))
                .journal("jdbc", pgConfig(""))
                .tasks(ENTITIES).batchSize(200)
                .sinkSetting("consumer.override.session.timeout.ms", "6000")
                .sinkSetting("consumer.override.heartbeat.interval.ms", "2000")
                .build();

        try (KafkaConnectEngine engine = KafkaConnectEngine.builder(workers.urls()).journal(report)
                .pollInterval(Duration.ofMillis(200)).build()) {
            SyncExecution run = engine.start(request);
            await().atMost(Duration.ofMinutes(2)).until(() -> run.progress().records() >= ENTITIES * RECORDS / 5);

            ConnectWorkers.Worker busiest = busiest(engine, "failover");
            long killedAt = System.nanoTime();
            workers.kill(busiest);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> allTasksRunningElsewhere(engine, "failover", busiest));
            double failoverSeconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf(Locale.ROOT, "Failover: worker %d (%s) killed; its tasks ran again elsewhere after %.1f s%n",
                    busiest.index(), busiest.id(), failoverSeconds);

            SyncResult result = run.await(Duration.ofMinutes(3));

            assertThat(result.status()).as(result.failure() + "\n" + ConnectWorkers.tails(logs))
                    .isEqualTo(RunStatus.COMPLETED);
            for (int i = 1; i <= ENTITIES; i++) {
                assertThat(destinationKeys("e" + i)).as("every record of e%d reached the destination", i)
                        .hasSize(RECORDS);
            }
            List<ReportEntry> entries;
            try (Stream<ReportEntry> s = report.stream(ReportFilter.builder().runId(run.runId()).build(),
                    ReportSort.NEWEST_FIRST)) {
                entries = s.toList();
            }
            assertThat(entries).as("exactly one report entry per record").hasSize(ENTITIES * RECORDS);
            assertThat(entries.stream().map(e -> e.entity() + "/" + e.sourceId()).collect(Collectors.toSet()))
                    .hasSize(ENTITIES * RECORDS);
            assertThat(entries).allSatisfy(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.OK));
            assertThat(result.progress().entities()).allSatisfy(e -> {
                assertThat(e.status()).isEqualTo(EntityStatus.COMPLETE);
                assertThat(e.records()).isEqualTo(RECORDS);
            });
            assertThat(report.run(run.runId()).orElseThrow().entities()).extracting(EntityProgress::status)
                    .doesNotContain(EntityStatus.PROCESSING);
            Map<String, JsonNode> offsets = sourceOffsets(engine, "failover");
            assertThat(offsets).hasSize(ENTITIES).allSatisfy((entity, offset) -> {
                assertThat(offset.path("checkpoint").asText()).as("final offset of %s", entity)
                        .isEqualTo(Integer.toString(RECORDS));
                assertThat(offset.path("complete").asBoolean()).isTrue();
                assertThat(offset.path("run").asText()).isEqualTo(run.runId());
            });
        }
    }

    private Set<String> destinationKeys(String table) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection c = pg(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + schema + "." + table)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private JsonNode get(String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (URI url : workers.urls()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
            } catch (java.io.IOException e) {
                // that worker is down: ask the next
            }
        }
        throw new IllegalStateException("no worker answered " + path);
    }

    /** @return the worker running the most tasks of the sync's two connectors */
    private ConnectWorkers.Worker busiest(KafkaConnectEngine engine, String sync) throws Exception {
        Map<String, Integer> tasks = new HashMap<>();
        for (String connector : List.of(engine.sourceConnectorName(sync), engine.sinkConnectorName(sync))) {
            for (JsonNode t : get("connectors/" + connector + "/status").path("tasks")) {
                tasks.merge(t.path("worker_id").asText(), 1, Integer::sum);
            }
        }
        String most = tasks.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return workers.workers().stream().filter(w -> w.id().equals(most)).findFirst().orElseThrow();
    }

    private boolean allTasksRunningElsewhere(KafkaConnectEngine engine, String sync, ConnectWorkers.Worker dead)
            throws Exception {
        for (String connector : List.of(engine.sourceConnectorName(sync), engine.sinkConnectorName(sync))) {
            JsonNode status = get("connectors/" + connector + "/status");
            if (status.path("tasks").size() != ENTITIES) {
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

    private Map<String, JsonNode> sourceOffsets(KafkaConnectEngine engine, String sync) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode o : get("connectors/" + engine.sourceConnectorName(sync) + "/offsets").path("offsets")) {
            out.put(o.path("partition").path("entity").asText(), o.path("offset"));
        }
        return out;
    }
}
