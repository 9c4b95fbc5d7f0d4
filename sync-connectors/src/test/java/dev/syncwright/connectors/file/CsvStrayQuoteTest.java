package dev.syncwright.connectors.file;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quote in the wrong place costs at most its own row, never the rows after it. Each file here has 10,000
 * rows with the bad one at row 100 (line 101).
 */
class CsvStrayQuoteTest {
    private static final int ROWS = 10_000;
    private static final int BAD_ROW = 100;
    private static final String BAD_LINE_REFERENCE = "sizes.csv line " + (BAD_ROW + 1);

    @TempDir
    Path dir;

    @Test
    void aQuoteInsideAnUnquotedValueIsALiteralCharacter() throws IOException {
        writeRows(i -> i + "," + i + " cm,plain " + i, BAD_ROW + ",5\" tall,x");

        List<SyncRecord> records = readAll(500);

        assertThat(records).hasSize(ROWS).noneMatch(MalformedRecords::isMalformed);
        assertThat(records).extracting(SyncRecord::key).containsExactlyElementsOf(keys(1, ROWS));
        assertThat(records.get(BAD_ROW - 1).fields()).containsEntry("size", "5\" tall").containsEntry("note", "x");
    }

    @Test
    void anUnclosedQuotedValueFailsOnlyItsOwnRowAndReadingResumesOnTheNextLine() throws IOException {
        writeRows(i -> i + "," + i + " cm,plain " + i, BAD_ROW + ",\"5 tall,x");

        List<SyncRecord> records = readAll(500);

        assertOnlyTheBadRowIsRejected(records);
        assertThat(MalformedRecords.reason(rejected(records).get(0)))
                .isEqualTo(BAD_LINE_REFERENCE + ": a quoted value is not closed before the end of the file");
    }

    @Test
    void anUnclosedQuotedValueAmongQuotedValuesFailsOnlyItsOwnRow() throws IOException {
        writeRows(i -> i + ",\"" + i + " cm\",\"note, " + i + "\"", BAD_ROW + ",\"5 tall,x");

        List<SyncRecord> records = readAll(500);

        assertOnlyTheBadRowIsRejected(records);
        assertThat(MalformedRecords.reason(rejected(records).get(0))).isEqualTo(BAD_LINE_REFERENCE
                + ": a quoted value is not closed on this line (continued, it ends on line 102"
                + " with text after the closing quote of value 2)");
        assertThat(records.get(BAD_ROW).fields()).containsEntry("note", "note, " + (BAD_ROW + 1));
    }

    @Test
    void anUnclosedQuotedValueThatClosesIntoARowOfTheWrongWidthFailsOnlyItsOwnRow() throws IOException {
        // row 105 ends with a literal quote, which would close the open value into a row of two values
        writeRows(i -> i == BAD_ROW + 5 ? i + ",plain " + i + ",5 cm\"" : i + "," + i + " cm,plain " + i,
                BAD_ROW + ",\"5 tall,x");

        List<SyncRecord> records = readAll(500);

        assertOnlyTheBadRowIsRejected(records);
        assertThat(MalformedRecords.reason(rejected(records).get(0))).isEqualTo(BAD_LINE_REFERENCE
                + ": a quoted value is not closed on this line (continued, it ends on line 106"
                + " in a row of 2 values, the header has 3)");
        assertThat(records.get(BAD_ROW + 4).fields()).containsEntry("note", "5 cm\"");
    }

    @Test
    void aReadResumedFromTheCheckpointAfterTheBadRowContinuesAtTheNextRow() throws IOException {
        String file = writeRows(i -> i + "," + i + " cm,plain " + i, BAD_ROW + ",\"5 tall,x");
        CsvSource first = source();
        Page upToTheBadRow = first.read(entity(first), Checkpoint.START, BAD_ROW);

        // a new source, as after a restart, continues from the checkpoint alone
        CsvSource second = source();
        List<SyncRecord> rest = readFrom(second, upToTheBadRow.next(), 500);

        assertThat(upToTheBadRow.records()).last().satisfies(r -> assertThat(r.reference()).isEqualTo(BAD_LINE_REFERENCE));
        assertThat(upToTheBadRow.next().value())
                .isEqualTo(file.indexOf("\n" + (BAD_ROW + 1) + ",") + 1 + ":" + (BAD_ROW + 1));
        assertThat(rest).noneMatch(MalformedRecords::isMalformed);
        assertThat(rest).extracting(SyncRecord::key).containsExactlyElementsOf(keys(BAD_ROW + 1, ROWS));
    }

    private void assertOnlyTheBadRowIsRejected(List<SyncRecord> records) {
        List<String> expectedKeys = new ArrayList<>(keys(1, ROWS));
        expectedKeys.remove(String.valueOf(BAD_ROW));
        assertThat(records.stream().filter(r -> !MalformedRecords.isMalformed(r)).map(SyncRecord::key).toList())
                .containsExactlyElementsOf(expectedKeys);
        assertThat(rejected(records)).singleElement().satisfies(r -> {
            assertThat(r.reference()).isEqualTo(BAD_LINE_REFERENCE);
            assertThat(MalformedRecords.reason(r)).startsWith(BAD_LINE_REFERENCE + ": ");
        });
        assertThat(records.get(BAD_ROW - 1)).isSameAs(rejected(records).get(0));
    }

    private static List<SyncRecord> rejected(List<SyncRecord> records) {
        return records.stream().filter(MalformedRecords::isMalformed).toList();
    }

    private String writeRows(IntFunction<String> row, String badRow) throws IOException {
        StringBuilder csv = new StringBuilder("id,size,note\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i == BAD_ROW ? badRow : row.apply(i)).append('\n');
        }
        Files.writeString(dir.resolve("sizes.csv"), csv);
        return csv.toString();
    }

    private CsvSource source() {
        CsvSource source = CsvSource.builder().directory(dir).build();
        source.open();
        return source;
    }

    private static EntityDescriptor entity(CsvSource source) {
        return source.entities().get(0);
    }

    private List<SyncRecord> readAll(int pageSize) {
        return readFrom(source(), Checkpoint.START, pageSize);
    }

    private static List<SyncRecord> readFrom(CsvSource source, Checkpoint from, int pageSize) {
        return SourcePages.readAll(source, entity(source), from, pageSize);
    }

    private static List<String> keys(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
    }
}
