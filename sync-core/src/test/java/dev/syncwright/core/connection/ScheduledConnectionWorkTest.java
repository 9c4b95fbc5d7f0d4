package dev.syncwright.core.connection;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static dev.syncwright.core.connection.ConnectionFixture.ALPHA;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ScheduledConnectionWorkTest {

    /** A fixture whose manager schedules on a {@link ManualScheduler} driven by the fixture's clock. */
    private static final class Scheduled implements AutoCloseable {
        final ConnectionFixture f = new ConnectionFixture();
        final ManualScheduler scheduler = new ManualScheduler(f.clock);
        final ConnectionManager manager;

        Scheduled(Duration checkEvery, Duration roundEvery) {
            ConnectionManager.Builder b = ConnectionManager.builder().engine(f.engine).clock(f.clock)
                    .executor(Runnable::run).scheduler(scheduler).listener(f.listener);
            if (checkEvery != null) {
                b.checkEvery(checkEvery);
            }
            if (roundEvery != null) {
                b.metadataSyncEvery(roundEvery);
            }
            manager = b.build();
        }

        Connection connectAndShareAlpha() {
            Connection c = manager.connect("scheduled", f.home, f.companion);
            await(c.share(ALPHA));
            return c;
        }

        /** Moves the clock on and runs what is due by then. */
        int after(Duration d) {
            f.clock.advance(d);
            return scheduler.runDue();
        }

        @Override
        public void close() {
            manager.close();
            f.close();
        }
    }

    @Test
    void scheduledChecksNoticeAnExpiredLicenceAndItsRenewal() {
        try (Scheduled s = new Scheduled(Duration.ofMinutes(5), null)) {
            Connection c = s.connectAndShareAlpha();
            s.f.companion.checkResult(ConnectionCheck.credentialsExpired("licence expired"));

            assertThat(s.after(Duration.ofMinutes(4))).as("not due yet").isZero();
            assertThat(c.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(s.after(Duration.ofMinutes(1))).isEqualTo(1);
            assertThat(c.status()).isEqualTo(ConnectionStatus.INACTIVE);

            s.f.companion.checkResult(ConnectionCheck.ok());
            s.after(Duration.ofMinutes(5));

            assertThat(c.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(s.f.listener.about("connection:")).endsWith(
                    "connection: ACTIVE -> INACTIVE (companion companion: CREDENTIALS_EXPIRED: licence expired)",
                    "connection: INACTIVE -> ACTIVE (a check passed again: both ends answer)");
        }
    }

    @Test
    void scheduledChecksCountTheMetadataChangesWaiting() {
        try (Scheduled s = new Scheduled(Duration.ofMinutes(5), null)) {
            Connection c = s.connectAndShareAlpha();
            s.f.home.describeAs(EntityDescriptor.of("a1", "id", List.of(FieldDescriptor.string("id"),
                    new FieldDescriptor("field1", FieldType.INTEGER))));

            s.after(Duration.ofMinutes(5));

            assertThat(c.metadataSync().status()).isEqualTo(MetadataSyncStatus.PENDING);
            assertThat(c.metadataSync().pendingChanges()).as("field1 retyped, field2 and field3 removed").isEqualTo(3);
            assertThat(s.f.companion.appliedSchemaChanges()).isEmpty();
        }
    }

    @Test
    void scheduledRoundsDoNotRunWhileMetadataSyncIsPausedAndResumeOnceResolved() {
        try (Scheduled s = new Scheduled(null, Duration.ofHours(1))) {
            Connection c = s.connectAndShareAlpha();
            s.f.companion.defineField("a1", new FieldDescriptor("score", FieldType.STRING));
            s.f.home.describeAs(EntityDescriptor.of("a1", "id", List.of(FieldDescriptor.string("id"),
                    FieldDescriptor.string("field1"), FieldDescriptor.string("field2"), FieldDescriptor.string("field3"),
                    new FieldDescriptor("score", FieldType.DECIMAL))));

            s.after(Duration.ofHours(1));
            assertThat(c.metadataSync().status()).isEqualTo(MetadataSyncStatus.ERROR);
            assertThat(c.metadataSync().round()).isEqualTo(1);

            // while paused, the schedule fires but no round runs
            assertThat(s.after(Duration.ofHours(1))).isEqualTo(1);
            assertThat(s.after(Duration.ofHours(1))).isEqualTo(1);
            assertThat(c.metadataSync().round()).isEqualTo(1);
            assertThat(c.metadataSync().status()).isEqualTo(MetadataSyncStatus.ERROR);

            s.f.companion.dropField("a1", "score");
            c.resolveMetadataError();
            s.after(Duration.ofHours(1));

            assertThat(c.metadataSync().round()).isEqualTo(2);
            assertThat(c.metadataSync().status()).isEqualTo(MetadataSyncStatus.SUCCEEDED);
            assertThat(s.f.companion.schema("a1")).containsEntry("score", FieldType.DECIMAL);
        }
    }

    @Test
    void nothingIsScheduledUnlessTheHostEnablesItAndDisconnectStopsTheSchedules() {
        try (Scheduled none = new Scheduled(null, null)) {
            none.connectAndShareAlpha();
            assertThat(none.scheduler.activeTasks()).isZero();
        }
        try (Scheduled both = new Scheduled(Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            Connection c = both.connectAndShareAlpha();
            assertThat(both.scheduler.activeTasks()).isEqualTo(2);

            c.disconnect();

            assertThat(both.scheduler.activeTasks()).isZero();
        }
    }

    @Test
    void scheduledChecksRunOnAnInjectedSchedulerThatClosingTheManagerLeavesRunning() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        InMemorySource home = InMemorySource.builder().entity("a1", 5).build();
        InMemoryDestination companion = new InMemoryDestination();
        try (SyncEngine engine = SyncEngine.builder().build();
             ConnectionManager manager = ConnectionManager.builder().engine(engine).scheduler(scheduler)
                     .checkEvery(Duration.ofMillis(20)).build()) {
            Connection c = manager.connect("real threads", home, companion);
            assertThat(await(c.connected())).isEqualTo(ConnectionStatus.INCOMPLETE);

            home.checkResult(ConnectionCheck.gone("account closed"));

            await().atMost(ConnectionFixture.timeout()).until(() -> c.status() == ConnectionStatus.INACTIVE);
            assertThat(c.state().reason()).isEqualTo("home memory-source: GONE: account closed");
        } finally {
            assertThat(scheduler.isShutdown()).as("an injected scheduler is left running").isFalse();
            scheduler.shutdownNow();
        }
    }
}
