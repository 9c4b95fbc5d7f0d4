package dev.syncwright.core.connection;

import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import static dev.syncwright.core.connection.ConnectionFixture.ALPHA;
import static dev.syncwright.core.connection.ConnectionFixture.BETA;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionStatusTest {

    /** Holds tasks until the test runs them, so the status before the work is visible. */
    private static final class HeldExecutor implements Executor {
        private final Queue<Runnable> held = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            held.add(task);
        }

        void runAll() {
            Runnable next;
            while ((next = poll()) != null) {
                next.run();
            }
        }

        private synchronized Runnable poll() {
            return held.poll();
        }
    }

    @Test
    void connectionIsConnectingUntilTheFirstCheckPassesThenIncomplete() {
        HeldExecutor executor = new HeldExecutor();
        try (ConnectionFixture f = new ConnectionFixture(ConnectionStore.inMemory(), executor)) {
            // given a new connection whose first check has not run yet
            Connection c = f.manager.connect("crm to erp", f.home, f.companion);
            assertThat(c.status()).isEqualTo(ConnectionStatus.CONNECTING);
            assertThat(f.store.load(c.id())).map(ConnectionState::status).contains(ConnectionStatus.CONNECTING);
            CompletableFuture<ConnectionStatus> connected = c.connected();
            assertThat(connected).isNotDone();

            // when the first check runs and both ends answer
            executor.runAll();

            // then it is INCOMPLETE: connected, nothing shared
            assertThat(connected).isCompletedWithValue(ConnectionStatus.INCOMPLETE);
            assertThat(c.status()).isEqualTo(ConnectionStatus.INCOMPLETE);
            assertThat(f.listener.events).containsExactly(
                    "connection: CONNECTING -> INCOMPLETE (both ends answered the first check)");
        }
    }

    @Test
    void firstCheckThatFindsTheCompanionGoneMakesTheConnectionInactive() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            f.companion.checkResult(ConnectionCheck.gone("tenant acme was deleted"));

            Connection c = f.manager.connect("crm to erp", f.home, f.companion);

            assertThat(await(c.connected())).isEqualTo(ConnectionStatus.INACTIVE);
            assertThat(c.state().reason()).isEqualTo("companion companion: GONE: tenant acme was deleted");
            assertThat(f.listener.events).containsExactly(
                    "connection: CONNECTING -> INACTIVE (companion companion: GONE: tenant acme was deleted)");
        }
    }

    @Test
    void sharingMakesTheConnectionActiveAndUnsharingTheLastDataSpaceMakesItIncompleteAgain() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connect();

            await(c.share(ALPHA));
            assertThat(c.status()).isEqualTo(ConnectionStatus.ACTIVE);
            await(c.share(BETA));

            await(c.unshare("alpha"));
            assertThat(c.status()).as("beta is still shared").isEqualTo(ConnectionStatus.ACTIVE);
            await(c.unshare("beta"));

            assertThat(c.status()).isEqualTo(ConnectionStatus.INCOMPLETE);
            assertThat(f.listener.about("connection:")).containsExactly(
                    "connection: CONNECTING -> INCOMPLETE (both ends answered the first check)",
                    "connection: INCOMPLETE -> ACTIVE (data space 'alpha' shared)",
                    "connection: ACTIVE -> INCOMPLETE (the last data space, 'beta', was unshared)");
        }
    }

    @Test
    void expiredCredentialsMakeTheConnectionInactiveAndARenewalBringsItBackToActive() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            // given an ACTIVE connection
            Connection c = f.connectAndShareAlpha();

            // when a check finds the home's licence expired
            f.home.checkResult(ConnectionCheck.credentialsExpired("licence expired on 2025-02-28"));
            f.clock.advance(Duration.ofHours(1));
            assertThat(await(c.check())).isEqualTo(ConnectionStatus.INACTIVE);

            // then it is INACTIVE with the check's message, and syncing stops
            ConnectionState inactive = c.state();
            assertThat(inactive.reason()).isEqualTo("home memory-source: CREDENTIALS_EXPIRED: licence expired on 2025-02-28");
            assertThat(inactive.since()).isEqualTo(ConnectionFixture.T0.plus(Duration.ofHours(1)));
            assertThatThrownBy(() -> c.share(BETA)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("connection 'crm to erp' is INACTIVE (home memory-source: CREDENTIALS_EXPIRED");
            assertThatThrownBy(c::syncMetadata).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is INACTIVE");
            assertThatThrownBy(() -> c.unshare("alpha")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is INACTIVE");

            // when the licence is renewed and a later check passes
            f.home.checkResult(ConnectionCheck.ok());
            assertThat(await(c.check())).isEqualTo(ConnectionStatus.ACTIVE);

            // then it is ACTIVE again, its data space untouched, and listeners heard both changes with reasons
            assertThat(c.dataSpace("alpha")).map(DataSpaceState::status).contains(DataSpaceStatus.ACTIVE);
            assertThat(f.listener.about("connection:")).endsWith(
                    "connection: ACTIVE -> INACTIVE (home memory-source: CREDENTIALS_EXPIRED: licence expired on 2025-02-28)",
                    "connection: INACTIVE -> ACTIVE (a check passed again: both ends answer)");
            assertThat(f.listener.connectionChanges.get(f.listener.connectionChanges.size() - 2).at())
                    .isEqualTo(ConnectionFixture.T0.plus(Duration.ofHours(1)));
        }
    }

    @Test
    void aPassedCheckBringsAnInactiveConnectionWithNothingSharedBackToIncomplete() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connect();
            f.companion.checkResult(ConnectionCheck.unreachable("connection refused"));
            assertThat(await(c.check())).isEqualTo(ConnectionStatus.INACTIVE);

            f.companion.checkResult(ConnectionCheck.ok());

            assertThat(await(c.check())).isEqualTo(ConnectionStatus.INCOMPLETE);
        }
    }

    @Test
    void aCheckThatThrowsCountsAsUnreachable() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            InMemoryDestination throwing = new InMemoryDestination("flaky") {
                @Override
                public ConnectionCheck check() {
                    throw new IllegalStateException("socket closed");
                }
            };
            Connection c = f.manager.connect("flaky", f.home, throwing);

            assertThat(await(c.connected())).isEqualTo(ConnectionStatus.INACTIVE);
            assertThat(c.state().reason()).isEqualTo("companion flaky: UNREACHABLE: socket closed");
        }
    }

    @Test
    void goingInactiveCancelsARunningInitialSyncAndTheDataSpaceKeepsTheReason() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(companion);
            CompletableFuture<DataSpaceState> sharing = ConnectionFixture.shareAlphaHeld(c, companion);

            companion.checkResult(ConnectionCheck.credentialsExpired("token revoked"));
            await(c.check());
            companion.release();

            DataSpaceState alpha = await(sharing);
            assertThat(alpha.status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(alpha.reason()).isEqualTo("initial sync cancelled: the connection became INACTIVE "
                    + "(companion controllable: CREDENTIALS_EXPIRED: token revoked)");
        }
    }

    @Test
    void illegalTransitionsAreRefusedWithMessagesNamingTheThing() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();

            assertThatThrownBy(() -> c.unshare("gamma")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("connection 'crm to erp' has no data space 'gamma'; shared: [alpha]");
            assertThatThrownBy(() -> c.retryShare("gamma")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no data space 'gamma'");
            assertThatThrownBy(() -> c.share(ALPHA)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("data space 'alpha' is already shared over connection 'crm to erp' (ACTIVE)");
            assertThatThrownBy(() -> c.share(DataSpace.of("overlap", "b1", "a2"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("entity 'a2' is already shared in data space 'alpha'");
            assertThatThrownBy(() -> c.retryShare("alpha")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("data space 'alpha' of connection 'crm to erp' is ACTIVE; only a data space in ERROR "
                            + "can be retried");
            assertThatThrownBy(c::resolveMetadataError).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is IDLE, not ERROR");
            assertThat(c.dataSpaces()).extracting(DataSpaceState::name).containsExactly("alpha");
        }
    }

    @Test
    void unsharingADataSpaceWhoseInitialSyncRunsIsRefused() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(companion);
            CompletableFuture<DataSpaceState> sharing = ConnectionFixture.shareAlphaHeld(c, companion);

            assertThat(c.dataSpace("alpha")).map(DataSpaceState::status).contains(DataSpaceStatus.ACTIVATING);
            assertThat(c.initialSync("alpha")).isPresent();
            assertThatThrownBy(() -> c.unshare("alpha")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is ACTIVATING; wait for its initial sync to end");

            companion.release();
            assertThat(await(sharing).status()).isEqualTo(DataSpaceStatus.ACTIVE);
        }
    }

    @Test
    void disconnectCancelsEverythingAndForgetsTheConnection() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectAndShareAlpha();

            c.disconnect();
            c.disconnect();

            assertThat(c.status()).isEqualTo(ConnectionStatus.DISCONNECTED);
            assertThat(f.manager.connection(c.id())).isEmpty();
            assertThat(f.store.load(c.id())).isEmpty();
            assertThat(f.companion.received("a1")).as("data stays at the companion").hasSize(30);
            assertThat(f.listener.about("connection:")).last()
                    .isEqualTo("connection: ACTIVE -> DISCONNECTED (disconnected by the host)");
            assertThatThrownBy(c::check).isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot check it: connection 'crm to erp' is DISCONNECTED");
            assertThatThrownBy(() -> c.share(BETA)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is DISCONNECTED");
        }
    }

    @Test
    void disconnectWhileAnInitialSyncRunsCancelsItAndNoLaterDataSpaceEventArrives() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(companion);
            ConnectionFixture.shareAlphaHeld(c, companion);
            SyncExecution run = c.initialSync("alpha").orElseThrow();

            c.disconnect();
            companion.release();

            assertThat(run.await(ConnectionFixture.timeout()).status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(c.status()).isEqualTo(ConnectionStatus.DISCONNECTED);
            assertThat(f.listener.about("data space alpha")).containsExactly(
                    "data space alpha: (new) -> ACTIVATING (shared; initial sync queued)");
        }
    }

    @Test
    void aListenerThatThrowsIsIgnored() {
        RecordingConnectionListener after = new RecordingConnectionListener();
        try (SyncEngine engine = SyncEngine.builder().build();
             ConnectionManager manager = ConnectionManager.builder().engine(engine).executor(Runnable::run)
                     .listener(new ConnectionListener() {
                         @Override
                         public void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
                             throw new IllegalStateException("listener bug");
                         }
                     })
                     .listener(after).build()) {
            Connection c = manager.connect("c", InMemorySource.builder().entities(1, 1).build(), new InMemoryDestination());

            assertThat(c.status()).isEqualTo(ConnectionStatus.INCOMPLETE);
            assertThat(after.events).containsExactly(
                    "connection: CONNECTING -> INCOMPLETE (both ends answered the first check)");
        }
    }
}
