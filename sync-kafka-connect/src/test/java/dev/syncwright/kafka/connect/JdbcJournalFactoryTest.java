package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.store.jdbc.SchemaVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcJournalFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final String memoryUrl = "jdbc:h2:mem:journal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static JournalFactory.Opened open(String config) throws IOException {
        return new JdbcJournalFactory().open(json(config));
    }

    @Test
    void serviceLoaderFindsTheJdbcType() {
        assertThat(JournalFactory.find("jdbc", getClass().getClassLoader())).isInstanceOf(JdbcJournalFactory.class);
    }

    @Test
    void unknownSettingIsRejectedByName() {
        assertThatThrownBy(() -> open("{'url': '" + memoryUrl + "', 'pool': 2}"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("pool"))
                .hasMessageContaining("unknown setting");
    }

    @Test
    void missingOrUnusableUrlIsRejectedByName() {
        assertThatThrownBy(() -> open("{'user': 'sync'}"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"));
        assertThatThrownBy(() -> open("{'url': ' '}"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"));
        assertThatThrownBy(() -> open("{'url': 'jdbc:nosuchdb://ops/sync?password=hunter2'}"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badPoolSizeIsRejectedByName() {
        for (String poolSize : List.of("0", "-3", "'four'", "2.5", "true")) {
            assertThatThrownBy(() -> open("{'url': '" + memoryUrl + "', 'poolSize': " + poolSize + "}"))
                    .as("poolSize %s", poolSize)
                    .isInstanceOfSatisfying(ConfigurationException.class,
                            e -> assertThat(e.setting()).isEqualTo("poolSize"));
        }
    }

    @Test
    void malformedSettingsAreRejectedByName() {
        assertThatThrownBy(() -> open("{'url': '" + memoryUrl + "', 'createSchemaIfMissing': 'yes'}"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("createSchemaIfMissing"));
        assertThatThrownBy(() -> open("{'url': '" + memoryUrl + "', 'schema': 'ops; DROP TABLE x'}"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("schema"));
        assertThatThrownBy(() -> open("{'url': '" + memoryUrl + "', 'tablePrefix': 'a-b'}"))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo("tablePrefix"));
        assertThatThrownBy(() -> open("{'url': 42}"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"));
    }

    @Test
    void missingTablesAreAnErrorWithoutCreateSchemaIfMissing() {
        assertThatThrownBy(() -> open("{'url': '" + memoryUrl + "'}")).isInstanceOf(SchemaVersionException.class);
    }

    @Test
    void tasksOpeningTheSameDatabaseShareOneJournal() throws IOException {
        // given a journal database file, its tables created by the first task that opens it
        String url = "jdbc:h2:file:" + dir.resolve("journal").toString().replace('\\', '/');
        try (JournalFactory.Opened first = open("{'url': '" + url + "', 'user': 'sa', 'password': '',"
                + " 'schema': 'PUBLIC', 'tablePrefix': 'kc_', 'createSchemaIfMissing': true, 'poolSize': 2}");
             JournalFactory.Opened second = open("{'url': '" + url + "', 'user': 'sa', 'password': '',"
                     + " 'schema': 'PUBLIC', 'tablePrefix': 'kc_'}")) {
            // when one task claims a run and reserves entry ids
            EntityProgress orders = new EntityProgress("orders", EntityStatus.WAITING, 0, Duration.ZERO,
                    new DeliveryCounts(0, 0, 0, 0), -1, null, false);
            first.journal().claim(new RunRecord("run-1", "crm", "crm → erp", "worker-1", T0, T0.plusSeconds(60),
                    null, null, null, List.of(orders)), T0, null);
            long firstIds = first.journal().reserveEntryIds(100);

            // then another task sees the run, gets other ids, and reads the report from the same store
            assertThat(second.journal().run("run-1")).get().extracting(RunRecord::owner).isEqualTo("worker-1");
            long secondIds = second.journal().reserveEntryIds(100);
            assertThat(secondIds + 99 < firstIds || secondIds > firstIds + 99)
                    .as("ids from %d and from %d overlap", firstIds, secondIds).isTrue();
            assertThat(second.journal()).isInstanceOf(ReportStore.class);
        }
    }
}
