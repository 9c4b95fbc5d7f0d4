package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncMode;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.DeliveryStatus;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Syncs through a real Kafka Connect cluster in this JVM (one broker, two workers, exactly-once source delivery on):
 * the connectors found by plugin discovery, records through the JSON converter, offsets in the cluster's offset
 * topic, a dead-letter topic, and the journal shared by both workers. The failover test runs at least once.
 */
class EmbeddedClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedConnectCluster connect;
    private static KafkaConnectEngine engine;
    private static ReportStore journal;

    @BeforeAll
    static void startCluster() {
        Map<String, String> worker = new HashMap<>();
        worker.put("offset.flush.interval.ms", "500");
        worker.put("plugin.discovery", "hybrid_warn");
        // exactly-once source delivery: a page and its offset in one transaction, read back read_committed
        worker.put("exactly.once.source.support", "enabled");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1"); // one broker: transactions need their log on it
        broker.put("transaction.state.log.min.isr", "1");
        connect = new EmbeddedConnectCluster.Builder().name("syncwright-embedded").numWorkers(2).numBrokers(1)
                .brokerProps(broker).workerProps(worker).build();
        connect.start();
        journal = SharedJournalFactory.store("embedded");
        engine = KafkaConnectEngine.builder(URI.create(connect.endpointForResource(""))).journal(journal)
                .pollInterval(Duration.ofMillis(200)).build();
    }

    @AfterAll
    static void stopCluster() {
        if (engine != null) {
            engine.close();
        }
        if (connect != null) {
            connect.stop();
        }
    }

    private static String h2(String db) {
        return "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1";
    }

    private static KafkaConnectRequest.Builder request(String sync, String entities, String destinationType,
                                                       String destination) {
        return request(sync, "{\"entities\": " + entities + "}", destinationType, destination, 0);
    }

    private static KafkaConnectRequest.Builder request(String sync, String source, String destinationType,
                                                       String destination, int unused) {
        return KafkaConnectRequest.builder(sync)
                .source("generated", source)
                .destination(destinationType, destination)
                .journal("shared-memory", "{\"name\": \"embedded\"}")
                .tasks(2).batchSize(200)
                .sourceSetting("exactly.once.support", "required")
                .retries(3, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private static long rows(String db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(h2(db)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> keys(String db, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(h2(db)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<ReportEntry> entries(String runId) {
        try (Stream<ReportEntry> s = journal.stream(ReportFilter.builder().runId(runId).build(), ReportSort.NEWEST_FIRST)) {
            return s.toList();
        }
    }

    private static EntityProgress entity(SyncProgress p, String name) {
        return p.entities().stream().filter(e -> e.entity().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyRecordOfEveryEntityArrivesWithOneReportEntryAndTheFinalOffsetsAreTheLastCheckpoints() throws Exception {
        SyncExecution run = engine.start(request("plain", "{\"a\": 2000, \"b\": 1500, \"c\": 0}", "jdbc",
                "{\"url\": \"" + h2("plain") + "\", \"createTables\": true}").build());

        SyncResult result = run.await(Duration.ofMinutes(2));

        assertThat(result.status()).as(result.failure()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rows("plain", "a")).isEqualTo(2000);
        assertThat(rows("plain", "b")).isEqualTo(1500);
        List<ReportEntry> entries = entries(run.runId());
        assertThat(entries).hasSize(3500).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(DeliveryStatus.OK);
            assertThat(e.attempts()).isEqualTo(1);
        });
        assertThat(entries.stream().map(e -> e.entity() + "/" + e.sourceId()).distinct()).hasSize(3500);
        SyncProgress p = result.progress();
        assertThat(p.finished()).isTrue();
        assertThat(p.done()).isEqualTo(3);
        assertThat(p.records()).isEqualTo(3500);
        assertThat(entity(p, "a").deliveries().ok()).isEqualTo(2000);
        assertThat(entity(p, "c").status()).isEqualTo(EntityStatus.COMPLETE);
        assertThat(sourceOffsets("plain")).containsEntry("a", "2000").containsEntry("b", "1500").containsEntry("c", "0");
        assertThat(engine.execution(run.runId()).progress().records()).as("seen from another handle").isEqualTo(3500);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(connect.connectorStatus(
                engine.sourceConnectorName("plain")).connector().state()).isEqualTo("STOPPED"));
    }

    /** @return per entity, the checkpoint of its committed source offset (complete ones only) */
    private static Map<String, String> sourceOffsets(String sync) throws Exception {
        Response r = connect.requestGet(connect.endpointForResource("connectors/"
                + engine.sourceConnectorName(sync) + "/offsets"));
        JsonNode offsets = JSON.readTree(String.valueOf(r.getEntity())).path("offsets");
        Map<String, String> out = new HashMap<>();
        for (JsonNode o : offsets) {
            if (o.path("offset").path("complete").asBoolean()) {
                out.put(o.path("partition").path("entity").asText(), o.path("offset").path("checkpoint").asText());
            }
        }
        return out;
    }

    @Test
    void aFaultyDestinationsRecordsEndWithOneFinalEntryEachThatAgreesWithTheDestinationAndTheDeadLetterTopic()
            throws Exception {
        String dlq = "syncwright-faulty-dlq";
        SyncExecution run = engine.start(request("faulty", "{\"a\": 1500, \"b\": 1000}", "faulty-jdbc",
                "{\"seed\": 11, \"transientRate\": 0.1, \"permanentRate\": 0.02, \"confirmLater\": \"PT0.05S\","
                        + " \"store\": {\"url\": \"" + h2("faulty") + "\", \"createTables\": true}}")
                .deadLetterTopic(dlq, 1).confirmationTimeout(Duration.ofSeconds(20)).build());

        SyncResult result = run.await(Duration.ofMinutes(2));

        assertThat(result.status()).as(result.failure()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        List<ReportEntry> entries = entries(run.runId());
        assertThat(entries).hasSize(2500);
        assertThat(entries).extracting(ReportEntry::status).doesNotContain(DeliveryStatus.SENT, DeliveryStatus.PENDING);
        Map<String, Set<String>> ok = entries.stream().filter(e -> e.status() == DeliveryStatus.OK).collect(
                Collectors.groupingBy(ReportEntry::entity, Collectors.mapping(ReportEntry::sourceId, Collectors.toSet())));
        assertThat(keys("faulty", "a")).isEqualTo(ok.get("a"));
        assertThat(keys("faulty", "b")).isEqualTo(ok.get("b"));
        long failed = entries.stream().filter(e -> e.status() == DeliveryStatus.FAILED).count();
        assertThat(failed).isPositive();
        assertThat(entries).filteredOn(e -> e.status() == DeliveryStatus.FAILED)
                .allSatisfy(e -> assertThat(e.message()).isNotBlank());
        assertThat(entries).as("some records were retried").anySatisfy(e -> assertThat(e.attempts()).isGreaterThan(1));
        assertThat(connect.kafka().consume((int) failed, 30_000, dlq).count()).isEqualTo(failed);
        SyncProgress p = result.progress();
        assertThat(p.deliveries().failed()).isEqualTo(failed);
        assertThat(p.deliveries().ok()).isEqualTo(2500 - failed);
        assertThat(p.records()).isEqualTo(2500);
    }

    @Test
    void aCancelledRunStopsItsConnectorsAndTheNextRunDeliversTheRestWithoutDuplicateEntries() throws Exception {
        // a source that takes 4 s an entity (20 ms a page of 200), so the cancel, once 500 records have arrived, comes
        // while both entities are still being read
        String source = "{\"entities\": {\"a\": 40000, \"b\": 40000}, \"pageDelay\": \"PT0.02S\"}";
        String destination = "{\"url\": \"" + h2("cancel") + "\", \"createTables\": true}";
        SyncExecution first = engine.start(request("cancel", source, "jdbc", destination, 0).build());
        await().atMost(Duration.ofMinutes(1)).until(() -> first.progress().records() > 500);

        first.cancel();
        SyncResult cancelled = first.await(Duration.ofMinutes(1));

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.progress().entities()).noneMatch(e -> e.status() == EntityStatus.PROCESSING);
        assertThat(connect.connectorStatus(engine.sinkConnectorName("cancel")).connector().state()).isEqualTo("STOPPED");

        assertThat(cancelled.progress().records()).isLessThan(80_000);
        SyncExecution second = engine.start(request("cancel", source, "jdbc", destination, 0).build());
        SyncResult done = second.await(Duration.ofMinutes(2));

        assertThat(done.status()).as(done.failure()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rows("cancel", "a") + rows("cancel", "b")).isEqualTo(80_000);
        List<ReportEntry> all = Stream.concat(entries(first.runId()).stream(), entries(second.runId()).stream()).toList();
        assertThat(all).allSatisfy(e -> assertThat(e.status()).isEqualTo(DeliveryStatus.OK));
        assertThat(all.stream().map(e -> e.entity() + "/" + e.sourceId()).distinct().count()).isEqualTo(80_000);
        assertThat(all).as("one entry per record across both runs").hasSize(80_000);
    }

    @Test
    void resettingOneEntitysOffsetOverTheRestApiMakesTheNextRunReadItAgainFromItsFirstRecord() throws Exception {
        String destination = "{\"url\": \"" + h2("reset") + "\", \"createTables\": true}";
        KafkaConnectRequest request = request("reset", "{\"a\": 300, \"b\": 200}", "jdbc", destination)
                .mode(SyncMode.INCREMENTAL).build();
        assertThat(engine.start(request).await(Duration.ofMinutes(2)).status()).isEqualTo(RunStatus.COMPLETED);
        String source = engine.sourceConnectorName("reset");

        Response refused = connect.requestPatch(connect.endpointForResource("connectors/" + source + "/offsets"),
                "{\"offsets\": [{\"partition\": {\"sync\": \"other\", \"entity\": \"a\"}, \"offset\": null}]}");
        Response accepted = connect.requestPatch(connect.endpointForResource("connectors/" + source + "/offsets"),
                "{\"offsets\": [{\"partition\": {\"sync\": \"reset\", \"entity\": \"a\"}, \"offset\": null}]}");
        SyncExecution again = engine.start(request);
        SyncResult result = again.await(Duration.ofMinutes(2));

        assertThat(refused.getStatus()).as("the connector refused it").isNotEqualTo(200);
        assertThat(String.valueOf(refused.getEntity())).contains("not of sync 'reset'");
        assertThat(accepted.getStatus()).isEqualTo(200);
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().entities()).as("b read to its end already: skipped")
                .extracting(EntityProgress::entity).containsExactly("a");
        assertThat(entity(result.progress(), "a").records()).isEqualTo(300);
        assertThat(entries(again.runId())).hasSize(300);
    }
}
