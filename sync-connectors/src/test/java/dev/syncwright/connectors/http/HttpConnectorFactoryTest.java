package dev.syncwright.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.DestinationConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpConnectorFactoryTest {
    private final HttpConnectorFactory factory = new HttpConnectorFactory();

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void buildsADestinationAndKeepsItsSecretsOutOfToString() throws IOException {
        DestinationConnector d = factory.createDestination(json("{'url': 'https://api.example.com/b', 'token': 'abc-secret-1',"
                + " 'headers': {'X-Key': 'hdr-secret-2'}, 'requestTimeout': 'PT5S', 'connectTimeout': 2000}"));

        assertThat(d.toString()).contains("api.example.com").doesNotContain("abc-secret-1").doesNotContain("hdr-secret-2");
    }

    @Test
    void rejectsBadSettingsByNameWithoutShowingSecrets() {
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'https://x.example/b', 'timeout': 5}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("timeout"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'ftp://x.example/b'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'https://x.example/b', 'requestTimeout': 'soon'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("requestTimeout"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'https://x.example/b', 'statusUrl': 'https://x.example/s'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("statusUrl"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'https://x.example/b', 'token': 'bad\\ntoken-77'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("token"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("token-77"));
        assertThatThrownBy(() -> factory.createDestination(json("{'url': 'https://x.example/b', 'headers': {'Host': 'h'}}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("headers.Host"));
        assertThatThrownBy(() -> factory.createSource(json("{}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("type"));
    }
}
