package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.jdbc.internal.Sql;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.Secret;
import dev.syncwright.spi.SyncRecord;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

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
    void aDialectOfTheUsersOwnWritesTheSqlOfBothConnectors() throws Exception {
        String table = t + "own";
        sql("CREATE TABLE " + table + " (id INT PRIMARY KEY, \"we ird\" VARCHAR(10))",
                "INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        List<String> statements = new CopyOnWriteArrayList<>();
        SqlDialect standard = new SqlDialect() {
            @Override
            public String name() {
                return "STANDARD";
            }

            @Override
            public String limit(String orderedSelect) {
                statements.add(orderedSelect);
                return orderedSelect + " FETCH FIRST ? ROWS ONLY";
            }

            @Override
            public String upsert(String quotedTable, String key, List<String> columns) {
                String sql = "MERGE INTO " + quotedTable + " t USING (VALUES (" + Sql.parameters(columns.size()) + ")) v ("
                        + String.join(", ", columns) + ") ON t." + key + " = v." + key + " WHEN MATCHED THEN UPDATE SET "
                        + columns.stream().filter(c -> !c.equals(key)).map(c -> c + " = v." + c).collect(Collectors.joining(", "))
                        + " WHEN NOT MATCHED THEN INSERT VALUES (" + columns.stream().map(c -> "v." + c)
                        .collect(Collectors.joining(", ")) + ")";
                statements.add(sql);
                return sql;
            }

            @Override
            public String columnType(FieldType type) {
                return SqlDialect.H2.columnType(type);
            }
        };
        JdbcSource source = open(sourceBuilder().dialect(standard).entity(JdbcEntity.table("own", table, "id")).build());
        JdbcDestination destination = open(destinationBuilder().dialect(standard).build());

        Page page = source.read(source.entities().get(0), Checkpoint.START, 2);
        List<DeliveryOutcome> written = destination.write(EntityDescriptor.of(table, "id", List.of()),
                List.of(record(table, "2", "we ird", "B"), record(table, "4", "we ird", "d")));

        assertThat(page.records()).extracting(SyncRecord::key).containsExactly("1", "2");
        assertThat(page.hasMore()).isTrue();
        assertThat(written).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE \"we ird\" IN ('a', 'B', 'c', 'd')")).isEqualTo(4);
        assertThat(statements).hasSize(2).allSatisfy(s -> assertThat(s).contains("\"ID\""));
        assertThat(destination.toString()).contains("STANDARD");
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

    @Test
    void anH2DataSourceIsWrittenWithBatchedStatementsInTheDialectToldFromTheDatabase() throws Exception {
        String table = t + "hosted";
        sql("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(10))");
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(URL);
        dataSource.setUser("sa");
        JdbcDestination destination = open(JdbcDestination.builder().dataSource(dataSource).build());
        JdbcSource source = open(JdbcSource.builder().dataSource(dataSource).entity(JdbcEntity.table("hosted", table, "id")).build());

        List<DeliveryOutcome> written = destination.write(EntityDescriptor.of(table, "id", List.of()),
                List.of(record(table, "1", "name", "one"), record(table, "2", "name", "two")));
        Page page = source.read(source.entities().get(0), Checkpoint.START, 10);

        assertThat(written).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        assertThat(page.records()).extracting(r -> r.fields().get("NAME")).containsExactly("one", "two");
        assertThat(destination.toString()).contains("dataSource=JdbcDataSource", "writeMethod=AUTO");
    }

    @Test
    void copyOnH2IsAConfigurationErrorNamingTheSettingOnBuildOrOnOpen() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(URL);
        dataSource.setUser("sa");
        JdbcDestination viaDataSource = JdbcDestination.builder().dataSource(dataSource)
                .writeMethod(JdbcDestination.WriteMethod.COPY).build();

        assertThatThrownBy(() -> destinationBuilder().writeMethod(JdbcDestination.WriteMethod.COPY).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("writeMethod"))
                .hasMessageContaining("COPY needs PostgreSQL");
        assertThatThrownBy(() -> viaDataSource.open(() -> (id, outcome) -> { }))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("writeMethod"))
                .hasMessageContaining("COPY needs PostgreSQL");
    }
}
