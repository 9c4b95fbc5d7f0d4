package dev.syncwright.testkit.contract;

import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.core.connection.MetadataSyncState;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SchemaChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link ConnectionStore} must have: a saved state comes back equal, whole (data spaces,
 * metadata sync with its error log, the metadata the companion was given), and the latest save wins. Extend it
 * in your store's tests and implement {@link #newStore()}.
 */
public abstract class ConnectionStoreContract {
    private static final Instant T0 = Instant.parse("2026-02-01T08:00:00.123Z");

    /** The store under test, made by {@link #newStore()} before each test. */
    protected ConnectionStore store;

    /** @return a new, empty store; called before each test */
    protected abstract ConnectionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /**
     * @param id the connection's id
     * @return a state with every part filled, including texts that need escaping in any storage format
     */
    protected static ConnectionState fullState(String id) {
        EntityDescriptor orders = new EntityDescriptor("orders", "id", List.of(new FieldDescriptor("id", FieldType.INTEGER),
                new FieldDescriptor("note \"quoted\"\nline", FieldType.STRING)), java.util.OptionalLong.of(42));
        EntityDescriptor customers = EntityDescriptor.of("customers", "key", List.of());
        MetadataErrorLog log = new MetadataErrorLog(id, "crm ↔ erp", 3, T0, T0.plusSeconds(2), 1, List.of(
                new MetadataErrorLog.Failure(new SchemaChange.FieldTypeChanged("orders", "price", FieldType.STRING,
                        FieldType.DECIMAL), "companion has 'price' as TEXT", T0.plusSeconds(1)),
                new MetadataErrorLog.Failure(new SchemaChange.EntityAdded(customers), "no such table", T0.plusSeconds(1))));
        return new ConnectionState(id, "crm ↔ erp \u2028 ünïcödé", ConnectionStatus.ACTIVE, "all checks passed", T0,
                List.of(new DataSpaceState(new DataSpace("sales", List.of("orders", "customers")), DataSpaceStatus.ACTIVE,
                                "initial sync complete", T0.plusSeconds(5), "crm ↔ erp/sales"),
                        new DataSpaceState(DataSpace.of("hr", "staff"), DataSpaceStatus.ERROR, "2 records failed", T0, "crm ↔ erp/hr")),
                new MetadataSyncState(MetadataSyncStatus.ERROR, 2, 3, T0.plusSeconds(2), "1 of 2 changes failed", log),
                List.of(orders, customers));
    }

    @Test
    void aSavedStateComesBackEqualInEveryPart() {
        ConnectionState state = fullState("c-1");

        store.save(state);

        assertThat(store.load("c-1")).contains(state);
        assertThat(store.load("unknown")).isEmpty();
    }

    @Test
    void aMinimalStateComesBackEqual() {
        ConnectionState state = new ConnectionState("c-2", "minimal", ConnectionStatus.CONNECTING, null, T0, List.of(),
                MetadataSyncState.INITIAL, List.of());

        store.save(state);

        assertThat(store.load("c-2")).contains(state);
    }

    @Test
    void aLaterSaveReplacesTheState() {
        store.save(fullState("c-1"));
        ConnectionState inactive = new ConnectionState("c-1", "crm ↔ erp", ConnectionStatus.INACTIVE, "licence expired",
                T0.plusSeconds(60), List.of(), MetadataSyncState.INITIAL, List.of());

        store.save(inactive);

        assertThat(store.load("c-1")).contains(inactive);
        assertThat(store.loadAll()).containsExactly(inactive);
    }

    @Test
    void loadAllListsConnectionsInTheOrderTheyWereFirstSaved() {
        store.save(fullState("b"));
        store.save(fullState("a"));
        store.save(fullState("c"));
        store.save(fullState("b"));

        assertThat(store.loadAll()).extracting(ConnectionState::id).containsExactly("b", "a", "c");
    }

    @Test
    void deleteForgetsAConnectionAndIgnoresUnknownIds() {
        store.save(fullState("a"));
        store.save(fullState("b"));

        store.delete("a");
        store.delete("never-saved");

        assertThat(store.load("a")).isEmpty();
        assertThat(store.loadAll()).extracting(ConnectionState::id).containsExactly("b");
    }

    @Test
    void concurrentSavesOfDifferentConnectionsAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.save(fullState("c-" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.loadAll()).hasSize(100);
    }
}
