package dev.syncwright.connectors.file;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** How the CSV source reads the format: quoting, line ends, charsets, and where each row starts and ends. */
class CsvFormatTest {
    @TempDir
    Path dir;

    @Test
    void quotedValuesHoldDelimitersDoubledQuotesAndLineBreaksAsWritten() throws IOException {
        write("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\r\n4,\"crlf\r\nkept\"\r\n5,\"\"\"\"\n");

        List<SyncRecord> records = readAll(100);

        assertThat(records).extracting(r -> r.fields().get("text"))
                .containsExactly("a, b", "say \"hi\"", "two\nlines", "crlf\r\nkept", "\"");
    }

    @Test
    void rowsEndAtLfOrCrLfAndTheLastRowNeedsNoLineEnd() throws IOException {
        write("id,v\r\n1,a\r\n2,b\n3,c\r\n4,d");

        List<SyncRecord> records = readAll(100);

        assertThat(records).extracting(r -> r.fields().get("v")).containsExactly("a", "b", "c", "d");
    }

    @Test
    void emptyValuesAreEmptyStrings() throws IOException {
        write("id,a,b\n1,,\n2,\"\",x\n3,,\"\"\n");

        List<SyncRecord> records = readAll(100);

        assertThat(records).extracting(SyncRecord::fields).containsExactly(
                Map.of("id", "1", "a", "", "b", ""),
                Map.of("id", "2", "a", "", "b", "x"),
                Map.of("id", "3", "a", "", "b", ""));
    }

    @Test
    void blankLinesAndTrailingEmptyLinesAreSkippedAndTheLastPageSaysSo() throws IOException {
        write("\n  \nid,v\n1,a\n\n \t\r\n2,b\n\n\n");

        Page page = source().read(entity(), Checkpoint.START, 100);

        assertThat(page.records()).extracting(SyncRecord::key).containsExactly("1", "2");
        assertThat(page.hasMore()).isFalse();
        assertThat(page.next().value()).isEqualTo(Files.size(file()) + ":9");
    }

    @Test
    void aByteOrderMarkAtTheStartOfTheFileIsDropped() throws IOException {
        write("\uFEFFid,name\n1,Ann\n");

        SyncRecord record = readAll(10).get(0);

        assertThat(record.key()).isEqualTo("1");
        assertThat(record.fields()).containsOnlyKeys("id", "name");
    }

    @Test
    void valuesInTheConfiguredCharsetAreDecoded() throws IOException {
        Charset windows1252 = Charset.forName("windows-1252");
        Files.write(file(), "id;price;city\n1;\"12 €\";Köln\n2;3 €;\"Zoë; “quoted”\"\n".getBytes(windows1252));
        Files.writeString(dir.resolve("utf8.csv"), "id,city\n1,東京\n2,\"Zoë\n😀\"\n");

        List<SyncRecord> records = readAll(source(b -> b.delimiter(';').charset(windows1252)), 10);
        CsvSource utf8 = CsvSource.builder().file(dir.resolve("utf8.csv")).build();
        utf8.open();
        List<SyncRecord> utf8Records = readAll(utf8, 10);

        assertThat(records).extracting(r -> r.fields().get("price")).containsExactly("12 €", "3 €");
        assertThat(records).extracting(r -> r.fields().get("city")).containsExactly("Köln", "Zoë; “quoted”");
        assertThat(utf8Records).extracting(r -> r.fields().get("city")).containsExactly("東京", "Zoë\n😀");
    }

    @Test
    void whiteSpaceAfterAClosingQuoteIsIgnoredAndBeforeAnOpeningQuoteItMakesTheQuoteLiteral() throws IOException {
        write("id,a,b\n1,\"x\" ,y\n2, \"x\",y\n");

        List<SyncRecord> records = readAll(10);

        assertThat(records).extracting(r -> r.fields().get("a")).containsExactly("x", " \"x\"");
    }

    @Test
    void theConfiguredQuoteAndDelimiterAreUsed() throws IOException {
        write("id\tnote\n1\t'tab\tinside, and ''quoted'''\n2\t\"plain\"\n");

        List<SyncRecord> records = readAll(source(b -> b.delimiter('\t').quote('\'')), 10);

        assertThat(records).extracting(r -> r.fields().get("note")).containsExactly("tab\tinside, and 'quoted'", "\"plain\"");
    }

    @Test
    void rowsLongerThanTheReadBufferAreReadWholeWithExactCheckpoints() throws IOException {
        String big = "x".repeat(150_000);
        String multiLine = ("line, with \"\"quotes\"\"\n").repeat(8_000);
        write("id,v\n1,a\n2," + big + "\n3,\"" + multiLine + "\"\n4,b\n");

        List<SyncRecord> records = readAll(1);

        assertThat(records).extracting(SyncRecord::key).containsExactly("1", "2", "3", "4");
        assertThat(records.get(1).fields().get("v")).isEqualTo(big);
        assertThat(records.get(2).fields().get("v")).isEqualTo(multiLine.replace("\"\"", "\""));
    }

