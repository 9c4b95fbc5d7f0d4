package dev.syncwright.reporting.export;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.reporting.TestEntry;
import dev.syncwright.reporting.Writes;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cells that a spreadsheet would still run as a formula although the first character is harmless (a blank in
 * front, a fullwidth sign), and values that already start with a quote, which used to read back the same as
 * an escaped cell.
 */
class CsvFormulaInjectionBypassTest {
    private static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");

    /** Values a spreadsheet runs as a formula, or would after trimming blanks. */
    private static final List<String> FORMULAS = List.of(" =1+1", "  @SUM(A1)", "\n=1", "\r\n+1", "\t-1",
            "\u00a0=1", "\u3000=1", "\u2028=1", "\u200b=1", "\ufeff=1", "＝1+1", "＋1", "－1", "＠SUM(A1)", " ＝1",
            "﹦1", "﹢1", "﹣1", "﹫x");

    private static final List<String> TRICKY = List.of("'=x", "'", "''", "'plain", "' =1", " =1", "\n=1", "＝1",
            "-5", "+5", "@x", "=1,2", "\"=1\"", "plain text", "a'b", "x=1", "  spaced  ", "\ttab", "\rcr", "\nlf",
            "=HYPERLINK(\"http://evil\")", "Ünïcødé → ✓", "－5", "@", "=", "-");

    private final InMemoryReportStore store = new InMemoryReportStore(new MutableClock(NOW));

    @Test
    void aFormulaBehindLeadingBlanksOrWithFullwidthSignsIsNeutralised() {
        for (String formula : FORMULAS) {
            assertThat(unquoted(CsvExporter.cell(formula))).as("cell of %s", visible(formula)).startsWith("'");
        }
    }

    @Test
    void aValueThatAlreadyStartsWithAQuoteIsNotReadBackAsAnEscapedFormula() {
        String escaped = CsvExporter.cell("=x");
        String quoted = CsvExporter.cell("'=x");

        assertThat(quoted).isNotEqualTo(escaped).isEqualTo("''=x");
        assertThat(CsvExporter.cell("'")).isEqualTo("''");
        assertThat(CsvExporter.cell("plain")).isEqualTo("plain");
    }

    @Test
    void everyTrickyValueReadsBackByDroppingOneLeadingQuote() throws IOException {
        List<String> values = new ArrayList<>(TRICKY);
        values.addAll(FORMULAS);
        List<TestEntry> entries = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            entries.add(new TestEntry("run-1", "crm → erp", "orders", "k" + i, values.get(i), null,
                    DeliveryStatus.FAILED, 1, values.get(i), NOW));
        }
        Writes.add(store, entries);

        StringWriter out = new StringWriter();
        new CsvExporter(store).export(ExportRequest.of(ReportFilter.builder().build())
                .sortedBy(ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC)), out);
        List<Map<String, String>> rows = parse(out.toString());

        assertThat(rows).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            assertThat(read(rows.get(i).get("reference"))).as("reference %s", visible(value)).isEqualTo(value);
            assertThat(read(rows.get(i).get("message"))).as("message %s", visible(value)).isEqualTo(value);
        }
    }

    @Test
    void negativeAndSignedNumbersInTextColumnsAreEscapedLikeFormulas() {
        assertThat(CsvExporter.cell("-5")).isEqualTo("'-5");
        assertThat(CsvExporter.cell("+5")).isEqualTo("'+5");
        assertThat(CsvExporter.cell("5")).isEqualTo("5");
    }

    /** The reading rule documented on {@link CsvExporter}: drop one leading quote when there is one. */
    private static String read(String cell) {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    private static String unquoted(String cell) {
        return cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
    }

    private static String visible(String value) {
        StringBuilder b = new StringBuilder("\"");
        value.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append('"').toString();
    }

    private static List<Map<String, String>> parse(String text) throws IOException {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            return it.readAll();
        }
    }
}
