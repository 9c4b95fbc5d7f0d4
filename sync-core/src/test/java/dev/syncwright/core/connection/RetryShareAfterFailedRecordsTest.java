package dev.syncwright.core.connection;

import dev.syncwright.core.RunStatus;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.testkit.ControllableDestination;
import org.junit.jupiter.api.Test;

import static dev.syncwright.core.connection.ConnectionFixture.ALPHA;
import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A retried initial sync must deliver the records the first one failed, not only the entities it left unfinished. */
class RetryShareAfterFailedRecordsTest {

    @Test
    void retryShareResendsRecordsThatFailedInAnEntityTheFirstInitialSyncCompleted() {
        try (ConnectionFixture f = new ConnectionFixture()) {
            ControllableDestination companion = new ControllableDestination();
            // given a companion that rejects every third record of a1 for good, and cannot write a2 at all
            companion.outcomeFunction((entity, record, attempt) -> entity.equals("a1")
                    && Integer.parseInt(record.key().substring(3)) % 3 == 0
                    ? DeliveryOutcome.failed("value too long") : DeliveryOutcome.ok("dest-" + record.key()));
            companion.failEntity("a2", new ConnectorException(ConnectorException.Kind.PERMANENT, "table A2 is read-only"));
            Connection c = f.connectTo(companion);

            DataSpaceState failed = await(c.share(ALPHA));
            assertThat(failed.status()).isEqualTo(DataSpaceStatus.ERROR);
            assertThat(c.initialSync("alpha").orElseThrow().completion().join().status())
                    .isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
            assertThat(companion.received("a1")).as("a1 completed, but with failed records").hasSize(20);

            // when the companion is fixed and sharing is retried
            companion.outcomeFunction((entity, record, attempt) -> DeliveryOutcome.ok("dest-" + record.key()));
            companion.failEntity("a2", null);
            DataSpaceState retried = await(c.retryShare("alpha"));

            // then every record of alpha is at the companion, and only then is alpha ACTIVE
            assertThat(companion.received("a1")).hasSize(30);
            assertThat(companion.received("a2")).hasSize(20);
            assertThat(retried.status()).isEqualTo(DataSpaceStatus.ACTIVE);
        }
    }
}
