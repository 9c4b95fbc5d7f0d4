package dev.syncwright.reporting.export;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportCursor;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.reporting.TestEntry;
import dev.syncwright.reporting.Writes;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CsvExporterTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");
    private final InMemoryReportStore store = new InMemoryReportStore(new MutableClock(NOW));
    private final CsvExporter csv = new CsvExporter(store);

    private void add(String key, String reference, DeliveryStatus status, String message) {
        Writes.add(store, new TestEntry("run-1", "crm → erp", "orders", key, reference, "dest-" + key, status, 1,
                message, NOW.minusSeconds(60)));
    }

    private String export(ExportRequest request) throws IOException {
        StringWriter out = new StringWriter();
        csv.export(request, out);
        return out.toString();
    }

    private static ExportRequest everything() {
        return ExportRequest.of(ReportFilter.builder().build());
    }

    private static List<Map<String, String>> parse(String text) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).with(CsvParser.Feature.EMPTY_STRING_AS_NULL)
                .readValues(text)) {
            return it.readAll();
        }
    }

    @Test
    void quotesCommasQuotesAndNewlines() throws IOException {
        add("k1", "a,b", DeliveryStatus.FAILED, "said \"no\"\r\nthen left");

        String text = export(everything());

        assertThat(text).startsWith("syncId,runId,system,entity,reference,status,attempts,message,created,updated\r\n");
        assertThat(text).contains(",\"a,b\",FAILED,1,\"said \"\"no\"\"\r\nthen left\",2024-03-10T11:59:00Z,");
        assertThat(parse(text)).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("reference", "a,b").containsEntry("message", "said \"no\"\r\nthen left");
        });
    }

    @Test
    void neutralisesFormulaInjectionCells() throws IOException {
        add("k1", "=HYPERLINK(\"http://evil\")", DeliveryStatus.OK, null);
        add("k2", "+1", DeliveryStatus.OK, null);
        add("k3", "-2", DeliveryStatus.OK, null);
        add("k4", "@SUM(A1)", DeliveryStatus.OK, null);
        add("k5", "\tTAB", DeliveryStatus.OK, null);
        add("k6", "\rCR", DeliveryStatus.OK, null);
        add("k7", "plain-=text", DeliveryStatus.OK, null);

        List<String> refs = parse(export(everything().sortedBy(ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC))))
                .stream().map(r -> r.get("reference")).toList();

        assertThat(refs).containsExactly("'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "'\tTAB", "'\rCR",
                "plain-=text");
        assertThat(CsvExporter.cell("=1+2")).isEqualTo("'=1+2");
        assertThat(CsvExporter.cell("=1,2")).isEqualTo("\"'=1,2\"");
    }

    @Test
    void exportOfFilteredSetEqualsTheQuerysFullResultAndRoundTrips() throws IOException {
        List<TestEntry> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            DeliveryStatus status = DeliveryStatus.values()[i % 4];
            batch.add(new TestEntry("run-" + (i % 3), "crm → erp", i % 2 == 0 ? "orders" : "customers", "key-" + i,
                    "REF, \"" + i + "\"", i % 5 == 0 ? null : "dest-" + i, status, i % 6,
                    status == DeliveryStatus.FAILED ? "bad\nvalue " + i : null, NOW.minusSeconds(i * 60L)));
        }
        Writes.add(store, batch);
        ReportFilter filter = ReportFilter.builder().entity("orders").statuses(DeliveryStatus.OK, DeliveryStatus.FAILED).build();
        ReportSort sort = ReportSort.by(ReportColumn.REFERENCE, SortDirection.ASC);
        List<ReportEntry> expected;
        try (Stream<ReportEntry> s = store.stream(filter, sort)) {
            expected = s.toList();
        }
        List<ReportEntry> paged = new ArrayList<>();
        ReportCursor cursor = null;
        do {
            var page = store.query(filter, PageRequest.first(sort, 10).after(cursor));
            paged.addAll(page.entries());
            cursor = page.nextCursor();
        } while (cursor != null);

        StringWriter out = new StringWriter();
        long written = csv.export(ExportRequest.of(filter).sortedBy(sort).withIds(true).withLatestSyncInfo(true), out);
        List<Map<String, String>> rows = parse(out.toString());

        assertThat(expected).hasSize(63).isEqualTo(paged);
        assertThat(written).isEqualTo(63);
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            ReportEntry e = expected.get(i);
            assertThat(Long.parseLong(row.get("syncId"))).isEqualTo(e.syncId());
            assertThat(row.get("runId")).isEqualTo(e.runId());
            assertThat(row.get("system")).isEqualTo(e.system());
            assertThat(row.get("entity")).isEqualTo(e.entity());
            assertThat(row.get("reference")).isEqualTo(e.reference());
            assertThat(row.get("status")).isEqualTo(e.status().name());
            assertThat(Integer.parseInt(row.get("attempts"))).isEqualTo(e.attempts());
            assertThat(row.get("message")).isEqualTo(e.message());
            assertThat(Instant.parse(row.get("created"))).isEqualTo(e.created());
            assertThat(Instant.parse(row.get("updated"))).isEqualTo(e.updated());
            assertThat(Instant.parse(row.get("latestSyncTime"))).isEqualTo(e.latestSync().time());
            assertThat(row.get("latestSyncResult")).isEqualTo(e.latestSync().result().name());
            assertThat(row.get("latestSyncRunId")).isEqualTo(e.latestSync().runId());
            assertThat(row.get("sourceId")).isEqualTo(e.sourceId());
            assertThat(row.get("endpointId")).isEqualTo(e.endpointId());
        }
    }

    @Test
    void optionalColumnsOnlyWhenAsked() throws IOException {
        add("k1", "R", DeliveryStatus.OK, null);

        String plain = export(everything());
        String ids = export(everything().withIds(true));
        String both = export(everything().withIds(true).withLatestSyncInfo(true));

        assertThat(plain.lines().findFirst().orElseThrow()).doesNotContain("sourceId").doesNotContain("latestSync");
        assertThat(ids.lines().findFirst().orElseThrow()).endsWith(",sourceId,endpointId").doesNotContain("latestSync");
        assertThat(both.lines().findFirst().orElseThrow())
                .endsWith(",updated,latestSyncTime,latestSyncResult,latestSyncRunId,sourceId,endpointId");
    }

    @Test
    void outputStreamExportIsUtf8() throws IOException {
        add("k1", "Ünïcødé → ✓", DeliveryStatus.OK, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        csv.export(everything(), out);

        assertThat(parse(out.toString(StandardCharsets.UTF_8)).get(0)).containsEntry("reference", "Ünïcødé → ✓");
    }

    @Test
    void syncLogExportsAsCsv() throws IOException {
        StringWriter out = new StringWriter();
        long n = CsvExporter.exportLog(List.of(new SyncLogEvent(NOW, SyncLogLevel.ERROR, "run-1", "crm → erp", "orders",
                SyncLogKind.ENTITY_FAILED, "=cmd|' /C calc'!A0\ninjected", null)), out);

        List<Map<String, String>> rows = parse(out.toString());
        assertThat(n).isEqualTo(1);
        assertThat(rows).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("time", "2024-03-10T12:00:00Z").containsEntry("level", "ERROR")
                .containsEntry("kind", "ENTITY_FAILED").containsEntry("message", "'=cmd|' /C calc'!A0 injected"));
    }
}
