package dev.syncwright.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SourceConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileConnectorFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"').replace("DIR", dir.toString().replace("\\", "/")));
    }

    @Test
    void serviceLoaderFindsEveryBuiltInConnectorType() {
        for (String type : new String[] {"csv", "jsonl", "jdbc", "http"}) {
            assertThat(ConnectorFactory.find(type, getClass().getClassLoader()).type()).isEqualTo(type);
        }
    }

    @Test
    void csvFactoryBuildsASourceFromJson() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "code;name\nX;1\n");
        SourceConnector source = ConnectorFactory.find("csv", null).createSource(json(
                "{'files': [{'path': 'DIR/a.csv', 'entity': 'things', 'keyColumn': 'code'}], 'delimiter': ';', 'charset': 'UTF-8'}"));
        source.open();

        EntityDescriptor things = source.entities().get(0);

        assertThat(things.name()).isEqualTo("things");
        assertThat(things.keyField()).isEqualTo("code");
    }

    @Test
    void unknownSettingIsRejectedByName() {
        assertThatThrownBy(() -> new CsvConnectorFactory().createSource(json("{'directory': 'DIR', 'delimeter': ';'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("delimeter"))
                .hasMessageContaining("unknown setting");
        assertThatThrownBy(() -> new CsvConnectorFactory().createSource(json("{'files': [{'path': 'DIR/a.csv', 'key': 'x'}]}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("files[0].key"));
        assertThatThrownBy(() -> new JsonLinesConnectorFactory().createDestination(json("{'directory': 'DIR', 'fsync': false}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("fsync"));
    }

    @Test
    void malformedSettingsAreRejectedByName() {
        assertThatThrownBy(() -> new CsvConnectorFactory().createSource(json("{'directory': 'DIR', 'delimiter': ';;'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("delimiter"));
        assertThatThrownBy(() -> new CsvConnectorFactory().createSource(json("{'directory': 'DIR', 'charset': 'UTF-9'}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("charset"));
        assertThatThrownBy(() -> new CsvConnectorFactory().createSource(json("{'directory': 42}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("directory"));
        assertThatThrownBy(() -> new JsonLinesConnectorFactory().createDestination(json("{}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("directory"));
        assertThatThrownBy(() -> new CsvConnectorFactory().createDestination(json("{}")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("type"));
    }

    @Test
    void aMissingDirectoryFailsOnOpenNamingTheSetting() throws IOException {
        SourceConnector source = new CsvConnectorFactory().createSource(json("{'directory': 'DIR/nope'}"));

        assertThatThrownBy(source::open)
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("directory"));
    }
}
