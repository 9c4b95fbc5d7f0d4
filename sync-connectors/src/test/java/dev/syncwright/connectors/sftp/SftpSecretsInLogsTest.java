package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.OutcomeLog;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords never reach a log line, an exception, a check or an outcome. The build runs this class in a JVM of its
 * own with every logger, MINA SSHD's included, at DEBUG level (see this module's pom); at the usual WARN level it
 * checks the warnings only.
 */
@Isolated
class SftpSecretsInLogsTest {
    private static final String WRONG_PASSWORD = "wrong-pw-0915-secret";

    @TempDir
    Path dir;

    @Test
    void passwordsNeverAppearInLogsExceptionsChecksOrOutcomes() throws Exception {
        // given a server whose receiver acknowledges every file
        List<String> texts = new ArrayList<>();
        OutcomeLog outcomes = new OutcomeLog();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (SftpTestServer server = new SftpTestServer(dir.resolve("root"));
             SyncEngine engine = SyncEngine.builder().confirmationPollInterval(Duration.ofMillis(50)).build()) {
            server.receiver((name, times) -> Files.writeString(server.uploaded(name + ".ack"), "OK"));

            // when a run logs in with the right password, a run with a wrong one fails, and both are checked
            SyncResult good = engine.start(SyncRequest.builder("good").source(new SourceFiles(dir.resolve("in")).entity("a", 20, 1).source())
                    .destination(server.destination().build()).listener(outcomes).build()).await(Duration.ofSeconds(60));
            SftpDestination wrong = server.destination().password(Secret.of(WRONG_PASSWORD)).build();
            SyncResult refused = engine.start(SyncRequest.builder("refused").source(new SourceFiles(dir.resolve("in")).source())
                    .destination(wrong).build()).await(Duration.ofSeconds(60));
            ConnectionCheck goodCheck = server.destination().build().check();
            ConnectionCheck wrongCheck = wrong.check();

            assertThat(good.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
            assertThat(wrongCheck.status()).isEqualTo(ConnectionCheck.Status.CREDENTIALS_EXPIRED);
            texts.add(String.valueOf(refused.failure()));
            texts.add(goodCheck.toString());
            texts.add(wrongCheck.toString());
            texts.add(wrong.toString());
            outcomes.all().stream().map(RecordOutcome::toString).forEach(texts::add);
        } finally {
            System.setErr(original);
        }
        String logged = captured.toString(StandardCharsets.UTF_8);

        // then the refused login was logged and reported, and no password is anywhere
        assertThat(logged).contains("did not accept the password of user 'sync'");
        if ("debug".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"))) {
            assertThat(logged).contains("DEBUG org.apache.sshd.client", "DEBUG org.apache.sshd.server", "DEBUG org.apache.sshd.sftp");
        }
        assertThat(texts).anyMatch(t -> t.contains("did not accept the password of user 'sync'"));
        assertThat(logged).doesNotContain(SftpTestServer.PASSWORD).doesNotContain(WRONG_PASSWORD);
        assertThat(texts).noneMatch(t -> t.contains(SftpTestServer.PASSWORD) || t.contains(WRONG_PASSWORD));
    }
}
