package dev.syncwright.micrometer;

import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionListener;
import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceState;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.core.connection.StatusChange;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.syncwright.micrometer.SyncwrightMeters.TAG_CONNECTION;
import static dev.syncwright.micrometer.SyncwrightMeters.TAG_CONNECTION_NAME;
import static dev.syncwright.micrometer.SyncwrightMeters.TAG_STATUS;

/**
 * Shows connections in a Micrometer {@link MeterRegistry}: their status, their data spaces per status, their
 * metadata sync's status and pending changes, as gauges (see {@link SyncwrightMeters}). Give it to
 * {@link dev.syncwright.core.connection.ConnectionManager.Builder#listener}; a connection's gauges appear with its
 * first status change and follow its state from then on.
 *
 * <pre>{@code
 * ConnectionManager connections = ConnectionManager.builder().engine(engine)
 *         .listener(MicrometerConnectionMetrics.of(registry)).build();
 * }</pre>
 *
 * <p>Thread-safe; each callback reads the connection's state (a getter that never waits) and updates numbers, no
 * I/O. Use one instance per registry.
 */
public final class MicrometerConnectionMetrics implements ConnectionListener {
    private final MeterRegistry registry;
    private final Tags common;
    private final Map<String, ConnectionGauges> connections = new ConcurrentHashMap<>();

    private MicrometerConnectionMetrics(MeterRegistry registry, Tags common) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.common = common;
    }

    /**
     * @param registry where the gauges are registered, not null
     * @return connection metrics without common tags
     */
    public static MicrometerConnectionMetrics of(MeterRegistry registry) {
        return new MicrometerConnectionMetrics(registry, Tags.empty());
    }

    /**
     * @param registry where the gauges are registered, not null
     * @param tags     tags added to every gauge (e.g. the application), not null
     * @return connection metrics with those tags
     */
    public static MicrometerConnectionMetrics of(MeterRegistry registry, Iterable<Tag> tags) {
        Objects.requireNonNull(tags, "tags must not be null");
        return new MicrometerConnectionMetrics(registry, Tags.of(tags));
    }

    @Override
    public void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
        update(connection);
    }

    @Override
    public void onDataSpaceStatus(Connection connection, String dataSpace, StatusChange<DataSpaceStatus> change) {
        update(connection);
    }

    @Override
    public void onDataSpaceRemoved(Connection connection, DataSpace dataSpace) {
        update(connection);
    }

    @Override
    public void onMetadataSyncStatus(Connection connection, StatusChange<MetadataSyncStatus> change) {
        update(connection);
    }

    /** Sets every gauge of the connection from one snapshot of its state, so they agree with each other. */
    private void update(Connection connection) {
        ConnectionState state = connection.state();
        ConnectionGauges gauges = connections.computeIfAbsent(state.id(),
                id -> new ConnectionGauges(common.and(TAG_CONNECTION, id).and(TAG_CONNECTION_NAME, state.name())));
        gauges.status.forEach((status, value) -> value.set(status == state.status() ? 1 : 0));
        gauges.dataSpaces.forEach((status, value) -> value.set((int) state.dataSpaces().stream()
                .map(DataSpaceState::status).filter(status::equals).count()));
        gauges.metadata.forEach((status, value) -> value.set(status == state.metadata().status() ? 1 : 0));
        gauges.pending.set(state.metadata().pendingChanges());
    }

    @Override
    public String toString() {
        return "MicrometerConnectionMetrics(" + registry.getClass().getSimpleName() + ")";
    }

    /** The gauges of one connection; each value is set whole from a state snapshot. */
    private final class ConnectionGauges {
        final Map<ConnectionStatus, AtomicInteger> status = new EnumMap<>(ConnectionStatus.class);
        final Map<DataSpaceStatus, AtomicInteger> dataSpaces = new EnumMap<>(DataSpaceStatus.class);
        final Map<MetadataSyncStatus, AtomicInteger> metadata = new EnumMap<>(MetadataSyncStatus.class);
        final AtomicInteger pending = new AtomicInteger();

        ConnectionGauges(Tags tags) {
            register(SyncwrightMeters.CONNECTION_STATUS, "1 for the connection's status now, 0 for the others", tags,
                    ConnectionStatus.values(), status);
            register(SyncwrightMeters.DATA_SPACES, "The connection's data spaces in each status", tags,
                    DataSpaceStatus.values(), dataSpaces);
            register(SyncwrightMeters.METADATA_SYNC_STATUS, "1 for the metadata sync's status now, 0 for the others",
                    tags, MetadataSyncStatus.values(), metadata);
            Gauge.builder(SyncwrightMeters.METADATA_SYNC_PENDING, pending, AtomicInteger::get)
                    .description("Schema changes waiting for the next metadata round").tags(tags).register(registry);
        }

        private <S extends Enum<S>> void register(String name, String description, Tags tags, S[] statuses,
                                                  Map<S, AtomicInteger> values) {
            for (S s : statuses) {
                AtomicInteger value = new AtomicInteger();
                values.put(s, value);
                Gauge.builder(name, value, AtomicInteger::get).description(description).tags(tags)
                        .tag(TAG_STATUS, s.name()).register(registry);
            }
        }
    }
}
