package dev.syncwright.core;

import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemoryDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadInputTest {

    @Test
    void aNullEntityListIsRejectedWithAMessageNamingIt() {
        SyncRequest.Builder builder = SyncRequest.builder("s");
        assertThatThrownBy(() -> builder.entities((List<String>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("entities");
    }

    @Test
    void aBatchSizeOfZeroIsRejectedWithAMessageNamingIt() {
        assertThatThrownBy(() -> SyncEngine.builder().batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> SyncEngine.builder().parallelism(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
    }

    @Test
    void aRequestWithoutSourceOrDestinationIsRejected() {
        assertThatThrownBy(() -> SyncRequest.builder("s").destination(new InMemoryDestination()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> SyncRequest.builder(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncName");
    }

    @Test
    void anUnknownEntityNameFailsTheRunWithAMessageNamingIt() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(2, 10).build();
        InMemoryDestination destination = new InMemoryDestination();
        try (SyncEngine engine = SyncEngine.builder().build()) {
            SyncResult result = engine.start(SyncRequest.builder("s").source(source).destination(destination)
                    .entities("entity-1", "invoices").build()).await(Duration.ofSeconds(10));
            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.failure()).contains("invoices").contains("entity-1");
            assertThat(destination.receivedCount()).isZero();
            assertThat(destination.isClosed()).isTrue();
        }
    }

    @Test
    void aSourceThatFailsToOpenFailsTheRunWithoutHanging() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 10).build();
        source.failOpen(new ConnectorException(ConnectorException.Kind.CONFIGURATION, "host 'db.invalid' not found"));
        try (SyncEngine engine = SyncEngine.builder().build()) {
            SyncResult result = engine.start(SyncRequest.builder("s").source(source).destination(new InMemoryDestination()).build())
                    .await(Duration.ofSeconds(10));
            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.failure()).contains("failed to open").contains("db.invalid");
            assertThat(result.progress().finished()).isTrue();
        }
    }

    @Test
    void aDestinationThatFailsToOpenFailsTheRunWithoutHanging() throws Exception {
        ControllableDestination destination = new ControllableDestination();
        destination.failOpen(ConnectorException.transientFailure("connection refused", null));
        try (SyncEngine engine = SyncEngine.builder().build()) {
            SyncResult result = engine.start(SyncRequest.builder("s").source(InMemorySource.builder().entities(1, 10).build())
                    .destination(destination).build()).await(Duration.ofSeconds(10));
            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.failure()).contains("destination").contains("connection refused");
        }
    }

    @Test
    void aRecordWithANullKeyBecomesAFailedOutcomeAndTheOthersAreDelivered() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 20).build();
        source.addRecord("entity-1", new SyncRecord("entity-1", null, "NO-KEY", Map.of("name", "x"), null));
        InMemoryDestination destination = new InMemoryDestination();
        RecordingListener listener = new RecordingListener();
        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().batchSize(8).listener(listener).build()) {
            result = engine.start(SyncRequest.builder("s").source(source).destination(destination).build()).await();
        }
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(result.progress().deliveries().failed()).isEqualTo(1);
        assertThat(result.progress().deliveries().ok()).isEqualTo(20);
        assertThat(result.completed()).containsExactly("entity-1");
        assertThat(destination.receivedCount()).isEqualTo(20);
        RecordOutcome bad = listener.allOutcomes.stream().filter(o -> o.key() == null).findFirst().orElseThrow();
        assertThat(bad.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(bad.message()).isEqualTo("record has no key");
        assertThat(bad.reference()).isEqualTo("NO-KEY");
        assertThat(bad.attempts()).isZero();
    }

    @Test
    void anOversizeRecordBecomesAFailedOutcomeNamingTheLimit() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 5).build();
        source.addRecord("entity-1", SyncRecord.of("entity-1", "huge", Map.of("blob", "x".repeat(10_000))));
        InMemoryDestination destination = new InMemoryDestination();
        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().maxRecordBytes(4_096).build()) {
            result = engine.start(SyncRequest.builder("s").source(source).destination(destination).build()).await();
        }
        assertThat(result.progress().deliveries().failed()).isEqualTo(1);
        assertThat(destination.received("entity-1")).doesNotContainKey("huge").hasSize(5);
    }

    @Test
    void pagesAreSplitIntoBatchesBoundedByBytes() throws Exception {
        InMemorySource source = InMemorySource.builder().entities(1, 100).build();
        InMemoryDestination destination = new InMemoryDestination();
        long recordBytes = source.records("entity-1").get(0).estimatedBytes();
        try (SyncEngine engine = SyncEngine.builder().batchSize(100).maxBatchBytes(recordBytes * 10).build()) {
            engine.start(SyncRequest.builder("s").source(source).destination(destination).build()).await();
        }
        assertThat(destination.receivedCount()).isEqualTo(100);
        assertThat(destination.batchCount()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void startingOnAClosedEngineIsRejected() {
        SyncEngine engine = SyncEngine.builder().build();
        engine.close();
        SyncRequest request = SyncRequest.builder("s").source(InMemorySource.builder().entities(1, 1).build())
                .destination(new InMemoryDestination()).build();
        assertThatThrownBy(() -> engine.start(request)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
