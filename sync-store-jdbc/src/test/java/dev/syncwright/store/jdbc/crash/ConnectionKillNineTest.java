package dev.syncwright.store.jdbc.crash;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.store.jdbc.JdbcStores;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host killed with {@code kill -9} while a data space's initial sync runs leaves it ACTIVATING in the
 * connection store; the restarted host's {@code restore} marks it ERROR ("interrupted"), so nothing stays
 * ACTIVATING forever, and a retry shares it with every record delivered. Real child JVMs, the state in the JDBC
 * stores on an H2 file. Runs in the {@code crash} profile, with {@link KillNineTest}.
 */
@Tag("crash")
class ConnectionKillNineTest {

    @Test
    void aDataSpaceWhoseInitialSyncWasKilledIsMarkedInterruptedAndCanBeSharedAgain() throws Exception {
        Path folder = Files.createTempDirectory("syncwright-crash");
        String url = "jdbc:h2:file:" + folder.resolve("state").toAbsolutePath();
        // the destination in a file of its own, written through at each commit: what it received outlives the host
        String destination = "jdbc:h2:file:" + folder.resolve("destination").toAbsolutePath() + ";WRITE_DELAY=0";

        ChildJvm sharing = ChildJvm.start(ConnectionCrashChild.class, "share", url, "sa", "", destination);
        String progress = sharing.awaitLine(l -> l.startsWith(CrashChild.COMMITTED)
                && Integer.parseInt(l.substring(CrashChild.COMMITTED.length())) >= 1_000, 120, TimeUnit.SECONDS);
        assertThat(progress).as("the initial sync was running: %s", sharing.lines()).isNotNull();
        sharing.kill();

        try (HikariDataSource dataSource = pool(url)) {
            ConnectionStore store = JdbcStores.builder(dataSource).build().connectionStore();
            List<ConnectionState> left = store.loadAll();
            assertThat(left).hasSize(1);
            assertThat(left.get(0).dataSpaces()).extracting(DataSpaceState::status)
                    .as("what the killed host left").containsExactly(DataSpaceStatus.ACTIVATING);
        }

        ChildJvm restoring = ChildJvm.start(ConnectionCrashChild.class, "restore", url, "sa", "", destination);
        assertThat(restoring.process().waitFor(120, TimeUnit.SECONDS)).as("the restarted host ends").isTrue();
        assertThat(restoring.process().exitValue()).as("%s", restoring.lines()).isZero();

        assertThat(restoring.lines()).as("restored, then retried")
                .anyMatch(l -> l.startsWith("dataspace sales ERROR interrupted: the initial sync did not end"))
                .anyMatch(l -> l.startsWith("retried ACTIVE"));
        try (HikariDataSource dataSource = pool(url); HikariDataSource received = pool(destination)) {
            ConnectionState after = JdbcStores.builder(dataSource).build().connectionStore().loadAll().get(0);
            assertThat(after.dataSpaces()).extracting(DataSpaceState::status).containsExactly(DataSpaceStatus.ACTIVE);
            try (Connection c = received.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + DurableDestination.RECEIVED)) {
                rs.next();
                assertThat(rs.getInt(1)).as("every record of the data space at the destination")
                        .isEqualTo(ConnectionCrashChild.ORDERS + ConnectionCrashChild.CUSTOMERS);
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
