package dev.syncwright.reporting.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.reporting.InMemoryReportStore;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.TestEntry;
import dev.syncwright.reporting.Writes;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonExporterTest {
    static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");

    @Test
    void exportsEveryMatchingEntryWithItsValues() throws IOException {
        InMemoryReportStore store = new InMemoryReportStore(new MutableClock(NOW));
        for (int i = 0; i < 120; i++) {
            Writes.add(store, new TestEntry("run-1", "crm → erp", "orders", "k" + i, "R\"" + i + "\n",
                    null, i % 2 == 0 ? DeliveryStatus.OK : DeliveryStatus.FAILED, 2, i % 2 == 0 ? null : "nope", NOW));
        }
        ReportFilter filter = ReportFilter.builder().statuses(DeliveryStatus.FAILED).build();
        StringWriter out = new StringWriter();

        long n = new JsonExporter(store).export(ExportRequest.of(filter).withIds(true), out);

        JsonNode array = new ObjectMapper().readTree(out.toString());
        List<ReportEntry> expected = Writes.all(store, filter, ReportSort.NEWEST_FIRST);
        assertThat(n).isEqualTo(60);
        assertThat(array.size()).isEqualTo(60);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode o = array.get(i);
            ReportEntry e = expected.get(i);
            assertThat(o.get("syncId").asLong()).isEqualTo(e.syncId());
            assertThat(o.get("reference").asText()).isEqualTo(e.reference());
            assertThat(o.get("status").asText()).isEqualTo("FAILED");
            assertThat(o.get("attempts").isNumber()).isTrue();
            assertThat(o.get("message").asText()).isEqualTo("nope");
            assertThat(o.get("sourceId").asText()).isEqualTo(e.sourceId());
            assertThat(o.get("endpointId").isNull()).isTrue();
            assertThat(Instant.parse(o.get("created").asText())).isEqualTo(NOW);
            assertThat(o.has("latestSyncTime")).isFalse();
        }
    }
}
