package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.Engines;
import dev.syncwright.connectors.PausingDestination;
import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncMode;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.Secret;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour both databases must show; run against H2 and against a real PostgreSQL server. */
abstract class JdbcContract {
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** A prefix unique to this test, so tests never see each other's tables. */
    String t;
    private final List<JdbcDestination> destinations = new ArrayList<>();
    private final List<JdbcSource> sources = new ArrayList<>();

    abstract String url();

    abstract String user();

    abstract String password();

    @BeforeEach
    void prefix() {
        t = "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "_";
    }

    @AfterEach
    void closeConnectors() {
        destinations.forEach(JdbcDestination::close);
        sources.forEach(JdbcSource::close);
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    JdbcDestination destination(boolean createTables) {
        return open(destinationBuilder().createTables(createTables).build());
    }

    /** @return a builder of the destination under test: overridden to test another write method */
    JdbcDestination.Builder destinationBuilder() {
        return JdbcDestination.builder().url(url()).user(user()).password(Secret.of(password()));
    }

    JdbcDestination open(JdbcDestination destination) {
        destination.open(() -> (id, outcome) -> { });
        destinations.add(destination);
        return destination;
    }

    JdbcSource.Builder sourceBuilder() {
        return JdbcSource.builder().url(url()).user(user()).password(Secret.of(password()));
    }

    JdbcSource open(JdbcSource source) {
        source.open();
        sources.add(source);
        return source;
    }

    static SyncRecord record(String entity, String key, Object... nameValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", key);
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.put((String) nameValues[i], nameValues[i + 1]);
        }
        return SyncRecord.of(entity, key, fields);
    }

    @Test
    void upsertStoresEachKeyOnceAndCreatesTheTableFromTheEntityFields() throws SQLException {
        String entity = t + "customers";
        EntityDescriptor customers = EntityDescriptor.of(entity, "id", List.of(FieldDescriptor.string("id"),
                FieldDescriptor.string("name"), new FieldDescriptor("score", FieldType.INTEGER)));
        JdbcDestination destination = destination(true);

        List<DeliveryOutcome> first = destination.write(customers, List.of(record(entity, "1", "name", "Ann", "score", 5L),
                record(entity, "2", "name", "Bob", "score", "7"), record(entity, "3", "name", "Cy", "score", null)));
        List<DeliveryOutcome> again = destination.write(customers, List.of(record(entity, "2", "name", "Bobby", "score", 8L),
                record(entity, "4", "name", "Dee", "score", 1L)));

        assertThat(first).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        assertThat(again).extracting(DeliveryOutcome::endpointId).containsExactly("2", "4");
        assertThat(count("SELECT COUNT(*) FROM " + entity)).isEqualTo(4);
        assertThat(count("SELECT score FROM " + entity + " WHERE id = '2'")).isEqualTo(8);
        assertThat(count("SELECT COUNT(*) FROM " + entity + " WHERE name = 'Bobby'")).isEqualTo(1);
    }

    @Test
    void aConstraintViolationFailsOnlyThatRecordAndTheRestOfTheBatchIsCommitted() throws SQLException {
        String table = t + "orders";
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, amount NUMERIC(10,2) CHECK (amount >= 0))");
        EntityDescriptor orders = EntityDescriptor.of(table, "id", List.of());
        JdbcDestination destination = destination(false);

        List<DeliveryOutcome> outcomes = destination.write(orders, List.of(
                record(table, "1", "name", "ok", "amount", "12.50"),
                record(table, "2", "name", "negative", "amount", "-1"),
                record(table, "3", "name", null, "amount", "3"),
                record(table, "4", "name", "not a number", "amount", "abc"),
                record(table, "5", "name", "ok too", "amount", 5L)));

