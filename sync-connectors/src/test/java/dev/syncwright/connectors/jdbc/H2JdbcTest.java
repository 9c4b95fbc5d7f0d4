package dev.syncwright.connectors.jdbc;

import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDBC connectors against an embedded H2 database. */
class H2JdbcTest extends JdbcContract {
    private static final String URL = "jdbc:h2:mem:connectors;DB_CLOSE_DELAY=-1";

    @Override
    String url() {
        return URL;
    }

    @Override
    String user() {
        return "sa";
    }

    @Override
    String password() {
        return "";
    }

    @Override
    String columnCase(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    @Test
    void aWrongPasswordNamesThePasswordSettingWithoutShowingIt() throws Exception {
        String url = "jdbc:h2:" + dir.resolve("locked").toAbsolutePath();
        try (var c = java.sql.DriverManager.getConnection(url, "owner", "right-pass-1")) {
            assertThat(c.isValid(1)).isTrue();
        }
        JdbcSource source = JdbcSource.builder().url(url).user("owner").password(Secret.of("wrong-pass-2"))
                .entity(JdbcEntity.table("x", "x", "id")).build();

        assertThatThrownBy(source::open)
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("password"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pass-2").doesNotContain("right-pass-1"));
        assertThat(source.toString()).doesNotContain("wrong-pass-2");
    }

    @Test
    void createTablesWorksOnABrandNewEmptyDatabase() throws Exception {
        // H2 reports a missing table in an empty database with its own error code (42104), not 42102
        String url = "jdbc:h2:" + dir.resolve("fresh").toAbsolutePath();
        JdbcDestination destination = JdbcDestination.builder().url(url).user("sa").createTables(true).build();
        dev.syncwright.spi.EntityDescriptor entity = dev.syncwright.spi.EntityDescriptor.of("things", "id",
                java.util.List.of(dev.syncwright.spi.FieldDescriptor.string("id"), dev.syncwright.spi.FieldDescriptor.string("name")));
        destination.open(() -> (id, outcome) -> { });
        try {
            var outcomes = destination.write(entity, java.util.List.of(
                    dev.syncwright.spi.SyncRecord.of("things", "t-1", java.util.Map.of("id", "t-1", "name", "first"))));
            assertThat(outcomes).extracting(dev.syncwright.spi.DeliveryOutcome::status)
                    .containsExactly(dev.syncwright.spi.DeliveryStatus.OK);
        } finally {
            destination.close();
        }
        try (var c = java.sql.DriverManager.getConnection(url, "sa", "");
             var rs = c.createStatement().executeQuery("SELECT name FROM things WHERE id = 't-1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("first");
        }
    }
}
