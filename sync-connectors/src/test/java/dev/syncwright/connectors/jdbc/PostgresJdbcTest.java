package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.Engines;
import dev.syncwright.connectors.PausingDestination;
import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.Secret;
import dev.syncwright.spi.SyncRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC connectors against a real PostgreSQL server (see {@link PostgresServer}). */
class PostgresJdbcTest extends JdbcContract {
    private static String url;

    @BeforeAll
    static void server() {
        url = PostgresServer.url();
    }

    @Override
    String url() {
        return url;
    }

    @Override
    String user() {
        return PostgresServer.user();
    }

    @Override
    String password() {
        return PostgresServer.password();
    }

    @Override
    String columnCase(String name) {
        return name;
    }

    @Test
    void anUnreachableServerIsATransientFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        JdbcDestination destination = JdbcDestination.builder()
                .url("jdbc:postgresql://127.0.0.1:" + closedPort + "/db?connectTimeout=2")
                .user("u").password(Secret.of("pg-secret-9")).build();

        assertThatThrownBy(() -> destination.open(() -> (id, outcome) -> { }))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("cannot connect to 'jdbc:postgresql://127.0.0.1:" + closedPort + "/db'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pg-secret-9"));
    }

    @Test
    void anUnknownDatabaseIsAConfigurationErrorNamingTheUrl() {
        String wrong = url.substring(0, url.lastIndexOf('/') + 1) + "no_such_db";
        JdbcSource source = JdbcSource.builder().url(wrong).user(user()).password(Secret.of(password()))
                .entity(JdbcEntity.table("x", "x", "id")).build();

        assertThatThrownBy(source::open)
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aConnectionEndedBetweenBatchesIsReplacedAndTheSyncCompletesWithEveryRowOnce() throws Exception {
        String table = t + "survivors";
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name TEXT)");
        Path in = Files.createDirectories(dir.resolve("survivors"));
        Files.writeString(in.resolve(table + ".csv"), "id,name\n" + IntStream.rangeClosed(1, 100)
                .mapToObj(i -> i + ",name " + i + "\n").collect(Collectors.joining()));
        String app = t + "survivor";
        PausingDestination destination = new PausingDestination(destinationBuilder().url(PostgresServer.url(app)).build(), 3);

        try (SyncEngine engine = Engines.engine(20, RunJournal.inMemory())) {
            SyncExecution run = engine.start(SyncRequest.builder(t + "survivors")
                    .source(CsvSource.builder().directory(in).build()).destination(destination).build());
            destination.awaitPaused();
            assertThat(PostgresServer.terminate(app, "true")).isPositive();
            Awaitility.await().atMost(WAIT).until(() -> PostgresServer.backends(app, "true") == 0);
            destination.release();
            SyncResult result = run.await(WAIT);

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().deliveries()).isEqualTo(new DeliveryCounts(100, 0, 0, 0));
        }
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(100);
    }

    @Test
    void aPageLargerThanTheFetchSizeIsReadWholeThroughTheCursorAndResumed() throws SQLException {
        String table = t + "fetched";
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, label TEXT)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 25) g");
        JdbcSource source = open(sourceBuilder().fetchSize(3).entity(JdbcEntity.table("fetched", table, "id")).build());
        EntityDescriptor fetched = source.entities().get(0);

        Page first = source.read(fetched, Checkpoint.START, 10);
        Page second = source.read(fetched, first.next(), 10);
        Page third = source.read(fetched, second.next(), 10);

        assertThat(first.records()).extracting(SyncRecord::key)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(second.records()).extracting(SyncRecord::key).first().isEqualTo("11");
        assertThat(third.records()).extracting(SyncRecord::key).containsExactly("21", "22", "23", "24", "25");
        assertThat(third.hasMore()).isFalse();
        assertThat(third.records().get(4).fields()).containsEntry("label", "row 25");
    }
}
