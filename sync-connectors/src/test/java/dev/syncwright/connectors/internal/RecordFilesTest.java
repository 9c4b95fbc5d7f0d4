package dev.syncwright.connectors.internal;

import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordFilesTest {
    private static final EntityDescriptor ITEMS = EntityDescriptor.of("items", "sku", List.of(FieldDescriptor.string("name")));

    @TempDir
    Path dir;

    private static SyncRecord item(String sku, Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return SyncRecord.of("items", sku, fields);
    }

    @Test
    void csvHasTheKeyThenTheDeclaredFieldsThenAnyOtherAndReadsBackAsTheSameValues() throws IOException {
        // given records with quotes, line breaks, a null, a decimal, a date, bytes and a field only one of them has
        List<SyncRecord> records = List.of(
                item("A-1", "name", "Bolt \"M6\", zinc", "price", new BigDecimal("0.10")),
                item("A-2", "name", "two\nlines", "price", null, "made", LocalDate.of(2025, 3, 14), "tag", "x".getBytes(StandardCharsets.UTF_8)));

        // when they are written as CSV
        RecordFiles.Content content = RecordFiles.write(RecordFiles.Format.CSV, ITEMS, records);

        // then the columns are sku, name, then the others in first-seen order, and the CSV source reads the same values
        assertThat(content.rejected()).isEmpty();
        String text = new String(content.bytes(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("sku,name,price,made,tag\n");
        Files.write(dir.resolve("items.csv"), content.bytes());
        CsvSource source = CsvSource.builder().directory(dir).keyColumn("sku").build();
        source.open();
        List<SyncRecord> read = source.read(source.entities().get(0), Checkpoint.START, 10).records();
        assertThat(read).extracting(SyncRecord::key).containsExactly("A-1", "A-2");
        assertThat(read.get(0).fields()).containsEntry("name", "Bolt \"M6\", zinc").containsEntry("price", "0.10");
        assertThat(read.get(1).fields()).containsEntry("name", "two\nlines").containsEntry("made", "2025-03-14")
                .containsEntry("tag", "eA==");
        assertThat(read.get(1).fields().get("price")).isIn(null, "");
        source.close();
    }

    @Test
    void aValueThatCannotBeWrittenRejectsOnlyItsRecordWithTheReason() {
        // given a record whose map value refers to itself, between two good ones
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        List<SyncRecord> records = List.of(item("A-1", "name", "a"), item("A-2", "name", loop), item("A-3", "name", "c"));

        // when they are written in either format
        RecordFiles.Content csv = RecordFiles.write(RecordFiles.Format.CSV, ITEMS, records);
        RecordFiles.Content json = RecordFiles.write(RecordFiles.Format.JSON_LINES, ITEMS, records);

        // then only the second is rejected, with a reason, and the others are in the file
        assertThat(csv.rejected()).containsOnlyKeys(1);
        assertThat(csv.rejected().get(1)).startsWith("cannot write a value as CSV");
        assertThat(csv.written()).extracting(SyncRecord::key).containsExactly("A-1", "A-3");
        assertThat(json.rejected().get(1)).startsWith("cannot write the record as JSON");
        assertThat(new String(json.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"sku\":\"A-1\",\"name\":\"a\"}\n{\"sku\":\"A-3\",\"name\":\"c\"}\n");
    }
}
