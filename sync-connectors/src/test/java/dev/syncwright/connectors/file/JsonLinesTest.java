package dev.syncwright.connectors.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void sourceReadsTypedFieldsAndTurnsBadLinesIntoFailedRecordsWithTheirLine() throws IOException {
        Files.writeString(dir.resolve("events.jsonl"), String.join("\n",
                "{\"id\": 1, \"amount\": 12.5, \"ok\": true, \"tags\": [\"a\"]}",
                "{not json",
                "",
                "[1, 2]",
                "{\"amount\": 3}",
                "{\"id\": \"x-2\"}") + "\n");
        JsonLinesSource source = JsonLinesSource.builder().directory(dir).build();
        source.open();
        EntityDescriptor events = source.entities().get(0);

        Page page = source.read(events, Checkpoint.START, 100);

        assertThat(events.fields()).extracting(FieldDescriptor::name).containsExactly("id", "amount", "ok", "tags");
        List<SyncRecord> r = page.records();
        assertThat(r).extracting(SyncRecord::key).containsExactly("1", null, null, null, "x-2");
        assertThat(r.get(0).fields()).containsEntry("amount", new BigDecimal("12.5")).containsEntry("ok", true)
                .containsEntry("tags", "[\"a\"]").containsEntry("id", 1L);
        assertThat(MalformedRecords.reason(r.get(1))).startsWith("events.jsonl line 2: is not valid JSON");
        assertThat(MalformedRecords.reason(r.get(2))).isEqualTo("events.jsonl line 4: is not a JSON object");
        assertThat(r.get(3).reference()).isEqualTo("events.jsonl line 5");
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void sourceResumesFromItsCheckpoint() throws IOException {
        Files.writeString(dir.resolve("e.jsonl"), "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
        JsonLinesSource source = JsonLinesSource.builder().directory(dir).build();
        source.open();
        EntityDescriptor e = source.entities().get(0);

        Page first = source.read(e, Checkpoint.START, 2);
        Page second = source.read(e, first.next(), 2);

        assertThat(first.records()).extracting(SyncRecord::key).containsExactly("1", "2");
        assertThat(second.records()).extracting(SyncRecord::key).containsExactly("3");
        assertThat(second.next().value()).isEqualTo("27:3");
    }

    @Test
    void destinationAppendsOneDurableLinePerRecordWithItsOffsetAsEndpointId() throws IOException {
        Path out = dir.resolve("out");
        JsonLinesDestination destination = JsonLinesDestination.builder().directory(out).build();
        destination.open(() -> (id, outcome) -> { });
        EntityDescriptor orders = EntityDescriptor.of("orders", "id", List.of());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "Ann");
        fields.put("at", LocalDateTime.of(2024, 5, 1, 12, 30));

        List<DeliveryOutcome> first = destination.write(orders, List.of(SyncRecord.of("orders", "1", fields)));
        List<DeliveryOutcome> second = destination.write(orders, List.of(
                SyncRecord.of("orders", "2", Map.of("name", "Bob")),
                SyncRecord.of("orders", "3", Map.of("bad", new Object() { }))));
        destination.close();

        List<String> lines = Files.readAllLines(out.resolve("orders.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(new ObjectMapper().readTree(lines.get(0)).toString())
                .isEqualTo("{\"id\":\"1\",\"name\":\"Ann\",\"at\":\"2024-05-01T12:30\"}");
        assertThat(first.get(0).endpointId()).isEqualTo("orders.jsonl@0");
        assertThat(second.get(0).endpointId()).isEqualTo("orders.jsonl@" + (lines.get(0).length() + 1));
        assertThat(second.get(1).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(second.get(1).message()).startsWith("cannot write the record as JSON");
    }

    @Test
    void destinationRefusesEntityNamesThatWouldLeaveItsDirectory() {
        JsonLinesDestination destination = JsonLinesDestination.builder().directory(dir).build();
        destination.open(() -> (id, outcome) -> { });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> destination.write(
                        EntityDescriptor.of("../escape", "id", List.of()), List.of(SyncRecord.of("../escape", "1", Map.of()))))
                .hasMessageContaining("cannot be used as a file name");
        assertThat(dir.getParent().resolve("escape.jsonl")).doesNotExist();
    }
}
