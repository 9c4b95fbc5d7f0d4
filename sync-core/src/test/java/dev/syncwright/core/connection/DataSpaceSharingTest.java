package dev.syncwright.core.connection;

import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.syncwright.core.connection.ConnectionFixture.ALPHA;
import static dev.syncwright.core.connection.ConnectionFixture.BETA;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DataSpaceSharingTest {

    @Test
    void sharingRunsTheInitialSyncWithVisibleProgressAndTheDataSpaceBecomesActive() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(companion);

            // when alpha is shared while the companion holds writes
            CompletableFuture<DataSpaceState> sharing = ConnectionFixture.shareAlphaHeld(c, companion);

            // then it is ACTIVATING and its initial sync's progress is visible
            assertThat(c.dataSpace("alpha")).map(DataSpaceState::status).contains(DataSpaceStatus.ACTIVATING);
            SyncExecution run = c.initialSync("alpha").orElseThrow();
            assertThat(run.syncName()).isEqualTo(c.dataSpace("alpha").orElseThrow().syncName())
                    .startsWith("connection-" + c.id() + "/alpha/");
            assertThat(run.progress().total()).isEqualTo(2);
            assertThat(run.progress().finished()).isFalse();

            // when the companion lets the writes through
            companion.release();
            DataSpaceState alpha = await(sharing);

            // then the data space is ACTIVE and the companion holds exactly alpha's records
            assertThat(alpha.status()).isEqualTo(DataSpaceStatus.ACTIVE);
            assertThat(alpha.reason()).isEqualTo("initial sync completed: 50 records in 2 entities");
            assertThat(run.progress().finished()).isTrue();
            assertThat(companion.received("a1")).hasSize(30);
            assertThat(companion.received("a2")).hasSize(20);
            assertThat(companion.received("b1")).isEmpty();
            assertThat(f.listener.about("data space alpha")).containsExactly(
                    "data space alpha: (new) -> ACTIVATING (shared; initial sync queued)",
                    "data space alpha: ACTIVATING -> ACTIVE (initial sync completed: 50 records in 2 entities)");
            assertThat(c.state().syncedMetadata()).extracting(EntityDescriptor::name).containsExactly("a1", "a2");
        }
    }

    @Test
    void aFailedInitialSyncLeavesTheDataSpaceInErrorWithTheReasonAndARetryStartsItOverAndMakesItActive() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            companion.failEntity("a2", new ConnectorException(ConnectorException.Kind.PERMANENT, "table A2 is read-only"));
            Connection c = f.connectTo(companion);

            // when the initial sync of alpha fails on one entity
            DataSpaceState failed = await(c.share(ALPHA));

            // then alpha is ERROR with the reason; the connection is still ACTIVE (alpha is shared)
            assertThat(failed.status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(failed.reason()).startsWith("initial sync completed with errors: entity 'a2': ")
                    .contains("table A2 is read-only");
            assertThat(c.initialSync("alpha").orElseThrow().completion().join().status())
                    .isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            assertThat(c.status()).isEqualTo(ConnectionStatus.ACTIVE);

            // when the companion is fixed and sharing is retried
            companion.failEntity("a2", null);
            DataSpaceState retried = await(c.retryShare("alpha"));

            // then alpha is ACTIVE; the retry started over, as records of a completed entity may have failed too:
            // a1 was sent again, which the companion, storing by key, takes as an update
            assertThat(retried.status()).isEqualTo(DataSpaceStatus.ACTIVE);
            assertThat(companion.received("a2")).hasSize(20);
            assertThat(companion.received("a1")).hasSize(30);
            assertThat(companion.writeCount("a1", "a1-000000")).isEqualTo(2);
            assertThat(f.listener.about("data space alpha")).containsExactly(
                    "data space alpha: (new) -> ACTIVATING (shared; initial sync queued)",
                    "data space alpha: ACTIVATING -> ERROR (" + failed.reason() + ")",
                    "data space alpha: ERROR -> ACTIVATING (retry: initial sync queued)",
                    "data space alpha: ACTIVATING -> ACTIVE (initial sync completed: 50 records in 2 entities)");
        }
    }

    @Test
    void aRetryAfterAnInitialSyncCancelledWithNothingFailedContinuesWhereItStopped() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(companion);
            // given an initial sync cancelled, with nothing failed, when the connection went INACTIVE while the
            // first batch of each entity was being written
            CompletableFuture<DataSpaceState> sharing = ConnectionFixture.shareAlphaHeld(c, companion);
            assertThat(companion.awaitBlockedWrites(2, ConnectionFixture.timeout())).isTrue();
            companion.checkResult(ConnectionCheck.unreachable("maintenance"));
            await(c.check());
            companion.release();
            assertThat(await(sharing).reason()).startsWith("initial sync cancelled");
            assertThat(companion.receivedCount()).as("the batches in flight were committed").isEqualTo(20);

            // when the companion is back and sharing is retried
            companion.checkResult(ConnectionCheck.ok());
            await(c.check());
            DataSpaceState retried = await(c.retryShare("alpha"));

            // then it continued from the committed batches: every record is there, none was sent twice
            assertThat(retried.status()).isEqualTo(DataSpaceStatus.ACTIVE);
            assertThat(companion.received("a1")).hasSize(30);
            assertThat(companion.received("a2")).hasSize(20);
            assertThat(companion.writeCount("a1", "a1-000000")).isEqualTo(1);
            assertThat(companion.writeCount("a2", "a2-000000")).isEqualTo(1);
        }
    }

    @Test
    void sharingADataSpaceWithAnEntityTheHomeLacksEndsInErrorNamingIt() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connect();

            DataSpaceState d = await(c.share(DataSpace.of("ghosts", "a1", "nope")));

            assertThat(d.status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(d.reason()).startsWith("initial sync failed: ").contains("nope");
        }
    }

    @Test
    void unsharingRemovesExactlyThatDataSpacesEntitiesFromTheCompanion() {
        List<String> removed = new ArrayList<>();
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(new RemovalSpy(companion, removed));
            await(c.share(ALPHA));
            await(c.share(BETA));

            // when beta is unshared
            CompletableFuture<Void> unsharing = c.unshare("beta");

            // then only b1 was removed; alpha's data and status stay
            await(unsharing);
            assertThat(removed).containsExactly("b1");
            assertThat(companion.received("b1")).isEmpty();
            assertThat(companion.received("a1")).hasSize(30);
            assertThat(companion.received("a2")).hasSize(20);
            assertThat(c.dataSpaces()).extracting(DataSpaceState::name).containsExactly("alpha");
            assertThat(c.dataSpace("alpha")).map(DataSpaceState::status).contains(DataSpaceStatus.ACTIVE);
            assertThat(c.state().syncedMetadata()).extracting(EntityDescriptor::name).containsExactly("a1", "a2");
            assertThat(f.listener.about("data space beta")).endsWith(
                    "data space beta: ACTIVE -> REMOVING_SHARING (unsharing: removing its data from the companion)",
                    "data space beta: removed");
        }
    }

    @Test
    void aFailedRemovalLeavesTheDataSpaceInErrorAndUnsharingAgainRemovesIt() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            List<String> removed = new ArrayList<>();
            RemovalSpy companion = new RemovalSpy(f.companion, removed);
            Connection c = f.connectTo(companion);
            await(c.share(ALPHA));
            companion.failure = ConnectorException.transientFailure("companion busy", null);

            assertThatThrownBy(() -> c.unshare("alpha").join()).isInstanceOf(CompletionException.class)
                    .hasRootCauseMessage("companion busy");
            assertThat(c.dataSpace("alpha")).map(DataSpaceState::status).contains(DataSpaceStatus.ERROR);
            assertThat(c.dataSpace("alpha").orElseThrow().reason())
                    .isEqualTo("unsharing failed, the companion may still hold some of its data: companion busy");

            companion.failure = null;
            await(c.unshare("alpha"));

            assertThat(c.dataSpaces()).isEmpty();
            assertThat(removed).containsExactly("a1", "a2");
            assertThat(f.companion.receivedCount()).isZero();
            assertThat(c.status()).isEqualTo(ConnectionStatus.INCOMPLETE);
        }
    }

    @Test
    void initialSyncsOfOneConnectionRunOneAfterAnother() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(companion);

            CompletableFuture<DataSpaceState> alpha = ConnectionFixture.shareAlphaHeld(c, companion);
            CompletableFuture<DataSpaceState> beta = c.share(BETA);

            // beta's initial sync has not started while alpha's runs: the connection's connectors are in use
            assertThat(c.initialSync("beta")).isEmpty();
            assertThat(c.dataSpace("beta")).map(DataSpaceState::status).contains(DataSpaceStatus.ACTIVATING);

            companion.release();
            assertThat(await(alpha).status()).isEqualTo(DataSpaceStatus.ACTIVE);
            assertThat(await(beta).status()).isEqualTo(DataSpaceStatus.ACTIVE);
            await().atMost(ConnectionFixture.timeout()).until(() -> companion.received("b1").size() == 10);
        }
    }

    /** Hands every call to a destination, recording removals and failing them on demand. */
    private static final class RemovalSpy extends InMemoryDestination {
        private final InMemoryDestination target;
        private final List<String> removed;
        volatile ConnectorException failure;

        RemovalSpy(InMemoryDestination target, List<String> removed) {
            super("spy");
            this.target = target;
            this.removed = removed;
        }

        @Override
        public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
            return target.write(entity, batch);
        }

        @Override
        public void removeEntityData(EntityDescriptor entity) {
            ConnectorException f = failure;
            if (f != null) {
                throw f;
            }
            removed.add(entity.name());
            target.removeEntityData(entity);
        }
    }
}
