package dev.syncwright.connectors.file;

import dev.syncwright.connectors.Engines;
import dev.syncwright.connectors.OutcomeLog;
import dev.syncwright.connectors.PausingDestination;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.DeliveryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class FileSyncEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path csvFolder(int customers, int orders) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        StringBuilder c = new StringBuilder("id,name\n");
        for (int i = 1; i <= customers; i++) {
            c.append(i).append(",customer ").append(i).append('\n');
        }
        Files.writeString(in.resolve("customers.csv"), c);
        StringBuilder o = new StringBuilder("id,amount\n");
        for (int i = 1; i <= orders; i++) {
            o.append("O-").append(i).append(',').append(i * 10).append('\n');
        }
        Files.writeString(in.resolve("orders.csv"), o);
        return in;
    }

    @Test
    void csvFolderIsSyncedIntoJsonLinesFilesAndAMalformedLineIsFailedWithItsLine() throws Exception {
        Path in = csvFolder(120, 80);
        Files.writeString(in.resolve("orders.csv"), "O-bad,1,extra\n", java.nio.file.StandardOpenOption.APPEND);
        Path out = dir.resolve("out");
        OutcomeLog log = new OutcomeLog();
        try (SyncEngine engine = Engines.engine(25, RunJournal.inMemory())) {
            SyncResult result = engine.start(SyncRequest.builder("csv-to-jsonl")
                    .source(CsvSource.builder().directory(in).build())
                    .destination(JsonLinesDestination.builder().directory(out).build())
                    .listener(log)
                    .build()).await(WAIT);

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            assertThat(result.completed()).containsExactlyInAnyOrder("customers", "orders");
            assertThat(result.progress().deliveries().ok()).isEqualTo(200);
            assertThat(result.progress().deliveries().failed()).isEqualTo(1);
        }
        assertThat(Files.readAllLines(out.resolve("customers.jsonl"))).hasSize(120);
        assertThat(Files.readAllLines(out.resolve("orders.jsonl"))).hasSize(80);
        RecordOutcome failed = log.latestWith(DeliveryStatus.FAILED).get(0);
        assertThat(failed.entity()).isEqualTo("orders");
        assertThat(failed.reference()).isEqualTo("orders.csv line 82");
        assertThat(failed.key()).isNull();
        assertThat(failed.message()).isEqualTo("orders.csv line 82: has 3 values, the header has 2");
        assertThat(failed.attempts()).isZero();
    }

    @Test
    void cancelledRunIsResumedWithoutLostRecordsAndAtMostOneBatchResent() throws Exception {
        int batch = 10;
        Path in = csvFolder(95, 57);
        Path out = dir.resolve("out");
        RunJournal store = RunJournal.inMemory();
        try (SyncEngine engine = Engines.engine(batch, store)) {
            PausingDestination first = new PausingDestination(JsonLinesDestination.builder().directory(out).build(), 4);
            SyncExecution run = engine.start(SyncRequest.builder("resume").source(CsvSource.builder().directory(in).build())
                    .destination(first).build());
            first.awaitPaused();
            run.cancel();
            first.release();
            assertThat(run.await(WAIT).status()).isEqualTo(RunStatus.CANCELLED);
            long afterCancel = lines(out, "customers") + lines(out, "orders");
            assertThat(afterCancel).isLessThan(95 + 57);

            SyncResult second = engine.start(SyncRequest.builder("resume").source(CsvSource.builder().directory(in).build())
                    .destination(JsonLinesDestination.builder().directory(out).build()).build()).await(WAIT);

            assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(keys(out, "customers")).hasSize(95);
        assertThat(keys(out, "orders")).hasSize(57);
        // appending is not an upsert: at most one batch per interrupted entity may be written twice
        assertThat(lines(out, "customers") + lines(out, "orders")).isBetween(95L + 57L, 95L + 57L + 2L * batch);
    }

    private static long lines(Path out, String entity) throws IOException {
        Path file = out.resolve(entity + ".jsonl");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static Set<String> keys(Path out, String entity) throws IOException {
        Set<String> keys = new HashSet<>();
        Pattern id = Pattern.compile("\"id\":\"([^\"]+)\"");
        for (String line : Files.readAllLines(out.resolve(entity + ".jsonl"))) {
            Matcher m = id.matcher(line);
            assertThat(m.find()).isTrue();
            keys.add(m.group(1));
        }
        return keys;
    }
}
