package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.OutcomeLog;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.connectors.file.CsvSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole runs of the engine into an SFTP server whose receiving side answers as a real one would. */
class SftpSyncEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private SftpTestServer server;
    private final OutcomeLog log = new OutcomeLog();

    @BeforeEach
    void start() throws IOException {
        server = new SftpTestServer(dir.resolve("root"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private SourceFiles files() throws IOException {
        return new SourceFiles(dir.resolve("in"));
    }

    private static SyncEngine engine(int batchSize, Duration confirmationTimeout) {
        return SyncEngine.builder()
                .parallelism(2)
                .batchSize(batchSize)
                .retryPolicy(RetryPolicy.builder().maxRetries(4).initialBackoff(Duration.ofMillis(100))
                        .maxBackoff(Duration.ofMillis(500)).build())
                .confirmationPollInterval(Duration.ofMillis(50))
                .confirmationTimeout(confirmationTimeout)
                .build();
    }

    private SyncResult run(SyncEngine engine, CsvSource source, SftpDestinationBuilder destination) throws Exception {
        return engine.start(SyncRequest.builder("crm-to-erp").source(source)
                .destination(destination.syncLabel("crm-to-erp").build()).listener(log).build()).await(WAIT);
    }

    private void acknowledge(String name) throws IOException {
        Files.writeString(server.uploaded(name + ".ack"), "OK");
    }

    @Test
    void acknowledgedFilesTurnEveryRecordFromSentToOk() throws Exception {
        // given a receiver that acknowledges every file it gets
        server.receiver((name, times) -> acknowledge(name));
        CsvSource source = files().entity("customers", 25, 2).entity("orders", 25, 2).source();

        // when both entities are synced in batches of 10
        SyncResult result;
        try (SyncEngine engine = engine(10, Duration.ofSeconds(20))) {
            result = run(engine, source, server.destination());
        }

        // then every record went SENT, then OK, and each batch is one file
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().deliveries().ok()).isEqualTo(50);
        assertThat(log.latestWith(DeliveryStatus.OK)).hasSize(50)
                .allSatisfy(o -> assertThat(o.endpointId()).startsWith("/upload/crm-to-erp_"));
        assertThat(log.all()).filteredOn(o -> o.status() == DeliveryStatus.SENT).hasSize(50);
        assertThat(server.dataFiles()).hasSize(6);
    }

    @Test
    void anErrFileFailsTheRecordsItNamesWithTheReceiversReason() throws Exception {
        // given a receiver that rejects records whose key ends in 7 and acknowledges the rest by omission
        server.receiver((name, times) -> {
            List<String> rejected = Files.readAllLines(server.uploaded(name)).stream().skip(1)
                    .map(line -> line.substring(0, line.indexOf(','))).filter(key -> key.endsWith("7"))
                    .map(key -> key + "\tcustomer " + key + " is blocked").toList();
            if (rejected.isEmpty()) {
                acknowledge(name);
            } else {
                Files.write(server.uploaded(name + ".err"), rejected);
            }
        });

        // when 30 records are synced
        SyncResult result;
        try (SyncEngine engine = engine(10, Duration.ofSeconds(20))) {
            result = run(engine, files().entity("customers", 30, 2).source(), server.destination());
        }

        // then the three keys ending in 7 are FAILED with the reason, the others OK
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(log.latestWith(DeliveryStatus.FAILED)).extracting(RecordOutcome::key)
                .containsExactlyInAnyOrder("customers-000007", "customers-000017", "customers-000027");
        assertThat(log.latest("customers", "customers-000017").message())
                .isEqualTo("rejected by the receiver: customer customers-000017 is blocked");
        assertThat(log.latestWith(DeliveryStatus.OK)).hasSize(27);
    }

    @Test
    void aFileTheReceiverMovesToFailedFailsItsRecordsAndOneMovedToProcessedIsOk() throws Exception {
        // given a receiver that moves the file of the second batch to failed/, the others to processed/
        Files.createDirectories(server.uploaded("processed"));
        Files.createDirectories(server.uploaded("failed"));
        server.receiver((name, times) -> Files.move(server.uploaded(name),
                server.uploaded((name.endsWith("_000002.csv") ? "failed/" : "processed/") + name)));

        // when 30 records are synced in batches of 10
        SyncResult result;
        try (SyncEngine engine = engine(10, Duration.ofSeconds(20))) {
            result = run(engine, files().entity("customers", 30, 2).source(),
                    server.destination().confirmation(Confirmation.FOLDERS));
        }

        // then the second batch's ten records are FAILED, the others OK
        assertThat(result.progress().deliveries().failed()).isEqualTo(10);
        assertThat(result.progress().deliveries().ok()).isEqualTo(20);
        assertThat(log.latestWith(DeliveryStatus.FAILED)).allSatisfy(o ->
                assertThat(o.message()).matches("the receiver moved crm-to-erp_customers_.*_000002\\.csv to failed/"));
    }

    @Test
    void aFileNobodyPicksUpGoesBackToPendingAndIsSentAgainOnceUnderTheSameName() throws Exception {
        // given a receiver that ignores a file the first time it appears and acknowledges it the second time
        server.receiver((name, times) -> {
            if (times == 2) {
                acknowledge(name);
            }
        });

        // when five records are synced with a short confirmation timeout
        SyncResult result;
        try (SyncEngine engine = engine(10, Duration.ofSeconds(1))) {
            result = run(engine, files().entity("customers", 5, 2).source(), server.destination());
        }

        // then the records went SENT, PENDING (not confirmed in time), SENT again and OK, in one file uploaded twice
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(log.latestWith(DeliveryStatus.OK)).hasSize(5).allSatisfy(o -> assertThat(o.attempts()).isEqualTo(2));
        assertThat(log.all()).filteredOn(o -> o.status() == DeliveryStatus.PENDING).hasSize(5)
                .allSatisfy(o -> assertThat(o.message()).contains("not confirmed within"));
        List<String> files = server.dataFiles();
        assertThat(files).hasSize(1);
        assertThat(server.renamesTo(files.get(0))).isEqualTo(2);
        assertThat(log.all()).filteredOn(o -> o.status() == DeliveryStatus.SENT)
                .extracting(o -> o.deliveryId().substring(0, o.deliveryId().indexOf('#'))).containsOnly(files.get(0));
    }

    @Test
    void aServerStoppedMidUploadIsRetriedWithoutAHalfFileOrADuplicate() throws Exception {
        // given a receiver that acknowledges every file, and a server that stops during the first upload
        List<String> seenComplete = new ArrayList<>();
        server.receiver((name, times) -> {
            List<String> lines = Files.readAllLines(server.uploaded(name));
            seenComplete.add(name + ":" + lines.size());
            acknowledge(name);
        });
        server.stopMidUploadOnce();

        // when 3,000 records are synced in batches of 1,000
        SyncResult result;
        try (SyncEngine engine = engine(1000, Duration.ofSeconds(20))) {
            result = run(engine, files().entity("customers", 3000, 5).source(),
                    server.destination());
        }

        // then the interrupted batch was PENDING and retried, and every file appeared once, complete
        assertThat(server.awaitBackAfterStoppingMidUpload()).isTrue();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.progress().deliveries().ok()).isEqualTo(3000);
        assertThat(log.all()).anyMatch(o -> o.status() == DeliveryStatus.PENDING);
        List<String> files = server.dataFiles();
        assertThat(files).hasSize(3);
        assertThat(server.files()).noneMatch(f -> f.endsWith(".part"));
        assertThat(seenComplete).containsExactlyInAnyOrderElementsOf(
                files.stream().map(f -> f + ":1001").collect(Collectors.toList()));
        Set<String> keys = files.stream().flatMap(f -> {
            try {
                return Files.readAllLines(server.uploaded(f)).stream().skip(1).map(l -> l.substring(0, l.indexOf(',')));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).collect(Collectors.toSet());
        assertThat(keys).hasSize(3000);
    }
}
