package dev.syncwright.core.connection;

import dev.syncwright.spi.ConnectionCheck;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.syncwright.core.connection.ConnectionFixture.T0;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A line break in a stored id or name must not start a forged line in the log (slf4j-simple writes to System.err). */
class LogLineInjectionTest {

    @Test
    void aStoredConnectionWithLineBreaksInItsIdAndNameCannotForgeALogLine() {
        SteerableConnectionStore store = new SteerableConnectionStore(ConnectionStore.inMemory());
        String id = "c-1\nFORGED id\u2028FORGED id";
        store.save(new ConnectionState(id, "crm\r\nFORGED name", ConnectionStatus.INCOMPLETE, null, T0, List.of(),
                MetadataSyncState.INITIAL, List.of()));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        try (ConnectionFixture f = new ConnectionFixture(store, Runnable::run)) {
            Connection c = f.manager.restore(id, f.home, f.companion);

            // when a change of it cannot be saved, which is logged as an error naming the connection
            store.failSaves(new IllegalStateException("disk full"));
            f.companion.checkResult(ConnectionCheck.unreachable("down"));
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            await(c.check());
        } finally {
            System.setErr(err);
        }

        // then the log names it on one line
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("saving its state failed").contains("c-1 FORGED id FORGED id")
                .contains("crm  FORGED name");
        assertThat(log.lines()).noneMatch(line -> line.startsWith("FORGED"));
    }
}
