package dev.syncwright.connectors.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ${env:NAME}} and {@code ${file:/path}} in a connector's JSON: resolved for every text, errors without values. */
class ConfigReferencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConfigReferences ENV = ConfigReferences.withEnvironment(Map.of(
            "DB_PASSWORD", "s3cr3t-pw", "DB_HOST", "db.internal", "DB_PORT", "5433", "TIMEOUT", "PT45S",
            "TENANT", "acme"));

    @TempDir
    Path dir;

    private static ConfigReader reader(String json) throws IOException {
        return ConfigReader.of(tree(json), ENV);
    }

    private static JsonNode tree(String json) throws IOException {
        return JSON.readTree(json.replace('\'', '"'));
    }

    /** @return a file reference to the path, as written in JSON (backslashes of Windows paths escaped) */
    private static String fileRef(Path path) {
        return "${file:" + path.toString().replace("\\", "\\\\") + "}";
    }

    @Test
    void aSecretSettingTakesTheEnvironmentVariablesValue() throws IOException {
        ConfigReader c = reader("{'password': '${env:DB_PASSWORD}'}");

        assertThat(c.secret("password")).hasValueSatisfying(s -> assertThat(s.reveal()).isEqualTo("s3cr3t-pw"));
    }

    @Test
    void referencesInsideATextAreReplacedAndTheRestIsKept() throws IOException {
        ConfigReader c = reader("{'url': 'jdbc:postgresql://${env:DB_HOST}:${env:DB_PORT}/crm?app=${user}'}");

        assertThat(c.string("url")).hasValue("jdbc:postgresql://db.internal:5433/crm?app=${user}");
    }

    @Test
    void aFileReferenceReadsTheFileWithoutItsTrailingLineBreaks() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "tok-from-file\r\n", StandardCharsets.UTF_8);
        ConfigReader c = reader("{'token': '" + fileRef(token) + "'}");

        assertThat(c.secret("token")).hasValueSatisfying(s -> assertThat(s.reveal()).isEqualTo("tok-from-file"));
    }

    @Test
    void entriesOfMapsAndListsTextDurationsAndShorthandObjectsAreResolvedToo() throws IOException {
        ConfigReader c = reader("{'headers': {'X-Tenant': '${env:TENANT}'}, 'names': ['a-${env:TENANT}'],"
                + " 'timeout': '${env:TIMEOUT}', 'files': ['/data/${env:TENANT}.csv']}");

        assertThat(c.stringMap("headers")).containsEntry("X-Tenant", "acme");
        assertThat(c.strings("names")).containsExactly("a-acme");
        assertThat(c.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.objects("files", "path")).singleElement()
                .satisfies(f -> assertThat(f.string("path")).hasValue("/data/acme.csv"));
    }

    @Test
    void aDoubleDollarKeepsAReferenceAsLiteralText() throws IOException {
        ConfigReader c = reader("{'query': 'SELECT * FROM t WHERE note = $${env:DB_PASSWORD}'}");

        assertThat(c.string("query")).hasValue("SELECT * FROM t WHERE note = ${env:DB_PASSWORD}");
    }

    @Test
    void aMissingVariableIsAnErrorNamingTheSettingAndTheVariableButNoValue() throws IOException {
        ConfigReader c = reader("{'headers': {'Authorization': 'Bearer ${env:DB_PASSWORD}${env:API_TOKEN}'}}");

        assertThatThrownBy(() -> c.stringMap("headers"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("headers.Authorization"))
                .hasMessageContaining("environment variable 'API_TOKEN' is not set")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-pw"));
    }

    @Test
    void anUnreadableFileIsAnErrorNamingTheSettingAndThePath() throws IOException {
        Path missing = dir.resolve("no-such-secret");
        ConfigReader c = reader("{'entities': [{'password': '" + fileRef(missing) + "'}]}");

        assertThatThrownBy(() -> c.objects("entities", null).get(0).secret("password"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("entities[0].password"))
                .hasMessageContaining("file '" + missing + "' cannot be read (NoSuchFileException)");
    }

    @Test
    void aFileOverTheLimitOrNotUtf8IsRefusedWithoutItsContent() throws IOException {
        Path big = Files.write(dir.resolve("big"), new byte[ConfigReferences.MAX_FILE_BYTES + 1]);
        Path binary = Files.write(dir.resolve("binary"), new byte[] {'p', 'w', (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> ENV.resolve("token", "${file:" + big + "}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is larger than");
        assertThatThrownBy(() -> ENV.resolve("token", "${file:" + binary + "}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is not UTF-8 text")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
    }

    @Test
    void anUnterminatedOrEmptyReferenceIsAnError() {
        assertThatThrownBy(() -> ENV.resolve("password", "${env:DB_PASSWORD"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("password"))
                .hasMessageContaining("no closing '}'");
        assertThatThrownBy(() -> ENV.resolve("password", "${env:}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("names no environment variable");
        assertThatThrownBy(() -> ENV.resolve("password", "${file:}"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("names no file");
    }

    @Test
    void aVariableNameWithALineBreakIsNamedOnOneLine() {
        assertThatThrownBy(() -> ENV.resolve("password", "${env:X\nINFO forged}"))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("'X INFO forged'"));
    }

    @Test
    void aResolvedValueIsNotResolvedAgain() {
        ConfigReferences env = ConfigReferences.withEnvironment(Map.of("A", "${env:B}", "B", "never"));

        assertThat(env.resolve("x", "${env:A}")).isEqualTo("${env:B}");
    }
}
