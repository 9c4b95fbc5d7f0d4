package dev.syncwright.kafka.connect.internal;

import dev.syncwright.kafka.connect.ConnectorSettings;
import dev.syncwright.kafka.connect.SyncwrightSourceConnector;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceOffsetTest {
    private final SyncwrightSourceConnector connector = new SyncwrightSourceConnector();
    private final Map<String, String> config = Map.of(ConnectorSettings.SYNC, "crm");

    private boolean alter(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        return connector.alterOffsets(config, offsets);
    }

    @Test
    void anOffsetRoundTripsThroughItsMap() {
        SourceOffset o = new SourceOffset("r1", "500", false, 500, 1_500, 50_001);

        assertThat(SourceOffset.of(o.toMap())).isEqualTo(o);
        assertThat(SourceOffset.of(null)).isEqualTo(SourceOffset.NONE);
    }

    @Test
    void resettingAnEntityIsAccepted() {
        assertThat(alter(Map.of("sync", "crm", "entity", "orders"), null)).isTrue();
    }

    @Test
    void aCheckpointSetByHandIsAccepted() {
        assertThat(alter(Map.of("sync", "crm", "entity", "orders"), Map.of("checkpoint", "1000"))).isTrue();
    }

    @Test
    void aPartitionOfAnotherSyncIsRefused() {
        assertThatThrownBy(() -> alter(Map.of("sync", "erp", "entity", "orders"), null))
                .isInstanceOf(ConnectException.class).hasMessageContaining("not of sync 'crm'");
    }

    @Test
    void aPartitionWithoutAnEntityIsRefused() {
        assertThatThrownBy(() -> alter(Map.of("sync", "crm"), null))
                .isInstanceOf(ConnectException.class).hasMessageContaining("\"entity\"");
    }

    @Test
    void anOffsetWithoutACheckpointOrWithUnknownFieldsIsRefused() {
        Map<String, String> partition = Map.of("sync", "crm", "entity", "orders");

        assertThatThrownBy(() -> alter(partition, Map.of("position", "10")))
                .isInstanceOf(ConnectException.class).hasMessageContaining("unknown field 'position'");
        assertThatThrownBy(() -> alter(partition, Map.of("complete", true)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'checkpoint'");
        assertThatThrownBy(() -> alter(partition, Map.of("checkpoint", "1", "nextId", 10L, "idEnd", 5L)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("past 'idEnd'");
        assertThatThrownBy(() -> alter(partition, Map.of("checkpoint", "1", "ordinal", -1L)))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'ordinal'");
    }
}
