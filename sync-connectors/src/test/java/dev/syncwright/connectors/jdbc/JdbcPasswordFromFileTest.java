package dev.syncwright.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.SourceConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JDBC connector configured from JSON reads its password from a mounted secret file, as a container would. */
class JdbcPasswordFromFileTest {
    private final JdbcConnectorFactory factory = new JdbcConnectorFactory();

    @TempDir
    Path dir;

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void theSourceConnectsWithThePasswordReadFromTheFile() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection db = DriverManager.getConnection(url, "sync", "pw-in-file-9")) {
            db.createStatement().execute("CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(20))");
            Path secret = Files.writeString(dir.resolve("db-password"), "pw-in-file-9\n");
            String config = "{'url': '" + url + "', 'user': 'sync', 'password': '${file:" + path(secret) + "}',"
                    + " 'entities': [{'name': 'customers', 'table': 'CUSTOMER', 'keyColumn': 'ID'}]}";

            try (SourceConnector source = factory.createSource(json(config))) {
                source.open();

                assertThat(source.entities()).extracting(e -> e.name()).containsExactly("customers");
                assertThat(source.toString()).doesNotContain("pw-in-file-9");
            }
            // the same database refuses a wrong password, so the connection above used the file's
            try (SourceConnector wrong = factory.createSource(json(config.replace("${file:" + path(secret) + "}", "other")))) {
                assertThatThrownBy(wrong::open).isInstanceOf(ConnectorException.class);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMissingSecretFileFailsBeforeAnyConnectionNamingTheSetting() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'jdbc:h2:mem:x', 'password': '${file:"
                + path(missing) + "}'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("password"))
                .hasMessageContaining("absent");
    }

    private static String path(Path p) {
        return p.toString().replace("\\", "\\\\");
    }
}
