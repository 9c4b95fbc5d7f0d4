package dev.syncwright.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportColumn;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.reporting.SortDirection;
import dev.syncwright.spi.DeliveryStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC stores' own behaviour on a PostgreSQL server, and what only PostgreSQL does. */
class PostgresStoresTest extends JdbcStoresBehaviour {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Test
    void countsAddedUpPerHourAgreeWithCountingEveryEntryThroughWritesUpdatesAndPurges() {
        ReportStore store = db.stores(clock).build().reportStore();
        DeliveryStatus[] statuses = DeliveryStatus.values();
        long id = store.reserveEntryIds(400);
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // every 37 minutes back over 10 days, so windows start and end inside hours
            entries.add(entry(id + i, "k" + i, statuses[i % 4], NOW.minus(Duration.ofMinutes(37L * i))));
        }
        store.write(new JournalWrite("s", "r1", "crm → erp", "orders", entries, null));
        for (int i = 1; i < 400; i += 4) { // every SENT one confirmed
            store.write(new JournalWrite("s", "r2", "crm → erp", "orders",
                    List.of(entry(id + i, "k" + i, DeliveryStatus.OK, NOW)), null));
        }
        store.purgeOlderThan(NOW.minus(Duration.ofDays(8)));
        store.reset("s");

        List<ReportFilter.Builder> windows = List.of(ReportFilter.builder(), ReportFilter.builder().lastDays(15),
                ReportFilter.builder().between(NOW.minus(Duration.ofHours(50)).plusSeconds(754), NOW.minusSeconds(4321)),
                ReportFilter.builder().asOf(NOW.minus(Duration.ofMinutes(90))).lastDays(2),
                ReportFilter.builder().between(NOW.minusSeconds(1_000), NOW.minusSeconds(10)));
        for (ReportFilter.Builder window : windows) {
            for (boolean failedOnly : new boolean[] {false, true}) {
                ReportFilter.Builder f = window.build().toBuilder();
                if (failedOnly) {
                    f.statuses(DeliveryStatus.FAILED, DeliveryStatus.PENDING);
                }
                ReportFilter rolledUp = f.build();
                ReportFilter counted = f.attempts(0, 1_000).build(); // any other filter counts entry by entry
                assertThat(store.countByStatus(rolledUp)).as("%s", rolledUp).isEqualTo(store.countByStatus(counted));
                assertThat(store.count(rolledUp)).isEqualTo(store.count(counted));
            }
        }
        assertThat(store.size()).isEqualTo(store.count(ReportFilter.builder().between(NOW.minus(Duration.ofDays(15)),
                NOW).build()) + 1); // the one created at NOW
        assertThat(store.countByStatus(ReportFilter.builder().lastDays(15).build()).get(DeliveryStatus.SENT)).isZero();
    }

    @Test
    void theReferenceSearchIndexIsCreatedWhenPgTrgmLivesOutsideTheSearchPath() {
        db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm"); // in a schema of the default search path
        String schema = db.newSchema();
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema); // the search path: only it
        config.setUsername(System.getenv().getOrDefault("SYNCWRIGHT_PG_USER", "postgres"));
        config.setPassword(System.getenv().getOrDefault("SYNCWRIGHT_PG_PASSWORD", ""));
        config.setMaximumPoolSize(2);
        try (HikariDataSource onlyItsSchema = new HikariDataSource(config)) {
            JdbcStores.builder(onlyItsSchema).createSchemaIfMissing(true).build();
        }

        assertThat(db.queryValue("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + schema
                + "' AND indexname = 'syncwright_entries_reference_trgm'")).isEqualTo(1L);
    }

    @Test
    void textsSortByUnicodeCodePointBeyondTheBasicPlane() {
        ReportStore store = db.stores(clock).build().reportStore();
        long id = store.reserveEntryIds(3);
        store.write(new JournalWrite("s", "r", "crm → erp", "orders", List.of(
                JournalEntry.of(id, "k1", "\uD83D\uDE00 smile", null, DeliveryStatus.OK, 1, null, null, NOW, false),
                JournalEntry.of(id + 1, "k2", "\uFFFD replacement", null, DeliveryStatus.OK, 1, null, null, NOW, false),
                JournalEntry.of(id + 2, "k3", "z", null, DeliveryStatus.OK, 1, null, null, NOW, false)), null));

        List<ReportEntry> page = store.query(ReportFilter.builder().build(),
                PageRequest.first(ReportSort.by(ReportColumn.REFERENCE, SortDirection.ASC), 10)).entries();

        assertThat(page).extracting(ReportEntry::sourceId).as("U+007A < U+FFFD < U+1F600").containsExactly("k3", "k2", "k1");
    }

    @Test
    void referenceSearchesUseATrigramIndexWhenPgTrgmCanBeCreated() {
        JdbcStores stores = db.stores(clock).build();

        assertThat(stores.referenceSearchIndexed()).isTrue();
        assertThat(db.queryValue("SELECT indexdef FROM pg_indexes WHERE schemaname = '" + db.lastSchema()
                + "' AND indexname = 'syncwright_entries_reference_trgm'").toString()).contains("gin_trgm_ops");
    }
}
