package dev.syncwright.connectors.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.ConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Setting names come from the user's JSON: an error naming one must not carry a line break into a log. */
class ConfigReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUnknownSettingWithLineBreaksInItsNameIsNamedOnOneLine() throws Exception {
        ConfigReader reader = ConfigReader.of(JSON.readTree("{\"url\": \"x\", \"evil\\n2024-01-01 INFO forged\": 1}"));
        reader.string("url");

        assertThatThrownBy(reader::rejectUnknown)
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("evil 2024-01-01 INFO forged"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aBadEntryOfAMapOrListIsNamedOnOneLine() throws Exception {
        ConfigReader reader = ConfigReader.of(JSON.readTree(
                "{\"headers\": {\"X-\\u2028Forged\": 1}, \"files\": [\"a\", 2]}"));

        assertThatThrownBy(() -> reader.stringMap("headers"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("headers.X- Forged"));
        assertThatThrownBy(() -> reader.strings("files"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("files[1]"));
    }
}