    @Test
    void textAfterAClosingQuoteRejectsThatRowOnly() throws IOException {
        write("id,v\n1,\"a\"b\n2,c\n");

        List<SyncRecord> records = readAll(10);

        assertThat(records).extracting(SyncRecord::key).containsExactly(null, "2");
        assertThat(MalformedRecords.reason(records.get(0)))
                .isEqualTo("data.csv line 2: cannot be parsed as CSV: text after the closing quote of value 2");
    }

    @Test
    void anUnclosedQuoteOnTheLastLineRejectsThatLineAndEndsTheFile() throws IOException {
        write("id,v\n1,a\n2,\"open");

        Page page = source().read(entity(), Checkpoint.START, 10);

        assertThat(page.records()).extracting(SyncRecord::key).containsExactly("1", null);
        assertThat(MalformedRecords.reason(page.records().get(1)))
                .isEqualTo("data.csv line 3: a quoted value is not closed before the end of the file");
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void aLineLongerThanTheRecordLimitIsRejectedAndTheNextLineIsRead() throws IOException {
        write("id,v\n1," + "y".repeat(200_000) + "\n2,b\n");

        List<SyncRecord> records = readAll(source(b -> b.maxRecordBytes(64)), 10);

        assertThat(records).extracting(SyncRecord::key).containsExactly(null, "2");
        assertThat(MalformedRecords.reason(records.get(0))).isEqualTo("data.csv line 2: record is longer than 64 bytes");
    }

    @Test
    void aRowSpanningLinesWithBytesNotValidInTheCharsetIsRejectedWholeAndReadingGoesOnAfterIt() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,v\n1,\"bad ".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3);
        bytes.writeBytes("\n2,inside\"\n3,c\n".getBytes(StandardCharsets.UTF_8));
        Files.write(file(), bytes.toByteArray());

        List<SyncRecord> records = readAll(10);

        assertThat(records).extracting(SyncRecord::key).containsExactly(null, "3");
        assertThat(MalformedRecords.reason(records.get(0))).isEqualTo("data.csv line 2: bytes that are not valid UTF-8");
    }

    @Test
    void quotedHeaderNamesAreUnquoted() throws IOException {
        write("\"id\",\"full, name\"\n1,Ann\n");

        CsvSource source = source();

        assertThat(entity(source).fields()).extracting(f -> f.name()).containsExactly("id", "full, name");
        assertThat(readAll(source, 10).get(0).fields()).containsEntry("full, name", "Ann");
    }

    @Test
    void readByKeysFindsRowsAfterABadRow() throws IOException {
        write("id,v\n1,a\n2,\"open\n3,c\n4,d\n");

        List<SyncRecord> found = source().readByKeys(entity(), Set.of("3", "4"));

        assertThat(found).extracting(SyncRecord::key).containsExactly("3", "4");
    }

    @Test
    void everyPageSizeReadsTheSameRecordsAsOneRead() throws IOException {
        write("id,v,w\r\n1,a,b\r\n\r\n2,\"x\r\ny\",z\n3,\"open,q\n4,5\" tall,\"\"\n5,\"p\"x,q\n6,\"m\nn\"\"\nk\",\n7,8,\n"
                + "9,\"bad\n10,quoted,\"last\"");

        List<SyncRecord> oneRead = readAll(1000);

        assertThat(oneRead).extracting(SyncRecord::reference).containsExactly("1", "2", "data.csv line 6", "4",
                "data.csv line 8", "6", "7", "data.csv line 13", "10");
        assertThat(oneRead.get(5).fields().get("v")).isEqualTo("m\nn\"\nk");
        for (int pageSize = 1; pageSize <= 7; pageSize++) {
            assertThat(readAll(pageSize)).as("page size %d", pageSize).isEqualTo(oneRead);
        }
    }

    private Path file() {
        return dir.resolve("data.csv");
    }

    private void write(String csv) throws IOException {
        Files.writeString(file(), csv);
    }

    private CsvSource source() {
        return source(b -> b);
    }

    private CsvSource source(UnaryOperator<CsvSource.Builder> settings) {
        CsvSource source = settings.apply(CsvSource.builder().file(file())).build();
        source.open();
        return source;
    }

    private EntityDescriptor entity() {
        return entity(source());
    }

    private static EntityDescriptor entity(CsvSource source) {
        return source.entities().get(0);
    }

    private List<SyncRecord> readAll(int pageSize) {
        return readAll(source(), pageSize);
    }

    private static List<SyncRecord> readAll(CsvSource source, int pageSize) {
        return SourcePages.readAll(source, entity(source), Checkpoint.START, pageSize);
    }
}