        assertThat(outcomes).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK, DeliveryStatus.FAILED,
                DeliveryStatus.FAILED, DeliveryStatus.FAILED, DeliveryStatus.OK);
        assertThat(outcomes.get(1).message()).startsWith("rejected by the database:");
        assertThat(outcomes.get(3).message()).isEqualTo("field 'AMOUNT' is not a number of the column's type".replace("AMOUNT",
                columnCase("amount")));
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(2);
    }

    /** @return how the database spells an unquoted column name */
    abstract String columnCase(String name);

    @Test
    void aMissingTableWithoutCreateTablesFailsTheEntityPermanently() {
        EntityDescriptor ghosts = EntityDescriptor.of(t + "ghosts", "id", List.of());
        JdbcDestination destination = destination(false);

        assertThatThrownBy(() -> destination.write(ghosts, List.of(record(t + "ghosts", "1"))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT))
                .hasMessageContaining("does not exist; create it, or set createTables");
    }

    @Test
    void sourcePagesByKeyAndResumesFromTheLastKey() throws SQLException {
        String table = t + "items";
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, label VARCHAR(20))");
        for (int i = 1; i <= 25; i++) {
            sql("INSERT INTO " + table + " VALUES (" + (i * 3) + ", 'item " + i + "')");
        }
        JdbcSource source = open(sourceBuilder().entity(JdbcEntity.table("items", table, "id")).build());
        EntityDescriptor items = source.entities().get(0);

        Page first = source.read(items, Checkpoint.START, 10);
        JdbcSource restarted = open(sourceBuilder().entity(JdbcEntity.table("items", table, "id")).build());
        Page second = restarted.read(items, first.next(), 10);
        Page third = restarted.read(items, second.next(), 10);

        assertThat(items.estimatedCount()).hasValue(25);
        assertThat(first.records()).hasSize(10);
        assertThat(first.next().value()).isEqualTo("30");
        assertThat(second.records().get(0).key()).isEqualTo("33");
        assertThat(third.records()).hasSize(5);
        assertThat(third.hasMore()).isFalse();
        assertThat(second.hasMore()).isTrue();
    }

    @Test
    void sourceReadsAQueryAndOnlyChangedRowsByUpdatedAt() throws SQLException {
        String table = t + "docs";
        sql("CREATE TABLE " + table + " (id VARCHAR(10) PRIMARY KEY, state VARCHAR(10), updated_at TIMESTAMP NOT NULL)",
                "INSERT INTO " + table + " VALUES ('a', 'OPEN', TIMESTAMP '2024-01-01 10:00:00')",
                "INSERT INTO " + table + " VALUES ('b', 'OPEN', TIMESTAMP '2024-01-01 10:00:00')",
                "INSERT INTO " + table + " VALUES ('c', 'DONE', TIMESTAMP '2024-01-02 10:00:00')",
                "INSERT INTO " + table + " VALUES ('d', 'OPEN', TIMESTAMP '2024-01-03 10:00:00')");
        JdbcEntity open = new JdbcEntity("open_docs", null, "SELECT * FROM " + table + " WHERE state = 'OPEN'", "id",
                "updated_at", null);
        JdbcSource source = open(sourceBuilder().entity(open).build());
        EntityDescriptor docs = source.entities().get(0);

        Page all = source.read(docs, Checkpoint.START, 10);
        sql("UPDATE " + table + " SET updated_at = TIMESTAMP '2024-02-01 00:00:00' WHERE id = 'a'",
                "INSERT INTO " + table + " VALUES ('e', 'OPEN', TIMESTAMP '2024-01-03 10:00:00')");
        Page changed = source.read(docs, all.next(), 10);

        assertThat(all.records()).extracting(SyncRecord::key).containsExactly("a", "b", "d");
        assertThat(all.records().get(2).cursor()).isEqualTo("2024-01-03T10:00");
        assertThat(changed.records()).extracting(SyncRecord::key).containsExactly("e", "a");
    }

    @Test
    void sourceWithAMissingKeyColumnNamesTheSetting() throws SQLException {
        String table = t + "nokey";
        sql("CREATE TABLE " + table + " (code VARCHAR(10))");
        JdbcSource source = open(sourceBuilder().entity(JdbcEntity.table("nokey", table, "id")).build());

        assertThatThrownBy(source::entities)
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("entities.keyColumn"));
    }

    @Test
    void csvFolderSyncedIntoTablesIsResumedAfterCancelWithoutDuplicates() throws Exception {
        int batch = 20;
        Path in = Files.createDirectories(dir.resolve("in"));
        writeCsv(in.resolve(t + "people.csv"), 130);
        writeCsv(in.resolve(t + "places.csv"), 70);
        RunJournal store = RunJournal.inMemory();
        try (SyncEngine engine = Engines.engine(batch, store)) {
            PausingDestination first = new PausingDestination(
                    destinationBuilder().createTables(true).build(), 3);
            SyncExecution run = engine.start(SyncRequest.builder(t + "sync").source(CsvSource.builder().directory(in).build())
                    .destination(first).build());
            first.awaitPaused();
            run.cancel();
            first.release();
            assertThat(run.await(WAIT).status()).isEqualTo(RunStatus.CANCELLED);
            long firstWrites = first.written(t + "people") + first.written(t + "places");

            PausingDestination second = new PausingDestination(
                    destinationBuilder().createTables(true).build(), -1);
            SyncResult result = engine.start(SyncRequest.builder(t + "sync").source(CsvSource.builder().directory(in).build())
                    .destination(second).build()).await(WAIT);

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            long total = firstWrites + second.written(t + "people") + second.written(t + "places");
            assertThat(total).isBetween(200L, 200L + 2L * batch);
        }
        assertThat(count("SELECT COUNT(*) FROM " + t + "people")).isEqualTo(130);
        assertThat(count("SELECT COUNT(DISTINCT id) FROM " + t + "places")).isEqualTo(70);
        assertThat(count("SELECT COUNT(*) FROM " + t + "places WHERE name = 'name 70'")).isEqualTo(1);
    }

    @Test
    void tableIsSyncedIntoAnotherTableIncrementally() throws Exception {
        String from = t + "src";
        sql("CREATE TABLE " + from + " (id BIGINT PRIMARY KEY, amount NUMERIC(10,2), updated_at TIMESTAMP NOT NULL)");
        for (int i = 1; i <= 40; i++) {
            sql("INSERT INTO " + from + " VALUES (" + i + ", " + i + ".25, TIMESTAMP '2024-01-01 00:00:00')");
        }
        JdbcEntity entity = JdbcEntity.table(t + "copy", from, "id").withUpdatedAt("updated_at");
        try (SyncEngine engine = Engines.engine(15, RunJournal.inMemory())) {
            SyncResult full = engine.start(SyncRequest.builder(t + "copy").source(sourceBuilder().entity(entity).build())
                    .destination(destinationBuilder().createTables(true).build()).build()).await(WAIT);
            sql("UPDATE " + from + " SET amount = 999, updated_at = TIMESTAMP '2024-03-01 00:00:00' WHERE id IN (3, 33)");
            SyncResult incremental = engine.start(SyncRequest.builder(t + "copy").mode(SyncMode.INCREMENTAL)
                    .source(sourceBuilder().entity(entity).build())
                    .destination(destinationBuilder().createTables(true).build()).build()).await(WAIT);

            assertThat(full.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(incremental.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(incremental.progress().records()).isEqualTo(2);
        }
        assertThat(count("SELECT COUNT(*) FROM " + t + "copy")).isEqualTo(40);
        assertThat(count("SELECT COUNT(*) FROM " + t + "copy WHERE amount = 999")).isEqualTo(2);
    }

    /** Columns that only work quoted: a space, a double quote, mixed case and a reserved word. */
    private static final String ODD_COLUMNS = "(\"order\" BIGINT PRIMARY KEY, \"we ird\" VARCHAR(20), \"a\"\"b\" VARCHAR(20),"
            + " \"MixedCase\" VARCHAR(20), \"Changed At\" TIMESTAMP NOT NULL)";

    @Test
    void unquotableColumnNamesAreReadByTheSourceAndUpsertedByTheDestination() throws SQLException {
        String from = t + "odd";
        String to = t + "odd_copy";
        sql("CREATE TABLE " + from + " " + ODD_COLUMNS, "CREATE TABLE " + to + " " + ODD_COLUMNS);
        for (int i = 1; i <= 3; i++) {
            sql("INSERT INTO " + from + " VALUES (" + i + ", 'we " + i + "', 'q\"" + i + "', 'M" + i + "', TIMESTAMP '2024-01-0" + i
                    + " 10:00:00')");
        }
        JdbcSource source = open(sourceBuilder().entity(new JdbcEntity("odd", from, null, "order", "Changed At", "we ird"))
                .build());
        EntityDescriptor odd = source.entities().get(0);

        Page first = source.read(odd, Checkpoint.START, 2);
        Page rest = source.read(odd, first.next(), 2);
        List<SyncRecord> read = new ArrayList<>(first.records());
        read.addAll(rest.records());
        EntityDescriptor copy = EntityDescriptor.of(to, "order", List.of());
        JdbcDestination destination = destination(false);
        List<DeliveryOutcome> written = destination.write(copy, read.stream()
                .map(r -> SyncRecord.of(to, r.key(), r.fields())).toList());
        List<DeliveryOutcome> updated = destination.write(copy, List.of(recordWith(to, 2L, "we ird", "changed",
                "MIXEDCASE", "other case", "Changed At", "2024-02-01T00:00:00")));

        assertThat(odd.keyField()).isEqualTo("order");
        assertThat(odd.fields()).extracting(FieldDescriptor::name)
                .containsExactly("order", "we ird", "a\"b", "MixedCase", "Changed At");
        assertThat(read).extracting(SyncRecord::key).containsExactly("1", "2", "3");
        assertThat(read).extracting(SyncRecord::reference).containsExactly("we 1", "we 2", "we 3");
        assertThat(read.get(0).fields()).containsEntry("a\"b", "q\"1").containsEntry("MixedCase", "M1");
        assertThat(written).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        assertThat(updated).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK);
        assertThat(count("SELECT COUNT(*) FROM " + to)).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM " + to + " WHERE \"a\"\"b\" = 'q\"3' AND \"MixedCase\" = 'M3'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM " + to + " WHERE \"order\" = 2 AND \"we ird\" = 'changed'"
                + " AND \"MixedCase\" = 'other case' AND \"a\"\"b\" = 'q\"2'")).isEqualTo(1);
    }

    @Test
    void anExistingTableWithUnquotableColumnsTakesUpsertsKeyedByAPlainColumn() throws SQLException {
        String table = t + "plain_key";
        sql("CREATE TABLE " + table + " (id VARCHAR(10) PRIMARY KEY, \"we ird\" VARCHAR(20), \"a\"\"b\" VARCHAR(20),"
                + " \"order\" INT)");
        JdbcDestination destination = destination(false);
        EntityDescriptor entity = EntityDescriptor.of(table, "id", List.of());

        List<DeliveryOutcome> outcomes = destination.write(entity, List.of(
                record(table, "1", "we ird", "w1", "a\"b", "q1", "order", 1L),
                record(table, "2", "we ird", "w2", "a\"b", "q2", "order", 2L)));
        List<DeliveryOutcome> again = destination.write(entity, List.of(record(table, "2", "we ird", "w2b", "order", 3L)));

        assertThat(outcomes).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        assertThat(again).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(2);
        assertThat(count("SELECT \"order\" FROM " + table + " WHERE id = '2' AND \"we ird\" = 'w2b' AND \"a\"\"b\" = 'q2'"))
                .isEqualTo(3);
    }

    @Test
    void aTableWhoseNameNeedsQuotingIsCreatedWrittenReadAndEmptied() throws SQLException {
        String table = t + "Odd Table";
        EntityDescriptor odd = EntityDescriptor.of("odd", "Key", List.of(FieldDescriptor.string("Key"),
                FieldDescriptor.string("we ird"), FieldDescriptor.string("a\"b"), FieldDescriptor.string("order")));
        JdbcDestination destination = open(destinationBuilder().createTables(true).table("odd", table).build());

        List<DeliveryOutcome> outcomes = destination.write(odd, List.of(recordWith("odd", "k1", "Key", "k1", "we ird", "w",
                "a\"b", "q", "order", "o")));
        JdbcSource source = open(sourceBuilder().entity(JdbcEntity.table("odd", table, "key")).build());
        List<SyncRecord> read = source.read(source.entities().get(0), Checkpoint.START, 10).records();
        destination.removeEntityData(odd);

        assertThat(outcomes).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK);
        assertThat(read).singleElement().satisfies(r -> assertThat(r.fields())
                .containsEntry(columnCase("key"), "k1").containsEntry("we ird", "w").containsEntry("a\"b", "q")
                .containsEntry(columnCase("order"), "o"));
        assertThat(count("SELECT COUNT(*) FROM \"" + table + "\"")).isZero();
    }

    @Test
    void sqlInATableOrColumnNameIsOnlyAName() throws SQLException {
        String victim = t + "victim";
        String table = t + "x; DROP TABLE " + victim + "; --";
        String column = "id) OR 1=1; DROP TABLE " + victim + "; --";
        sql("CREATE TABLE " + victim + " (id INT)", "CREATE TABLE \"" + table + "\" (\"" + column + "\" INT PRIMARY KEY)",
                "INSERT INTO \"" + table + "\" VALUES (1)");
        JdbcSource source = open(sourceBuilder().entity(JdbcEntity.table("x", table, column)).build());
        JdbcDestination destination = open(destinationBuilder().table("x", table).build());

        Page page = source.read(source.entities().get(0), Checkpoint.START, 10);
        List<DeliveryOutcome> written = destination.write(EntityDescriptor.of("x", column, List.of()),
                List.of(recordWith("x", 2, column, 2)));

        assertThat(page.records()).extracting(SyncRecord::key).containsExactly("1");
        assertThat(written).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK);
        assertThat(count("SELECT COUNT(*) FROM \"" + table + "\"")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM " + victim)).isZero();
    }

    @Test
    void namesConfiguredInAnyCaseStillFindATableCreatedUnquoted() throws SQLException {
        String schema = t + "s";
        sql("CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".items (id BIGINT PRIMARY KEY, label VARCHAR(20))",
                "INSERT INTO " + schema + ".items VALUES (1, 'one')");
        String upper = (schema + ".ITEMS").toUpperCase(java.util.Locale.ROOT);
        String lower = (schema + ".items").toLowerCase(java.util.Locale.ROOT);
        String mixed = "T" + schema.substring(1) + ".Items";
        JdbcSource source = open(sourceBuilder().entity(JdbcEntity.table("upper", upper, "ID").withReference("LABEL"))
                .entity(JdbcEntity.table("lower", lower, "id").withReference("label")).build());
        JdbcDestination destination = open(destinationBuilder().table("items", mixed).build());

        List<SyncRecord> upperRows = source.read(source.entities().get(0), Checkpoint.START, 10).records();
        List<SyncRecord> lowerRows = source.read(source.entities().get(1), Checkpoint.START, 10).records();
        List<DeliveryOutcome> written = destination.write(EntityDescriptor.of("items", "Id", List.of()),
                List.of(recordWith("items", 2L, "Id", 2L, "Label", "two")));

        assertThat(upperRows).extracting(SyncRecord::reference).containsExactly("one");
        assertThat(lowerRows).extracting(SyncRecord::reference).containsExactly("one");
        assertThat(written).extracting(DeliveryOutcome::status).containsExactly(DeliveryStatus.OK);
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".items WHERE label = 'two'")).isEqualTo(1);
    }

    /** A record whose fields are exactly the given ones (no implicit id field). */
    static SyncRecord recordWith(String entity, Object key, Object... nameValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.put((String) nameValues[i], nameValues[i + 1]);
        }
        return SyncRecord.of(entity, key.toString(), fields);
    }

    @Test
    void aWrongJdbcUrlIsAClearConfigurationErrorWithoutThePassword() {
        JdbcDestination destination = JdbcDestination.builder().url("jdbc:nosuchdb://host/db?password=hunter22")
                .dialect(SqlDialect.H2).password(Secret.of("hunter22")).build();

        assertThatThrownBy(() -> destination.open(() -> (id, outcome) -> { }))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("url"))
                .hasMessageContaining("no JDBC driver")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22"));
    }

    private static void writeCsv(Path file, int rows) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(",name ").append(i).append('\n');
        }
        Files.writeString(file, csv);
    }
}
