package dev.syncwright.core;

import dev.syncwright.spi.ConnectorException;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Names from a caller or a source reach the log on one line, so they cannot forge log lines. */
@Isolated
class LogForgingTest {

    @Test
    void anEntityOrSyncNameWithLineBreaksCannotForgeALogLine() throws Exception {
        // given an entity whose name carries a line break, and a sync name with Unicode line separators
        String evilEntity = "evil\nFORGED-LINE entity";
        String evilSync = "sync\u2028FORGED-LINE sync\u0085FORGED-LINE nel\rFORGED-LINE cr";
        InMemorySource source = InMemorySource.builder().entity(evilEntity, 5).build();
        source.failReads(evilEntity, ConnectorException.permanent("table dropped\nFORGED-LINE message", null));

        // when the entity fails, which logs a WARN line naming it
        String logged = captureStandardError(() -> {
            try (SyncEngine engine = SyncEngine.builder().build()) {
                engine.start(SyncRequest.builder(evilSync).source(source).destination(new ControllableDestination()).build())
                        .await(Duration.ofSeconds(10));
            }
        });

        // then the failure is logged, and no line starts with the forged text
        assertThat(logged).contains("evil FORGED-LINE entity");
        assertThat(logged.split("\r\n|\n|\r|\u0085|\u2028|\u2029")).noneMatch(line -> line.startsWith("FORGED-LINE"));
    }

    private interface Action {
        void run() throws Exception;
    }

    private static String captureStandardError(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
