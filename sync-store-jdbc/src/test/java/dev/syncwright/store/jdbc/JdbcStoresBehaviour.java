package dev.syncwright.store.jdbc;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.core.journal.SyncBusyException;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the JDBC stores do beyond the contracts, on each database: a store opened again finds what was committed,
 * stores sharing a database share ids and claims, purges run in batches, exports let their connection go, texts
 * compare as the in-memory store compares them, and the engine runs on the store.
 */
abstract class JdbcStoresBehaviour {
    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final TestDatabase db = database();

    /** @return the database of the tests, in a new pool */
    abstract TestDatabase database();

    @AfterEach
    void close() {
        db.close();
    }

    static JournalEntry entry(long id, String key, DeliveryStatus status, Instant time) {
        return JournalEntry.of(id, key, key == null ? null : key.toUpperCase(), null, status, 1,
                status == DeliveryStatus.FAILED ? "rejected " + key : null, status == DeliveryStatus.SENT ? "d-" + key : null,
                time, false);
    }

    static void write(ReportStore store, String sync, String run, String entity, EntityCheckpoint checkpoint,
                      JournalEntry... entries) {
        store.write(new JournalWrite(sync, run, "crm → erp", entity, List.of(entries), checkpoint));
    }

    static RunRecord running(String runId, String sync, Instant leaseUntil) {
        return new RunRecord(runId, sync, "crm → erp", "host-" + runId, NOW, leaseUntil, null, null, null, List.of());
    }

    @Test
    void aStoreOpenedAgainOnTheSameDatabaseFindsEverythingThatWasCommitted() {
        JdbcStores.Builder builder = db.stores(clock);
        ReportStore store = builder.build().reportStore();
        store.claim(running("run-1", "crm", NOW.plusSeconds(30)), NOW, null);
        long id = store.reserveEntryIds(2);
        write(store, "crm", "run-1", "orders", new EntityCheckpoint("orders", Checkpoint.of("p2"), false, Checkpoint.START),
                entry(id, "o-1", DeliveryStatus.OK, NOW.minusSeconds(5)), entry(id + 1, "o-2", DeliveryStatus.SENT, NOW.minusSeconds(5)));

        try (TestDatabase again = db.reopened()) {
            ReportStore reopened = JdbcStores.builder(again.dataSource()).schema(db.lastSchema()).clock(clock).build()
                    .reportStore();

            EntityCheckpoint orders = reopened.checkpoints("crm").get("orders");
            assertThat(orders.position()).isEqualTo(Checkpoint.of("p2"));
            assertThat(orders.outstanding()).extracting(OutstandingDelivery::entryId).containsExactly(id + 1);
            assertThat(reopened.getAll(List.of(id, id + 1))).extracting(ReportEntry::status)
                    .containsExactly(DeliveryStatus.OK, DeliveryStatus.SENT);
            assertThat(reopened.run("run-1")).get().satisfies(r -> assertThat(r.isRunning()).isTrue());
            assertThat(reopened.reserveEntryIds(1)).as("ids go on after the ones handed out before").isGreaterThan(id + 1);
        }
    }

    @Test
    void aSchemaThatDoesNotExistYetIsCreatedWithTheTables() {
        String schema = db.newSchema();
        db.execute("DROP SCHEMA \"" + schema + "\" CASCADE"); // named, so the test drops it again, but absent

        ReportStore store = JdbcStores.builder(db.dataSource()).schema(schema).createSchemaIfMissing(true).clock(clock)
                .build().reportStore();

        store.write(new JournalWrite("s", "r", "crm → erp", "orders",
                List.of(entry(store.reserveEntryIds(1), "k1", DeliveryStatus.OK, NOW)), null));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void storesSharingADatabaseNeverHandOutTheSameIdAndSeeEachOthersClaims() {
        JdbcStores first = db.stores(clock).idBlockSize(5).build();
        ReportStore a = first.reportStore();
        ReportStore b = JdbcStores.builder(db.dataSource()).schema(db.lastSchema()).idBlockSize(5).build().reportStore();

        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            for (ReportStore s : List.of(a, b)) {
                long firstId = s.reserveEntryIds(3);
                for (long id = firstId; id < firstId + 3; id++) {
                    assertThat(ids.add(id)).as("id %d given twice", id).isTrue();
                }
            }
        }
        a.claim(running("run-a", "crm", NOW.plusSeconds(30)), NOW, null);

        assertThatThrownBy(() -> b.claim(running("run-b", "crm", NOW.plusSeconds(60)), NOW.plusSeconds(1), null))
                .isInstanceOf(SyncBusyException.class).hasMessageContaining("run-a");
    }

