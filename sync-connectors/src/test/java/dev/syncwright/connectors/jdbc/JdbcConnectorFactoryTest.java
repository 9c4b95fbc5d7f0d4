package dev.syncwright.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.connectors.jdbc.internal.SqlErrors;
import dev.syncwright.spi.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcConnectorFactoryTest {
    private final JdbcConnectorFactory factory = new JdbcConnectorFactory();

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void buildsSourceAndDestinationWithoutShowingThePassword() throws IOException {
        var source = factory.createSource(json("{'url': 'jdbc:h2:mem:f', 'user': 'sa', 'password': 'pw-secret-5',"
                + " 'entities': [{'name': 'a', 'table': 'a'}, {'name': 'b', 'query': 'SELECT * FROM b', 'keyColumn': 'no'}]}"));
        var destination = factory.createDestination(json("{'url': 'jdbc:postgresql://db/x', 'password': 'pw-secret-5',"
                + " 'createTables': true, 'tables': {'a': 'public.a_copy'}}"));

        assertThat(source.toString()).contains("jdbc:h2:mem:f").doesNotContain("pw-secret-5");
        assertThat(destination.toString()).contains("POSTGRESQL").doesNotContain("pw-secret-5");
    }

    @Test
    void rejectsBadSettingsByName() {
        assertThatThrownBy(() -> factory.createSource(json("{'url': 'jdbc:h2:mem:f', 'entities': [{'name': 'a', 'tabel': 'a'}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("entities[0].tabel"));
        assertThatThrownBy(() -> factory.createSource(json("{'url': 'jdbc:h2:mem:f', 'entities': [{'name': 'a'}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("entities[0].table"));
        assertThatThrownBy(() -> factory.createSource(json("{'url': 'jdbc:h2:mem:f', 'entities': [{'name': 'a', 'table': ' '}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("entities[0].table"));
        assertThatThrownBy(() -> factory.createSource(json("{'url': 'jdbc:h2:mem:f', 'entities': [{'name': 'a', 'table': 's.'}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("entities[0].table"));
        assertThatThrownBy(() -> factory.createSource(json("{'url': 'jdbc:h2:mem:f', 'entities': [{'name': 'a', 'table': 'a',"
                + " 'keyColumn': 'i\\u0000d'}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("entities[0].keyColumn"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'jdbc:h2:mem:x', 'dialect': 'oracle'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("dialect"))
                .hasMessageContaining("must be H2 or POSTGRESQL, was 'oracle'");
        assertThatThrownBy(() -> factory.createSource(json("{'url': 'mysql://x', 'entities': [{'name': 'a', 'table': 'a'}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'jdbc:sqlite:x.db'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("dialect"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'jdbc:h2:mem:x', 'upsert': true}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("upsert"));
    }

    @Test
    void readsTheWriteMethodPoolAndFetchSettingsAndRejectsBadOnesByName() throws IOException {
        var destination = factory.createDestination(json("{'url': 'jdbc:postgresql://db/x', 'writeMethod': 'statements',"
                + " 'maxConnections': 4, 'connectionTimeout': 'PT5S'}"));
        var source = factory.createSource(json("{'url': 'jdbc:postgresql://db/x', 'fetchSize': 500, 'dialect': 'postgresql',"
                + " 'entities': [{'name': 'a', 'table': 'a'}]}"));

        assertThat(destination.toString()).contains("writeMethod=STATEMENTS");
        assertThat(source).isInstanceOf(JdbcSource.class);
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'jdbc:postgresql://db/x', 'writeMethod': 'fast'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("writeMethod"))
                .hasMessageContaining("must be AUTO, COPY or STATEMENTS, was 'fast'");
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'jdbc:h2:mem:x', 'writeMethod': 'COPY'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("writeMethod"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'jdbc:h2:mem:x', 'maxConnections': 0}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("maxConnections"));
        assertThatThrownBy(() -> factory.createSource(json("{'url': 'jdbc:h2:mem:x', 'fetchSize': 0,"
                + " 'entities': [{'name': 'a', 'table': 'a'}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("fetchSize"));
    }

    @Test
    void lostConnectionsSerializationFailuresAndDeadlocksAreTransient() {
        for (String state : new String[] {"08006", "08001", "40001", "40P01", "57P01"}) {
            assertThat(SqlErrors.isTransient(new SQLException("x", state))).as(state).isTrue();
        }
        assertThat(SqlErrors.isTransient(new SQLException("dup", "23505"))).isFalse();
        assertThat(SqlErrors.isDataError(new SQLException("dup", "23505"))).isTrue();
        assertThat(SqlErrors.statementFailure("writing", new SQLException("x", "40001")).isTransient()).isTrue();
    }
}
