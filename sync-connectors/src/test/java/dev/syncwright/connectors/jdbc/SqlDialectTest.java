package dev.syncwright.connectors.jdbc;

import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.FieldType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlDialectTest {

    @Test
    void builtInDialectsAreToldFromTheUrlOrByName() {
        assertThat(SqlDialect.forUrl("jdbc:h2:mem:x")).isSameAs(SqlDialect.H2);
        assertThat(SqlDialect.forUrl("jdbc:postgresql://db/x")).isSameAs(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.named("postgresql")).isSameAs(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.named("H2")).isSameAs(SqlDialect.H2);
        assertThatThrownBy(() -> SqlDialect.forUrl("jdbc:sqlite:x.db"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("dialect"));
    }

    @Test
    void upsertsArrangeTheQuotedIdentifiersTheyAreGiven() {
        List<String> columns = List.of("\"id\"", "\"we ird\"", "\"a\"\"b\"");

        assertThat(SqlDialect.H2.upsert("\"s\".\"t\"", "\"id\"", columns))
                .isEqualTo("MERGE INTO \"s\".\"t\" (\"id\", \"we ird\", \"a\"\"b\") KEY (\"id\") VALUES (?, ?, ?)");
        assertThat(SqlDialect.POSTGRESQL.upsert("\"t\"", "\"id\"", columns))
                .isEqualTo("INSERT INTO \"t\" (\"id\", \"we ird\", \"a\"\"b\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE"
                        + " SET \"we ird\" = EXCLUDED.\"we ird\", \"a\"\"b\" = EXCLUDED.\"a\"\"b\"");
        assertThat(SqlDialect.POSTGRESQL.upsert("\"t\"", "\"id\"", List.of("\"id\"")))
                .endsWith("ON CONFLICT (\"id\") DO NOTHING");
    }

    @Test
    void theDefaultsQuoteTheStandardWayAndLimitAndCreateAsH2AndPostgresqlDo() {
        assertThat(SqlDialect.H2.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(SqlDialect.POSTGRESQL.quote("we ird")).isEqualTo("\"we ird\"");
        assertThat(SqlDialect.H2.limit("SELECT * FROM \"t\" ORDER BY \"id\"")).isEqualTo("SELECT * FROM \"t\" ORDER BY \"id\" LIMIT ?");
        assertThat(SqlDialect.POSTGRESQL.createTable("\"t\"", List.of("\"id\" TEXT NOT NULL", "\"n\" BIGINT"), "\"id\""))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"t\" (\"id\" TEXT NOT NULL, \"n\" BIGINT, PRIMARY KEY (\"id\"))");
        assertThat(SqlDialect.POSTGRESQL.columnType(FieldType.STRING)).isEqualTo("TEXT");
        assertThat(SqlDialect.H2.columnType(FieldType.BINARY)).isEqualTo("VARBINARY");
    }
}
