package dev.syncwright.connectors.sftp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncwright.connectors.internal.Json;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SftpConnectorFactoryTest {
    private static final String PASSWORD = "cfg-pw-8812";
    private final ConnectorFactory factory = ConnectorFactory.find("sftp", null);

    @TempDir
    Path dir;

    private static ObjectNode config(String extra) throws IOException {
        return (ObjectNode) Json.mapper().readTree(("{'host': 'sftp.example.com', 'user': 'sync', 'password': '" + PASSWORD
                + "', 'hostKey': 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU', 'directory': '/upload'"
                + extra + "}").replace('\'', '"'));
    }

    private void rejects(String extra, String setting) {
        assertThatThrownBy(() -> factory.createDestination(config(extra)))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void isFoundByTypeAndKeepsTheSecretsOutOfToString() throws IOException {
        // given a configuration with a password
        JsonNode config = config(", 'port': 2222, 'format': 'jsonl', 'confirmation': 'folders', 'syncLabel': 'crm',"
                + " 'connectTimeout': 'PT5S', 'timeout': 20000, 'systemName': 'erp-drop'");

        // when the factory found by ServiceLoader makes a destination
        DestinationConnector destination = factory.createDestination(config);

        // then it is an SFTP destination that shows where it goes and never the password
        assertThat(factory).isInstanceOf(SftpConnectorFactory.class);
        assertThat(destination.systemName()).isEqualTo("erp-drop");
        assertThat(destination.toString()).contains("sync@sftp.example.com:2222", "JSON_LINES", "FOLDERS")
                .doesNotContain(PASSWORD);
    }

    @Test
    void rejectsBadSettingsByNameWithoutShowingSecrets() {
        rejects(", 'hots': 'typo'", "hots");
        rejects(", 'port': 0", "port");
        rejects(", 'format': 'xml'", "format");
        rejects(", 'confirmation': 'email'", "confirmation");
        rejects(", 'timeout': 'soon'", "timeout");
        rejects(", 'privateKeyPassphrase': 'x'", "privateKeyPassphrase");
        rejects(", 'privateKey': '" + dir.resolve("missing") + "'", "privateKey");
        rejects(", 'knownHosts': '/etc/ssh/known_hosts'", "hostKey");
        rejects(", 'ackSuffix': '.done', 'errorSuffix': '.done'", "errorSuffix");
        rejects(", 'directory': ''", "directory");
        assertThatThrownBy(() -> factory.createDestination(Json.mapper().readTree("{\"host\": \"h\", \"user\": \"u\","
                + " \"directory\": \"/d\", \"hostKey\": \"ssh-rsa not-base64!\", \"password\": \"" + PASSWORD + "\"}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("hostKey"));
        assertThatThrownBy(() -> factory.createDestination(Json.mapper().readTree("{\"host\": \"h\", \"user\": \"u\","
                + " \"directory\": \"/d\"}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("password"));
        assertThatThrownBy(() -> factory.createSource(Json.mapper().createObjectNode()))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("type"));
    }

    @Test
    void aConfiguredDestinationUploadsJsonLinesAndIsConfirmedByFolders() throws IOException {
        // given a server and a JSON configuration for it, confirmed by folders with custom names
        try (SftpTestServer server = new SftpTestServer(dir.resolve("root"))) {
            ObjectNode config = Json.mapper().createObjectNode().put("host", "127.0.0.1").put("port", server.port())
                    .put("user", SftpTestServer.USER).put("password", SftpTestServer.PASSWORD)
                    .put("hostKey", server.hostKeyLine()).put("directory", "/upload/crm").put("format", "jsonl")
                    .put("confirmation", "folders").put("processedDirectory", "done").put("failedDirectory", "/rejected");
            DestinationConnector destination = factory.createDestination(config);
            EntityDescriptor entity = EntityDescriptor.of("orders", "id", List.of(FieldDescriptor.string("id")));

            // when it writes a record and the receiver moves the file to the absolute failed folder
            destination.open(() -> (id, o) -> { });
            try {
                DeliveryOutcome sent = destination.write(entity, List.of(SyncRecord.of("orders", "1", Map.of("id", "1")))).get(0);
                String name = sent.deliveryId().substring(0, sent.deliveryId().indexOf('#'));
                Files.createDirectories(server.root().resolve("rejected"));
                Files.move(server.uploaded("crm/" + name), server.root().resolve("rejected").resolve(name));
                DeliveryOutcome settled = destination.pollDeliveries(List.of(sent.deliveryId())).get(sent.deliveryId());

                // then the directory was created, the file was JSON lines, and the record is FAILED
                assertThat(name).endsWith(".jsonl");
                assertThat(Files.readString(server.root().resolve("rejected").resolve(name))).isEqualTo("{\"id\":\"1\"}\n");
                assertThat(settled.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(settled.message()).isEqualTo("the receiver moved " + name + " to /rejected/");
            } finally {
                destination.close();
            }
        }
    }
}
