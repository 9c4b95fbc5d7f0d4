package dev.syncwright.connectors.jdbc;

import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.Secret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

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
    void aTerminatedConnectionIsReplacedAndWritingGoesOn() throws Exception {
        String table = t + "survivors";
        sql("CREATE TABLE " + table + " (id TEXT PRIMARY KEY)");
        JdbcDestination destination = destination(false);
        var entity = dev.syncwright.spi.EntityDescriptor.of(table, "id", java.util.List.of());
        destination.write(entity, java.util.List.of(record(table, "1")));

        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        var outcomes = destination.write(entity, java.util.List.of(record(table, "2")));

        assertThat(outcomes).extracting(o -> o.status()).containsExactly(dev.syncwright.spi.DeliveryStatus.OK);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(2);
    }
}
