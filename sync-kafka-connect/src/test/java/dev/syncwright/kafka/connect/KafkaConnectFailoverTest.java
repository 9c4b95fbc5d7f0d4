package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private FailoverCluster cluster;

    @BeforeEach
    void start() throws Exception {
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        assertThat(url).as("SYNCWRIGHT_PG_URL: the failover test needs a PostgreSQL server (.ci/start-postgres.sh)")
                .isNotBlank();
        cluster = FailoverCluster.start(url, System.getenv().getOrDefault("SYNCWRIGHT_PG_USER", "postgres"),
                System.getenv().getOrDefault("SYNCWRIGHT_PG_PASSWORD", ""), 3, Path.of("target", "failover"));
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheWorkerWithTheMostTasksMidRunLosesNothingAndReportsEveryRecordOnce() throws Exception {
        ReportStore report = cluster.journal();
        // 200 records every 150 ms per entity: the run lasts long enough to kill a worker in its middle
        KafkaConnectRequest request = cluster.request("failover", ENTITIES, RECORDS, 200, Duration.ofMillis(150));

        try (KafkaConnectEngine engine = KafkaConnectEngine.builder(cluster.workers().urls()).journal(report)
                .pollInterval(Duration.ofMillis(200)).build()) {
            List<String> connectors = List.of(engine.sourceConnectorName("failover"), engine.sinkConnectorName("failover"));
            SyncExecution run = engine.start(request);
            await().atMost(Duration.ofMinutes(2)).until(() -> run.progress().records() >= ENTITIES * RECORDS / 5);

            ConnectWorkers.Worker busiest = cluster.busiest(connectors);
            long killedAt = System.nanoTime();
            cluster.workers().kill(busiest);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.runningWithout(connectors, ENTITIES, busiest));
            System.out.printf(Locale.ROOT, "Failover: worker %d (%s) killed; its tasks ran again elsewhere after %.1f s%n",
                    busiest.index(), busiest.id(), (System.nanoTime() - killedAt) / 1e9);

            SyncResult result = run.await(Duration.ofMinutes(3));

            assertThat(result.status()).as(result.failure() + "\n" + ConnectWorkers.tails(cluster.logs()))
                    .isEqualTo(RunStatus.COMPLETED);
            for (int i = 1; i <= ENTITIES; i++) {
                assertThat(cluster.keys("e" + i)).as("every record of e%d reached the destination", i).hasSize(RECORDS);
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
            Map<String, JsonNode> offsets = cluster.sourceOffsets(engine.sourceConnectorName("failover"));
            assertThat(offsets).hasSize(ENTITIES).allSatisfy((entity, offset) -> {
                assertThat(offset.path("checkpoint").asText()).as("final offset of %s", entity)
                        .isEqualTo(Integer.toString(RECORDS));
                assertThat(offset.path("complete").asBoolean()).isTrue();
                assertThat(offset.path("run").asText()).isEqualTo(run.runId());
            });
        }
    }
}
