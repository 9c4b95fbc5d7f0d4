package dev.syncwright.examples;

import dev.syncwright.core.RunStatus;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.spi.DeliveryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The quickstart keeps its state on disk: a second start sees the first one's runs and report. */
class QuickstartTest {
    private static final long RECORDS = 140_000;

    @Test
    void aSecondStartShowsItsOwnReportAndTheFirstOnes(@TempDir Path home) throws Exception {
        String first = Quickstart.run(home, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String second = Quickstart.run(home, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("Start 2 of sync 'quickstart'", "syncing every record again", first, second);
        try (ExampleState state = ExampleState.open(home)) {
            List<RunRecord> runs = state.report().runs("quickstart");
            assertThat(runs).extracting(RunRecord::runId).containsExactly(second, first);
            assertThat(runs).extracting(RunRecord::status).containsOnly(RunStatus.COMPLETED_WITH_ERRORS);
            ReportFilter window = ReportFilter.builder().build();
            assertThat(state.report().count(window)).isEqualTo(2 * RECORDS);
            assertThat(state.report().countByStatus(window).get(DeliveryStatus.FAILED)).as("the malformed line, twice")
                    .isEqualTo(2);
            assertThat(state.report().count(window.toBuilder().runId(first).build())).isEqualTo(RECORDS);
        }
    }
}
