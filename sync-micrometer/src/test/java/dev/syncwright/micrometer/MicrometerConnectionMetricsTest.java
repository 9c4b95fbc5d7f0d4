package dev.syncwright.micrometer;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionManager;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection's life in a real Micrometer registry: status, data spaces and metadata sync as gauges. */
class MicrometerConnectionMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemorySource home = InMemorySource.builder().entity("a1", 10).entity("a2", 5).build();

    private double gauge(Connection c, String name, String... tags) {
        return registry.get(name).tags("connection", c.id(), "connection.name", c.name()).tags(tags).gauge().value();
    }

    @Test
    void gaugesFollowTheConnectionsStatusDataSpacesAndMetadataSync() throws Exception {
        try (SyncEngine engine = SyncEngine.builder().build();
             ConnectionManager manager = ConnectionManager.builder().engine(engine).executor(Runnable::run)
                     .listener(MicrometerConnectionMetrics.of(registry)).build()) {
            Connection c = manager.connect("crm to erp", home, new InMemoryDestination("erp"));
            c.connected().get(20, TimeUnit.SECONDS);
            assertThat(gauge(c, SyncwrightMeters.CONNECTION_STATUS, "status", "INCOMPLETE")).isEqualTo(1);
            assertThat(gauge(c, SyncwrightMeters.CONNECTION_STATUS, "status", "CONNECTING")).isZero();

            assertThat(c.share(DataSpace.of("sales", "a1", "a2")).get(20, TimeUnit.SECONDS).status())
                    .isEqualTo(DataSpaceStatus.ACTIVE);
            assertThat(gauge(c, SyncwrightMeters.CONNECTION_STATUS, "status", "ACTIVE")).isEqualTo(1);
            assertThat(gauge(c, SyncwrightMeters.CONNECTION_STATUS, "status", "INCOMPLETE")).isZero();
            assertThat(gauge(c, SyncwrightMeters.DATA_SPACES, "status", "ACTIVE")).isEqualTo(1);
            assertThat(gauge(c, SyncwrightMeters.DATA_SPACES, "status", "ACTIVATING")).isZero();

            home.describeAs(EntityDescriptor.of("a1", "id", List.of(FieldDescriptor.string("id"),
                    FieldDescriptor.string("note"), FieldDescriptor.string("extra"))));
            assertThat(c.checkMetadata().get(20, TimeUnit.SECONDS).status()).isEqualTo(MetadataSyncStatus.PENDING);
            assertThat(gauge(c, SyncwrightMeters.METADATA_SYNC_STATUS, "status", "PENDING")).isEqualTo(1);
            assertThat(gauge(c, SyncwrightMeters.METADATA_SYNC_PENDING)).isEqualTo(c.metadataSync().pendingChanges())
                    .isPositive();

            assertThat(c.syncMetadata().get(20, TimeUnit.SECONDS).status()).isEqualTo(MetadataSyncStatus.SUCCEEDED);
            assertThat(gauge(c, SyncwrightMeters.METADATA_SYNC_STATUS, "status", "SUCCEEDED")).isEqualTo(1);
            assertThat(gauge(c, SyncwrightMeters.METADATA_SYNC_STATUS, "status", "PENDING")).isZero();
            assertThat(gauge(c, SyncwrightMeters.METADATA_SYNC_PENDING)).isZero();

            c.unshare("sales").get(20, TimeUnit.SECONDS);
            assertThat(gauge(c, SyncwrightMeters.DATA_SPACES, "status", "ACTIVE")).isZero();
            assertThat(gauge(c, SyncwrightMeters.DATA_SPACES, "status", "REMOVING_SHARING")).isZero();
        }
    }
}
