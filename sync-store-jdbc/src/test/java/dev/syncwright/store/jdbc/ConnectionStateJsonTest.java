package dev.syncwright.store.jdbc;

import dev.syncwright.core.connection.ConnectionState;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.core.connection.MetadataSyncState;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SchemaChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStateJsonTest {
    private static final Instant T = Instant.parse("2026-02-01T08:00:00.123456789Z");

    private static ConnectionState withChanges(List<SchemaChange> changes) {
        List<MetadataErrorLog.Failure> failures = changes.stream().map(c -> new MetadataErrorLog.Failure(c, "refused", T)).toList();
        return new ConnectionState("c-1", "crm ↔ erp", ConnectionStatus.ACTIVE, null, T, List.of(),
                new MetadataSyncState(MetadataSyncStatus.ERROR, changes.size(), 7, T, "failed",
                        new MetadataErrorLog("c-1", "crm ↔ erp", 7, T, T, 0, failures)), List.of());
    }

    @Test
    void everyKindOfSchemaChangeComesBackEqualWithTimesToTheNanosecond() {
        FieldDescriptor price = new FieldDescriptor("price", FieldType.DECIMAL);
        ConnectionState state = withChanges(List.of(
                new SchemaChange.EntityAdded(EntityDescriptor.of("orders", "id", List.of(price)).withEstimatedCount(3)),
                new SchemaChange.EntityRemoved("legacy"),
                new SchemaChange.FieldAdded("orders", price),
                new SchemaChange.FieldRemoved("orders", FieldDescriptor.string("note")),
                new SchemaChange.FieldTypeChanged("orders", "qty", FieldType.STRING, FieldType.INTEGER)));

        assertThat(ConnectionStateJson.read(ConnectionStateJson.write(state))).isEqualTo(state);
    }

    @Test
    void typeNamesInTheJsonAreIgnoredNotInstantiated() {
        String json = ConnectionStateJson.write(withChanges(List.of(new SchemaChange.EntityRemoved("x"))))
                .replace("\"kind\":\"ENTITY_REMOVED\"", "\"kind\":\"ENTITY_REMOVED\",\"@class\":\"java.lang.ProcessBuilder\"");

        assertThat(ConnectionStateJson.read(json).metadata().errorLog().failures().get(0).change())
                .isEqualTo(new SchemaChange.EntityRemoved("x"));
    }

    @Test
    void otherFormatsAndBrokenDocumentsAreRefusedSayingWhy() {
        String json = ConnectionStateJson.write(withChanges(List.of(new SchemaChange.EntityRemoved("x"))));

        assertThatThrownBy(() -> ConnectionStateJson.read(json.replace("\"format\":1", "\"format\":9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
        assertThatThrownBy(() -> ConnectionStateJson.read("{\"format\":1,"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a connection state");
        assertThatThrownBy(() -> ConnectionStateJson.read(json.replace("\"kind\":\"ENTITY_REMOVED\"", "\"kind\":\"NUKE\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUKE");
        assertThatThrownBy(() -> ConnectionStateJson.read(json.replace("\"status\":\"ACTIVE\",", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'status' is missing");
    }
}
