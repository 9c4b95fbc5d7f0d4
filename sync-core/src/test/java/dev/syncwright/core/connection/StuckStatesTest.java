package dev.syncwright.core.connection;

import dev.syncwright.core.SyncExecution;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Work that ends in an unexpected way must still leave every status where the host can move it on. */
class StuckStatesTest {

    @Test
    void cancellingTheInitialSyncsCompletionFutureDoesNotLeaveTheDataSpaceActivating() throws Exception {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            Connection c = f.connectTo(companion);
            CompletableFuture<DataSpaceState> sharing = ConnectionFixture.shareAlphaHeld(c, companion);
            SyncExecution run = c.initialSync("alpha").orElseThrow();

            // a host gives up waiting on its copy of the run's future
            run.completion().cancel(true);
            companion.release();

            assertThat(await(sharing).status()).isEqualTo(DataSpaceStatus.ACTIVE);
            assertThat(run.await().status()).isNotNull();
        }
    }

    @Test
    void anUnshareTheExecutorRefusesEndsInErrorAndCanBeRepeated() {
        SwitchableExecutor executor = new SwitchableExecutor();
        try (ConnectionFixture f = new ConnectionFixture(ConnectionStore.inMemory(), executor)) {
            Connection c = f.connectAndShareAlpha();

            executor.refusing = true;
            assertThatThrownBy(() -> c.unshare("alpha").join()).isInstanceOf(CompletionException.class)
                    .hasRootCauseInstanceOf(RejectedExecutionException.class);

            DataSpaceState alpha = c.dataSpace("alpha").orElseThrow();
            assertThat(alpha.status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(alpha.reason()).startsWith("unsharing did not run: ").endsWith("; unshare again");
            assertThat(f.store.load(c.id()).orElseThrow().dataSpaces()).extracting(DataSpaceState::status)
                    .containsExactly(DataSpaceStatus.ERROR);

            executor.refusing = false;
            await(c.unshare("alpha"));

            assertThat(c.dataSpace("alpha")).isEmpty();
            assertThat(f.companion.received("a1")).isEmpty();
        }
    }

    @Test
    void aMetadataRoundWhoseCompanionThrowsOutsideAChangeEndsInErrorNotInProgress() {
        ThrowingSchemaSupport companion = new ThrowingSchemaSupport();
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectTo(companion);
            assertThat(await(c.share(ConnectionFixture.ALPHA)).status()).isEqualTo(DataSpaceStatus.ACTIVE);
            f.home.describeAs(EntityDescriptor.of("a1", "id", List.of(FieldDescriptor.string("id"))));
            companion.broken = true;

            MetadataSyncState after = await(c.syncMetadata());

            assertThat(after.status()).isEqualTo(MetadataSyncStatus.ERROR);
            assertThat(after.lastErrorLog()).hasValueSatisfying(log -> assertThat(log.failures())
                    .isNotEmpty()
                    .allSatisfy(failure -> assertThat(failure.reason()).contains("the round broke off")
                            .contains("schema support unknown")));
        }
    }

    /** Runs work on the calling thread, or refuses it. */
    private static final class SwitchableExecutor implements Executor {
        volatile boolean refusing;

        @Override
        public void execute(Runnable command) {
            if (refusing) {
                throw new RejectedExecutionException("executor is shut down");
            }
            command.run();
        }
    }

    /** A companion whose supportsSchemaChanges() throws once broken. */
    private static final class ThrowingSchemaSupport extends InMemoryDestination {
        volatile boolean broken;

        ThrowingSchemaSupport() {
            super("throwing");
        }

        @Override
        public boolean supportsSchemaChanges() {
            if (broken) {
                throw new IllegalStateException("schema support unknown");
            }
            return super.supportsSchemaChanges();
        }
    }
}