    @Test
    void aCheckpointOfARunThatEndedIsRefused() {
        ReportStore store = db.stores(clock).build().reportStore();
        store.claim(running("run-1", "crm", NOW.plusSeconds(30)), NOW, null);
        store.runEnded("run-1", RunStatus.CANCELLED, NOW.plusSeconds(1), null, List.of());

        assertThatThrownBy(() -> write(store, "crm", "run-1", "orders",
                new EntityCheckpoint("orders", Checkpoint.of("9"), false, Checkpoint.START)))
                .isInstanceOf(SyncBusyException.class).hasMessageContaining("ended");
        assertThat(store.checkpoints("crm")).isEmpty();
    }

    @Test
    void aPurgeDeletesInBatchesAndKeepsOpenEntriesForTheJournalUntilTheyAreClosed() {
        ReportStore store = db.stores(clock).purgeBatchSize(3).build().reportStore();
        Instant old = NOW.minus(Duration.ofDays(20));
        long id = store.reserveEntryIds(12);
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(entry(id + i, "old-" + i, DeliveryStatus.OK, old));
        }
        entries.add(entry(id + 10, "old-open", DeliveryStatus.PENDING, old));
        entries.add(entry(id + 11, "new", DeliveryStatus.OK, NOW.minusSeconds(1)));
        store.write(new JournalWrite("crm", "run-1", "crm → erp", "orders", entries, null));

        long removed = store.purgeOlderThan(NOW.minus(Duration.ofDays(15)));

