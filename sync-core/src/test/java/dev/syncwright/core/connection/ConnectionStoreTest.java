package dev.syncwright.core.connection;

import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.syncwright.core.connection.ConnectionFixture.ALPHA;
import static dev.syncwright.core.connection.ConnectionFixture.BETA;
import static dev.syncwright.core.connection.ConnectionFixture.T0;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStoreTest {

    @Test
    void aManagerBuiltOnTheSameStoreSeesTheStateAndCarriesOn() {
        ConnectionStore store = ConnectionStore.inMemory();
        ConnectionState before;
        String id;
        try (ConnectionFixture first = new ConnectionFixture(store, Runnable::run)) {
            // given a connection with two data spaces and a failed metadata round, kept in the store
            Connection c = first.connectAndShareAlpha();
            await(c.share(BETA));
            first.companion.supportSchemaChanges(false);
            first.home.describeAs(EntityDescriptor.of("a1", "id", List.of(new FieldDescriptor("id", FieldType.INTEGER))));
            await(c.syncMetadata());
            before = c.state();
            id = c.id();
        }

        try (ConnectionFixture second = new ConnectionFixture(store, Runnable::run)) {
            // when another manager is built on the same store
            assertThat(second.manager.storedConnections()).containsExactly(before);
            Connection restored = second.manager.restore(id, second.home, second.companion);

            // then it sees the same state, and can go on from it
            assertThat(restored.state()).isEqualTo(before);
            assertThat(restored.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(restored.dataSpaces()).extracting(DataSpaceState::name).containsExactly("alpha", "beta");
            assertThat(restored.metadataSync().status()).isEqualTo(MetadataSyncStatus.ERROR);
            assertThat(restored.metadataSync().lastErrorLog()).isPresent();
            assertThat(await(restored.connected())).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(second.manager.connection(id)).containsSame(restored);

            await(restored.unshare("beta"));
            assertThat(store.load(id).orElseThrow().dataSpaces()).extracting(DataSpaceState::name).containsExactly("alpha");
        }
    }

    @Test
    void restoringMarksWorkThePreviousProcessLeftHalfDone() {
        ConnectionStore store = ConnectionStore.inMemory();
        DataSpaceState activating = new DataSpaceState(ALPHA, DataSpaceStatus.ACTIVATING, "shared", T0, "s-alpha");
        DataSpaceState removing = new DataSpaceState(BETA, DataSpaceStatus.REMOVING_SHARING, "unsharing", T0, "s-beta");
        MetadataSyncState inRound = new MetadataSyncState(MetadataSyncStatus.IN_PROGRESS, 2, 3, T0, "round 3", null);
        store.save(new ConnectionState("c-1", "crashed", ConnectionStatus.ACTIVE, null, T0, List.of(activating, removing),
                inRound, List.of()));

        try (ConnectionFixture f = new ConnectionFixture(store, Runnable::run)) {
            Connection c = f.manager.restore("c-1", f.home, f.companion);

            assertThat(c.dataSpace("alpha").orElseThrow().status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(c.dataSpace("alpha").orElseThrow().reason()).startsWith("interrupted: the initial sync did not end");
            assertThat(c.dataSpace("beta").orElseThrow().status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(c.dataSpace("beta").orElseThrow().reason()).startsWith("interrupted: removing its data");
            assertThat(c.metadataSync().status()).isEqualTo(MetadataSyncStatus.PENDING);
            assertThat(store.load("c-1").orElseThrow()).isEqualTo(c.state());

            // and the host can go on: retry alpha
            assertThat(await(c.retryShare("alpha")).status()).isEqualTo(DataSpaceStatus.ACTIVE);
        }
    }

    @Test
    void restoringAnUnknownConnectionOrOneAlreadyHeldFails() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connect();

            assertThatThrownBy(() -> f.manager.restore("nope", f.home, f.companion))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the connection store has no connection 'nope'");
            assertThatThrownBy(() -> f.manager.restore(c.id(), f.home, f.companion))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is already held by this manager");
        }
    }

    @Test
    void everyChangeIsSavedAndDisconnectDeletesTheConnection() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();
            assertThat(f.store.load(c.id())).contains(c.state());
            assertThat(f.store.load(c.id()).orElseThrow().syncedMetadata()).extracting(EntityDescriptor::name)
                    .containsExactly("a1", "a2");

            c.disconnect();

            assertThat(f.store.loadAll()).isEmpty();
        }
    }
}
