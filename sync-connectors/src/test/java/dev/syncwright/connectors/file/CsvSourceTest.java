package dev.syncwright.connectors.file;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvSourceTest {
    @TempDir
    Path dir;

    private CsvSource open(CsvSource source) {
        source.open();
        return source;
    }

    private EntityDescriptor entity(CsvSource source, String name) {
        return source.entities().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsOneEntityPerFileWithHeaderFieldsAndEstimatedCount() throws IOException {
        Files.writeString(dir.resolve("orders.csv"), "id,amount\n1,10\n2,20\n3,30\n");
        Files.writeString(dir.resolve("customers.csv"), "id,name\n7,Ann\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        CsvSource source = open(CsvSource.builder().directory(dir).build());

        assertThat(source.entities()).extracting(EntityDescriptor::name).containsExactly("customers", "orders");
        EntityDescriptor orders = entity(source, "orders");
        assertThat(orders.keyField()).isEqualTo("id");
        assertThat(orders.fields()).extracting(f -> f.name()).containsExactly("id", "amount");
        assertThat(orders.estimatedCount()).hasValue(3);
    }

    @Test
    void resumedReadContinuesAtTheCheckpointWithoutRereading() throws IOException {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 10; i++) {
            csv.append(i).append(",\"name ").append(i).append("\"\n");
        }
        Files.writeString(dir.resolve("items.csv"), csv);
        CsvSource first = open(CsvSource.builder().directory(dir).build());
        EntityDescriptor items = entity(first, "items");

        Page page1 = first.read(items, Checkpoint.START, 4);
        // a new source instance, as after a restart, resumes from the checkpoint alone
        CsvSource second = open(CsvSource.builder().directory(dir).build());
        List<SyncRecord> rest = new ArrayList<>();
        Page page = second.read(items, page1.next(), 4);
        rest.addAll(page.records());
        while (page.hasMore()) {
            page = second.read(items, page.next(), 4);
            rest.addAll(page.records());
        }

        assertThat(page1.records()).extracting(SyncRecord::key).containsExactly("1", "2", "3", "4");
        assertThat(page1.hasMore()).isTrue();
        assertThat(page1.next().value()).isEqualTo(Files.readString(dir.resolve("items.csv")).indexOf("5,") + ":5");
        assertThat(rest).extracting(SyncRecord::key).containsExactly("5", "6", "7", "8", "9", "10");
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void quotedValuesMaySpanLinesAndContainDelimiters() throws IOException {
        Files.writeString(dir.resolve("notes.csv"), "id;text\r\n1;\"one; two\"\r\n2;\"multi\nline \"\"quoted\"\"\"\r\n3;plain\r\n");
        CsvSource source = open(CsvSource.builder().directory(dir).delimiter(';').build());

        Page page = source.read(entity(source, "notes"), Checkpoint.START, 10);

        assertThat(page.records()).extracting(r -> r.fields().get("text"))
                .containsExactly("one; two", "multi\nline \"quoted\"", "plain");
    }

    @Test
    void malformedLinesBecomeKeylessRecordsWithFileAndLineAndReadingGoesOn() throws IOException {
        Files.writeString(dir.resolve("orders.csv"), String.join("\n",
                "id,name,amount",
                "1,Ann,10",
                "2,Bob",                      // line 3: too few values
                "3,\"Cy\"x,30",               // line 4: text after a closing quote
                "4,Dee,40",
                ",NoKey,50",                  // line 6: empty key
                "5,Eve,50") + "\n");
        CsvSource source = open(CsvSource.builder().directory(dir).build());

        Page page = source.read(entity(source, "orders"), Checkpoint.START, 100);

        List<SyncRecord> records = page.records();
        assertThat(records).hasSize(6);
        assertThat(records).extracting(SyncRecord::key).containsExactly("1", null, null, "4", null, "5");
        assertThat(MalformedRecords.reason(records.get(1))).isEqualTo("orders.csv line 3: has 2 values, the header has 3");
        assertThat(MalformedRecords.reason(records.get(2))).startsWith("orders.csv line 4: cannot be parsed as CSV");
        assertThat(records.get(2).reference()).isEqualTo("orders.csv line 4");
        assertThat(records.get(4).reference()).isEqualTo("orders.csv line 6");
        assertThat(MalformedRecords.isMalformed(records.get(4))).isFalse();
    }

    @Test
    void anUnclosedQuoteLooksAheadNoFurtherThanTheRecordSizeLimitAndEveryLaterLineIsRead() throws IOException {
        StringBuilder csv = new StringBuilder("id,name\n1,\"never closed\n");
        for (int i = 2; i <= 40; i++) {
            csv.append(i).append(",n\n");
        }
        Files.writeString(dir.resolve("broken.csv"), csv);
        CsvSource source = open(CsvSource.builder().directory(dir).maxRecordBytes(64).build());

        Page page = source.read(entity(source, "broken"), Checkpoint.START, 100);

        assertThat(MalformedRecords.reason(page.records().get(0))).startsWith("broken.csv line 2: record is longer than 64 bytes");
        List<String> rejectedLineThenEveryRow = new ArrayList<>();
        rejectedLineThenEveryRow.add(null);
        for (int i = 2; i <= 40; i++) {
            rejectedLineThenEveryRow.add(String.valueOf(i));
        }
        assertThat(page.records()).extracting(SyncRecord::key).containsExactlyElementsOf(rejectedLineThenEveryRow);
    }

    @Test
    void invalidBytesInTheCharsetAreAMalformedLine() throws IOException {
        byte[] header = "id,name\n1,ok\n2,".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, '\n'};
        byte[] tail = "3,fine\n".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("bytes.csv");
        Files.write(file, header);
        Files.write(file, bad, java.nio.file.StandardOpenOption.APPEND);
        Files.write(file, tail, java.nio.file.StandardOpenOption.APPEND);
        CsvSource source = open(CsvSource.builder().directory(dir).build());

        Page page = source.read(entity(source, "bytes"), Checkpoint.START, 10);

        assertThat(page.records()).extracting(SyncRecord::key).containsExactly("1", null, "3");
        assertThat(MalformedRecords.reason(page.records().get(1))).isEqualTo("bytes.csv line 3: bytes that are not valid UTF-8");
    }

    @Test
    void readsOtherCharsetsAndAnExplicitFileListWithItsOwnKeyColumn() throws IOException {
        Path file = dir.resolve("export.csv");
        Files.write(file, "no|city\nA-1|Zürich\n".getBytes(StandardCharsets.ISO_8859_1));
        CsvSource source = open(CsvSource.builder().file("places", file, "no").delimiter('|')
                .charset(StandardCharsets.ISO_8859_1).build());

        SyncRecord record = source.read(entity(source, "places"), Checkpoint.START, 10).records().get(0);

        assertThat(record.key()).isEqualTo("A-1");
        assertThat(record.fields()).containsEntry("city", "Zürich");
    }

    @Test
    void aMissingKeyColumnFailsThatEntityNamingTheSetting() throws IOException {
        Files.writeString(dir.resolve("orders.csv"), "order_no,amount\n1,10\n");
        CsvSource source = open(CsvSource.builder().directory(dir).build());

        assertThatThrownBy(() -> source.read(entity(source, "orders"), Checkpoint.START, 10))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("keyColumn"))
                .hasMessageContaining("column 'id' is not in the header (columns: order_no, amount)");
    }

    @Test
    void aCheckpointBeyondTheEndOfAReplacedFileIsAPermanentError() throws IOException {
        Path file = dir.resolve("items.csv");
        Files.writeString(file, "id\n1\n2\n3\n");
        CsvSource source = open(CsvSource.builder().directory(dir).build());
        Checkpoint after = source.read(entity(source, "items"), Checkpoint.START, 3).next();
        Files.writeString(file, "id\n");

        assertThatThrownBy(() -> source.read(entity(source, "items"), after, 3))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT))
                .hasMessageContaining("shorter");
    }

    @Test
    void readByKeysFindsTheRequestedRecords() throws IOException {
        Files.writeString(dir.resolve("items.csv"), "id,v\n1,a\n2,b\n3,c\n");
        CsvSource source = open(CsvSource.builder().directory(dir).build());

        List<SyncRecord> found = source.readByKeys(entity(source, "items"), Set.of("3", "1", "99"));

        assertThat(found).extracting(SyncRecord::key).containsExactlyInAnyOrder("1", "3");
    }

    @Test
    void builderRejectsBadSettingsNamingThem() {
        assertThatThrownBy(() -> CsvSource.builder().build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("directory"));
        assertThatThrownBy(() -> CsvSource.builder().delimiter('\n'))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("delimiter"));
        assertThatThrownBy(() -> CsvSource.builder().charset(StandardCharsets.UTF_16))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("charset"));
        assertThatThrownBy(() -> CsvSource.builder().directory(dir).quote(',').build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("quote"));
    }
}
