package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.FieldType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataDialectTest {

    @Test
    void quotesWithTheDriversQuoteAndCannotWrite() throws Exception {
        MetadataDialect dialect;
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:metadata-dialect", "sa", "")) {
            dialect = MetadataDialect.of(c.getMetaData());
        }

        assertThat(dialect.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThatThrownBy(() -> dialect.upsert("\"t\"", "\"id\"", List.of("\"id\"")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("dialect"));
        assertThatThrownBy(() -> dialect.columnType(FieldType.STRING)).isInstanceOf(ConfigurationException.class);
    }
}