        assertThat(removed).isEqualTo(11);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.count(ReportFilter.builder().lastDays(15).build())).isEqualTo(1);
        assertThat(store.checkpoints("crm").get("orders").outstanding()).extracting(OutstandingDelivery::entryId)
                .containsExactly(id + 10);

        write(store, "crm", "run-2", "orders", null, entry(id + 10, "old-open", DeliveryStatus.OK, NOW));
        assertThat(store.purgeOlderThan(NOW.minus(Duration.ofDays(15)))).as("already out of the report").isZero();
        write(store, "crm", "run-3", "orders", null, entry(id + 10, "old-open", DeliveryStatus.PENDING, NOW));
        assertThat(store.get(id + 10)).as("a purged entry never comes back").isEmpty();
        assertThat(store.checkpoints("crm").get("orders").outstanding()).hasSize(1);
    }

    @Test
    void textsMatchIgnoringCaseBeyondAsciiAndFilterTextIsTakenLiterally() {
        ReportStore store = db.stores(clock).build().reportStore();
        long id = store.reserveEntryIds(4);
        store.write(new JournalWrite("s", "r", "Ünïcode → ERP", "orders", List.of(
                JournalEntry.of(id, "k1", "ÜBER_50%", null, DeliveryStatus.FAILED, 1, "Größe ÜBERSCHRITTEN", null, NOW, false),
                JournalEntry.of(id + 1, "k2", "uberX50y", null, DeliveryStatus.OK, 1, null, null, NOW, false),
                JournalEntry.of(id + 2, "k3", "a!b", null, DeliveryStatus.OK, 1, null, null, NOW, false),
                JournalEntry.of(id + 3, "k4", "a_b", null, DeliveryStatus.OK, 1, null, null, NOW, false)), null));

        assertThat(keys(store, ReportFilter.builder().referenceContains("über_50%").build())).containsExactly("k1");
        assertThat(keys(store, ReportFilter.builder().reference("über_50%").build())).containsExactly("k1");
        assertThat(keys(store, ReportFilter.builder().referenceContains("a!").build())).containsExactly("k3");
        assertThat(keys(store, ReportFilter.builder().referenceContains("_").build())).containsExactly("k1", "k4");
        assertThat(keys(store, ReportFilter.builder().messageContains("größe über").build())).containsExactly("k1");
        assertThat(keys(store, ReportFilter.builder().system("ünïcode → erp").build())).hasSize(4);
        assertThat(keys(store, ReportFilter.builder().search("ÜNÏ").build())).hasSize(4);
    }

    @Test
    void pagesOfATextSearchVisitEveryMatchOnceInOrderWithTheirTotal() {
        ReportStore store = db.stores(clock).build().reportStore();
        long id = store.reserveEntryIds(40);
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(JournalEntry.of(id + i, "k" + i, i % 7 == 0 ? null : "REF-" + (i % 5) + "-" + (i % 3),
                    null, DeliveryStatus.OK, 1, null, null, NOW.minusSeconds(i % 6), false));
        }
        store.write(new JournalWrite("s", "r", "crm → erp", "orders", entries, null));
        ReportFilter search = ReportFilter.builder().search("ref-1").build();

        for (ReportSort sort : List.of(ReportSort.NEWEST_FIRST, ReportSort.by(ReportColumn.CREATED, SortDirection.DESC),
                ReportSort.by(ReportColumn.REFERENCE, SortDirection.ASC))) {
            List<Long> expected;
            try (Stream<ReportEntry> all = store.stream(search, sort)) {
                expected = all.map(ReportEntry::syncId).toList();
            }
            List<Long> paged = new ArrayList<>();
            PageRequest request = PageRequest.first(sort, 3);
            while (true) {
                var page = store.query(search, request);
                assertThat(page.total()).isEqualTo(expected.size());
                page.entries().forEach(e -> paged.add(e.syncId()));
                if (page.nextCursor() == null) {
                    break;
                }
                request = request.after(page.nextCursor());
            }
            assertThat(expected).hasSize(7);
            assertThat(paged).as("%s", sort).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void workIsTriedAgainOnAnotherConnectionWhenItsConnectionWasLost() {
        JdbcStores created = db.stores(clock).build();
        AtomicInteger toBreak = new AtomicInteger();
        DataSource losing = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(db.dataSource(), args);
                    if (method.getName().equals("getConnection") && toBreak.getAndDecrement() > 0) {
                        ((Connection) result).close(); // as if the server had dropped it: using it fails
                    }
                    return result;
                });
        ReportStore store = JdbcStores.builder(losing).schema(db.lastSchema()).dialect(created.dialect()).build().reportStore();
        long id = store.reserveEntryIds(1);

        toBreak.set(1);
        write(store, "s", "r", "orders", new EntityCheckpoint("orders", Checkpoint.of("1"), false, Checkpoint.START),
                entry(id, "k", DeliveryStatus.SENT, NOW));
        toBreak.set(1);
        assertThat(store.get(id)).isPresent();
        toBreak.set(1);
        assertThat(store.checkpoints("s").get("orders").outstanding()).hasSize(1);
        assertThat(toBreak.get()).as("each call was given a lost connection first").isNegative();
    }

    @Test
    void anExportHoldsItsConnectionUntilClosedOrReadToTheEnd() {
        ReportStore store = db.stores(clock).fetchSize(2).build().reportStore();
        long id = store.reserveEntryIds(5);
        for (int i = 0; i < 5; i++) {
            write(store, "s", "r", "orders", null, entry(id + i, "k" + i, DeliveryStatus.OK, NOW.minusSeconds(i)));
        }
        ReportSort byId = ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC);

        try (Stream<ReportEntry> s = store.stream(ReportFilter.builder().build(), byId)) {
            Iterator<ReportEntry> it = s.iterator();
            assertThat(it.next().syncId()).isEqualTo(id);
            assertThat(db.connectionsInUse()).as("while the export reads").isEqualTo(1);
        }
        assertThat(db.connectionsInUse()).as("once closed").isZero();

        Stream<ReportEntry> all = store.stream(ReportFilter.builder().build(), byId);
        assertThat(all.map(ReportEntry::syncId).toList()).containsExactly(id, id + 1, id + 2, id + 3, id + 4);
        assertThat(db.connectionsInUse()).as("once read to the end, even before it is closed").isZero();
        all.close();
    }

    @Test
    void aWriteNamingAnIdTwiceKeepsItsFirstCreationAndItsLastState() {
        ReportStore store = db.stores(clock).build().reportStore();
        long id = store.reserveEntryIds(1);

        write(store, "s", "r", "orders", null, entry(id, "k", DeliveryStatus.SENT, NOW.minusSeconds(10)),
                entry(id, "k", DeliveryStatus.OK, NOW.minusSeconds(2)));

        ReportEntry e = store.get(id).orElseThrow();
        assertThat(e.created()).isEqualTo(NOW.minusSeconds(10));
        assertThat(e.updated()).isEqualTo(NOW.minusSeconds(2));
        assertThat(e.status()).isEqualTo(DeliveryStatus.OK);
        assertThat(store.checkpoints("s")).isEmpty();
    }

    @Test
    void timesKeepTheirMicroseconds() {
        ReportStore store = db.stores(clock).build().reportStore();
        long id = store.reserveEntryIds(1);
        Instant precise = Instant.parse("2026-03-02T11:59:58.123456Z");

        write(store, "s", "r", "orders", null, entry(id, "k", DeliveryStatus.OK, precise));

        assertThat(store.get(id)).get().satisfies(e -> assertThat(e.created()).isEqualTo(precise));
    }

    @Test
    void anEngineRunIsJournaledAndReportedInTheDatabase() throws Exception {
        JdbcStores stores = db.stores(Clock.systemUTC()).build();
        ReportStore report = stores.reportStore();
        InMemorySource source = InMemorySource.builder().entities(3, 1_234).build();
        InMemoryDestination destination = new InMemoryDestination();

        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().parallelism(3).batchSize(100).journal(report).build()) {
            result = engine.start(SyncRequest.builder("crm-to-erp").source(source).destination(destination).build()).await();
        }

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(report.countByStatus(ReportFilter.builder().build())).containsEntry(DeliveryStatus.OK, 3L * 1_234)
                .containsEntry(DeliveryStatus.FAILED, 0L);
        assertThat(report.checkpoints("crm-to-erp")).hasSize(3)
                .allSatisfy((entity, cp) -> assertThat(cp.complete()).isTrue());
        assertThat(report.runs("crm-to-erp")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
        assertThat(report.query(ReportFilter.builder().build(), PageRequest.first(10)).total()).isEqualTo(3L * 1_234);
    }

    @Test
    void withoutTablesBuildFailsNamingTheVersionAndHowToCreateThem() {
        String schema = db.newSchema();

        assertThatThrownBy(() -> JdbcStores.builder(db.dataSource()).schema(schema).build())
                .isInstanceOfSatisfying(SchemaVersionException.class, e -> {
                    assertThat(e.found()).isZero();
                    assertThat(e.expected()).isEqualTo(1);
                })
                .hasMessageContaining("schema version 1").hasMessageContaining("createSchemaIfMissing(true)")
                .hasMessageContaining("V1.sql");
    }

    @Test
    void tablesOfANewerVersionAreRefusedAndCreatingAgainKeepsWhatIsThere() {
        JdbcStores stores = db.stores(clock).build();
        long id = stores.reportStore().reserveEntryIds(1);
        write(stores.reportStore(), "s", "r", "orders", null, entry(id, "k", DeliveryStatus.OK, NOW));

        JdbcStores again = JdbcStores.builder(db.dataSource()).schema(db.lastSchema()).createSchemaIfMissing(true).build();
        assertThat(again.reportStore().get(id)).isPresent();
        assertThat(again.schemaVersion()).isEqualTo(1);
        assertThat(again.dialect()).as("detected from the database").isEqualTo(db.dialect());

        db.execute("INSERT INTO \"" + db.lastSchema() + "\".\"syncwright_schema_version\" (version, description) VALUES (2, 'later')");
        assertThatThrownBy(() -> JdbcStores.builder(db.dataSource()).schema(db.lastSchema()).createSchemaIfMissing(true).build())
                .isInstanceOfSatisfying(SchemaVersionException.class, e -> assertThat(e.found()).isEqualTo(2))
                .hasMessageContaining("newer release");
    }

    @Test
    void tablesAreNamedByPrefixAndSchemaQuotedAndOtherNamesAreRefused() {
        String schema = db.newSchema();
        JdbcStores.builder(db.dataSource()).schema(schema).tablePrefix("Sw_").createSchemaIfMissing(true).build();

        assertThat(((Number) db.queryValue("SELECT count(*) FROM \"" + schema + "\".\"Sw_entries\"")).longValue()).isZero();
        assertThatThrownBy(() -> JdbcStores.builder(db.dataSource()).tablePrefix("x\"; DROP TABLE t; --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
        assertThatThrownBy(() -> JdbcStores.builder(db.dataSource()).schema("a.b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
        assertThat(JdbcStores.ddl(db.dialect(), "sales", "sw_")).contains("CREATE TABLE", "\"sales\".\"sw_entries\"")
                .doesNotContain("{{");
    }

    List<String> keys(ReportStore store, ReportFilter filter) {
        try (Stream<ReportEntry> s = store.stream(filter, ReportSort.by(ReportColumn.SYNC_ID, SortDirection.ASC))) {
            return s.map(ReportEntry::sourceId).toList();
        }
    }
}
