package dev.syncwright.examples;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.SyncProgress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live view redraws with escape codes only on a terminal, and has nothing to show before the entities. */
class ProgressViewTest {

    @Test
    void escapeCodesOnlyWhenTheConsoleIsATerminal() {
        assertThat(ProgressView.isTerminal(false, null)).as("no console: output redirected (JDK < 22)").isFalse();
        assertThat(ProgressView.isTerminal(true, null)).as("a console on JDK < 22 is a terminal").isTrue();
        assertThat(ProgressView.isTerminal(true, false)).as("JDK 22+: a console even when redirected").isFalse();
        assertThat(ProgressView.isTerminal(true, true)).isTrue();
    }

    @Test
    void underTheTestRunnerOutputIsNoTerminal() {
        assertThat(ProgressView.isTerminal()).isFalse(); // surefire pipes the output: no console
    }

    @Test
    void aRunThatHasNotListedItsEntitiesHasNothingToShow() {
        SyncProgress opening = new SyncProgress("orders", "run-1", 0, 0, 0, 0, 0, 0, DeliveryCounts.ZERO,
                Duration.ofMillis(300), 0, false, List.of());

        assertThat(ProgressView.hasEntities(opening)).isFalse();
    }
}
