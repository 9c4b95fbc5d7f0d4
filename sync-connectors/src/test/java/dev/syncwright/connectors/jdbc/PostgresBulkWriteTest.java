package dev.syncwright.connectors.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.connectors.OutcomeLog;
import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL's bulk path (COPY into a staging table, one upsert from it) against a real server: the outcomes of
 * rows the database rejects, keys repeated in a batch, values of every type, and connections lost mid-COPY.
 */
class PostgresBulkWriteTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private String url;
    private String t;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeEach
    void prefix() {
        url = PostgresServer.url();
        t = "b" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "_";
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private static void sql(String... statements) throws SQLException {
        PostgresServer.sql(statements);
    }

    private static long count(String sql) throws SQLException {
        return PostgresServer.count(sql);
    }

    /**
     * Makes a table whose {@code name} column is of a domain checked by a function that waits for a shared advisory
     * lock: while the test holds that lock exclusively, every statement writing a name, a COPY included, waits.
     */
    private void gatedTable(String table, long lock) throws SQLException {
        sql("CREATE FUNCTION " + t + "gate(v TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$ BEGIN"
                        + " PERFORM pg_advisory_xact_lock_shared(" + lock + "); RETURN TRUE; END $$",
                "CREATE DOMAIN " + t + "gated_text AS TEXT CHECK (" + t + "gate(VALUE))",
                "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name " + t + "gated_text)");
    }

    private JdbcDestination destination(JdbcDestination.WriteMethod method) {
        JdbcDestination d = JdbcDestination.builder().url(url).user(PostgresServer.user()).writeMethod(method).build();
        d.open(() -> (id, outcome) -> { });
        closeAfter.add(d);
        return d;
    }

    private static SyncRecord row(String entity, long id, Object... nameValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.put((String) nameValues[i], nameValues[i + 1]);
        }
        return SyncRecord.of(entity, Long.toString(id), fields);
    }

    @Test
    void aValueTheDatabaseRejectsInsideABulkBatchFailsOnlyThatRow() throws SQLException {
        String table = t + "names";
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(20))");
        List<SyncRecord> batch = IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> row(table, i, "name", i == 500 ? "x".repeat(30) : "name " + i)).toList();

        List<DeliveryOutcome> outcomes = destination(JdbcDestination.WriteMethod.COPY)
                .write(EntityDescriptor.of(table, "id", List.of()), batch);

        assertThat(outcomes.get(499).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(outcomes.get(499).message()).startsWith("rejected by the database:").contains("too long");
        assertThat(outcomes).filteredOn(o -> o.status() == DeliveryStatus.OK).hasSize(999);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(999);
        assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE id = 500")).isZero();
    }

    @Test
    void constraintViolationsInsideABulkBatchFailOnlyTheViolatingRows() throws SQLException {
        String table = t + "accounts";
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, email TEXT UNIQUE NOT NULL,"
                + " amount NUMERIC(10,2) CHECK (amount >= 0))", "INSERT INTO " + table + " VALUES (0, 'taken@x', 1)");
        List<SyncRecord> batch = IntStream.rangeClosed(1, 1000).mapToObj(i -> row(table, i,
                "email", i == 700 ? "taken@x" : i == 800 ? null : "user" + i + "@x", "amount", i == 10 ? "-1" : "2.50"))
                .toList();

        List<DeliveryOutcome> outcomes = destination(JdbcDestination.WriteMethod.COPY)
                .write(EntityDescriptor.of(table, "id", List.of()), batch);

        assertThat(IntStream.of(9, 699, 799).mapToObj(outcomes::get)).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(o.message()).startsWith("rejected by the database:");
        });
        assertThat(outcomes.get(9).message()).contains("check constraint");
        assertThat(outcomes.get(699).message()).contains("duplicate key");
        assertThat(outcomes.get(799).message()).contains("null value");
        assertThat(outcomes).filteredOn(o -> o.status() == DeliveryStatus.OK).hasSize(997);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(998);
        assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE email = 'taken@x' AND id = 0")).isEqualTo(1);
    }

    @Test
    void aKeyTwiceInABulkBatchStoresTheLaterRecordUnlessTheLaterOneIsBad() throws SQLException {
        String table = t + "twice";
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name TEXT, amount NUMERIC(10,2))");

        List<DeliveryOutcome> outcomes = destination(JdbcDestination.WriteMethod.COPY).write(
                EntityDescriptor.of(table, "id", List.of()), List.of(row(table, 1, "name", "first", "amount", "1"),
                        row(table, 2, "name", "other", "amount", "2"), row(table, 1, "name", "second", "amount", "3"),
                        row(table, 3, "name", "good", "amount", "4"), row(table, 3, "name", "bad", "amount", "abc")));

        assertThat(outcomes).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK, DeliveryStatus.OK,
                DeliveryStatus.OK, DeliveryStatus.OK, DeliveryStatus.FAILED);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(3);
        assertThat(count("SELECT amount FROM " + table + " WHERE id = 1 AND name = 'second'")).isEqualTo(3);
        assertThat(count("SELECT amount FROM " + table + " WHERE id = 3 AND name = 'good'")).isEqualTo(4);
    }

    @Test
    void aTableWithoutAUniqueKeyIsNeverCopiedStraightIntoSoARetryCannotStoreARowTwice() throws SQLException {
        String table = t + "unkeyed";
        sql("CREATE TABLE " + table + " (id BIGINT, name TEXT)", "CREATE INDEX ON " + table + " (id)");
        JdbcDestination destination = destination(JdbcDestination.WriteMethod.COPY);
        EntityDescriptor entity = EntityDescriptor.of(table, "id", List.of());

        assertThatThrownBy(() -> destination.write(entity, List.of(row(table, 1, "name", "a"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("ON CONFLICT");
        assertThat(count("SELECT COUNT(*) FROM " + table)).isZero();
    }

    @Test
    void valuesOfEveryTypeAreStoredByCopyExactlyAsByStatements() throws SQLException {
        String columns = " (id TEXT PRIMARY KEY, txt TEXT, num NUMERIC, int INT, flag BOOLEAN, day DATE, at TIMESTAMP,"
                + " at_tz TIMESTAMPTZ, bin BYTEA, doc JSONB, uid UUID, nothing TEXT)";
        sql("CREATE TABLE " + t + "by_copy" + columns, "CREATE TABLE " + t + "by_statements" + columns);
        List<Map<String, Object>> rows = List.of(
                fields("plain", "text", new BigDecimal("12.50"), 7L, true, LocalDate.of(2024, 2, 29),
                        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0,
                                ZoneOffset.ofHours(2)), new byte[] {0, 1, (byte) 0xfe, '\\', '\t'}, "{\"a\": [1, \"b\"]}",
                        "6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
                fields("escapes", "tab\there\nnew line\r\nback\\slash \\N and \\.", "-0.001", "42", "f", "2024-12-31",
                        "2024-06-01 12:00:00", "2024-06-01T12:00:00Z", "bytes", "\"just a string\"", null),
                fields("unicode", "é ü ß 漢字 🎉 \u2028", "1e3", 0L, "yes", "1999-01-01", "2000-01-01T00:00",
                        "2000-01-01T00:00:00-05:30", new byte[0], "{}", null),
                fields("empty", "", "0", -5L, false, null, null, null, null, null, null));

        for (String table : List.of(t + "by_copy", t + "by_statements")) {
            List<SyncRecord> batch = rows.stream().map(f -> SyncRecord.of(table, (String) f.get("id"), f)).toList();
            JdbcDestination.WriteMethod method = table.endsWith("copy") ? JdbcDestination.WriteMethod.COPY
                    : JdbcDestination.WriteMethod.STATEMENTS;
            JdbcDestination destination = destination(method);
            assertThat(destination.write(EntityDescriptor.of(table, "id", List.of()), batch))
                    .extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
            // new keys are COPY'd straight into the table; the same keys again go through the staged upsert
            assertThat(destination.write(EntityDescriptor.of(table, "id", List.of()), batch))
                    .extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        }

        assertThat(count("SELECT COUNT(*) FROM " + t + "by_copy")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM (SELECT * FROM " + t + "by_copy EXCEPT SELECT * FROM " + t
                + "by_statements) d")).isZero();
        assertThat(count("SELECT COUNT(*) FROM (SELECT * FROM " + t + "by_statements EXCEPT SELECT * FROM " + t
                + "by_copy) d")).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + t + "by_copy WHERE id = 'escapes' AND txt = E'tab\\there\\nnew line"
                + "\\r\\nback\\\\slash \\\\N and \\\\.' AND nothing IS NULL AND uid IS NULL")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM " + t + "by_copy WHERE id = 'plain' AND bin = '\\x0001fe5c09'::bytea"
                + " AND at = TIMESTAMP '2024-01-02 03:04:05.123456' AND at_tz = TIMESTAMPTZ '2024-01-02 01:04:05Z'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM " + t + "by_copy WHERE id = 'unicode' AND txt = '"
                + "é ü ß 漢字 🎉 \u2028' AND bin = ''::bytea")).isEqualTo(1);
    }

    private static Map<String, Object> fields(String id, Object txt, Object num, Object integer, Object flag, Object day,
                                              Object at, Object atTz, Object bin, Object doc, Object uid) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("txt", txt);
        f.put("num", num);
        f.put("int", integer);
        f.put("flag", flag);
        f.put("day", day);
        f.put("at", at);
        f.put("at_tz", atTz);
        f.put("bin", bin instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : bin);
        f.put("doc", doc);
        f.put("uid", uid);
        f.put("nothing", null);
        return f;
    }

    /** Where the destination gets its connections in the tests that end them. */
    enum Connect {
        URL, HIKARI_POOL
    }

    /**
     * A COPY is held in flight by a domain whose check waits for an advisory lock the test holds; the test then ends
     * that connection. The batch must be reported PENDING (transient), be retried by the engine on a new connection,
     * and leave each key stored once.
     */
    @ParameterizedTest
    @EnumSource(Connect.class)
    void aConnectionLostMidCopyIsTransientAndTheRetriedBatchStoresEachKeyOnce(Connect connect) throws Exception {
        String table = t + "gated";
        String app = t + "copy";
        long lock = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        gatedTable(table, lock);
        Path csv = Files.createDirectories(dir.resolve("in")).resolve(table + ".csv");
        Files.writeString(csv, "id,name\n" + IntStream.rangeClosed(1, 250).mapToObj(i -> i + ",name " + i + "\n")
                .collect(Collectors.joining()));
        OutcomeLog log = new OutcomeLog();

        try (Connection gate = DriverManager.getConnection(url, PostgresServer.user(), PostgresServer.password());
             SyncEngine engine = SyncEngine.builder().parallelism(1).batchSize(100).listener(log).build()) {
            gate.createStatement().execute("SELECT pg_advisory_lock(" + lock + ")");
            SyncExecution run = engine.start(SyncRequest.builder(t + "sync").source(CsvSource.builder().directory(csv.getParent())
                            .build()).destination(destination(connect, app))
                    .retryPolicy(RetryPolicy.builder().maxRetries(3).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build())
                    .build());
            Awaitility.await().atMost(WAIT).until(() -> PostgresServer.backends(app,
                    "query LIKE 'COPY %' AND wait_event_type = 'Lock'") == 1);
            assertThat(PostgresServer.terminate(app, "query LIKE 'COPY %'")).isEqualTo(1);
            gate.createStatement().execute("SELECT pg_advisory_unlock(" + lock + ")");
            SyncResult result = run.await(WAIT);

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.progress().deliveries().ok()).isEqualTo(250);
        }
        List<RecordOutcome> pending = log.all().stream().filter(o -> o.status() == DeliveryStatus.PENDING).toList();
        assertThat(pending).hasSize(100).allSatisfy(o -> assertThat(Long.parseLong(o.reference())).isBetween(1L, 100L));
        assertThat(pending.get(0).message()).startsWith("writing entity").containsIgnoringCase("connection");
        assertThat(log.latestWith(DeliveryStatus.OK)).hasSize(250);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(250);
        assertThat(count("SELECT COUNT(DISTINCT name) FROM " + table)).isEqualTo(250);
    }

    @Test
    void aCopyHeldLongerThanTheQueryTimeoutIsTransientAndRetried() throws Exception {
        String table = t + "slow";
        long lock = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        gatedTable(table, lock);
        JdbcDestination destination = JdbcDestination.builder().url(url).user(PostgresServer.user())
                .queryTimeout(Duration.ofSeconds(1)).build();
        destination.open(() -> (id, outcome) -> { });
        closeAfter.add(destination);
        EntityDescriptor entity = EntityDescriptor.of(table, "id", List.of());

        List<DeliveryOutcome> after;
        try (Connection gate = DriverManager.getConnection(url, PostgresServer.user(), PostgresServer.password())) {
            gate.createStatement().execute("SELECT pg_advisory_lock(" + lock + ")");
            assertThatThrownBy(() -> destination.write(entity, List.of(row(table, 1, "name", "a"))))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("statement timeout");
            gate.createStatement().execute("SELECT pg_advisory_unlock(" + lock + ")");
            after = destination.write(entity, List.of(row(table, 1, "name", "a")));
        }

        assertThat(after).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(1);
    }

    private JdbcDestination destination(Connect connect, String applicationName) {
        JdbcDestination.Builder b = JdbcDestination.builder().writeMethod(JdbcDestination.WriteMethod.COPY);
        if (connect == Connect.URL) {
            b.url(PostgresServer.url(applicationName)).user(PostgresServer.user());
        } else {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(PostgresServer.url(applicationName));
            config.setUsername(PostgresServer.user());
            config.setPassword(PostgresServer.password());
            config.setMaximumPoolSize(2);
            HikariDataSource pool = new HikariDataSource(config);
            closeAfter.add(pool);
            b.dataSource(pool);
        }
        return b.build();
    }
}
