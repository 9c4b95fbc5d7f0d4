package dev.syncwright.core;

import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ConfirmationMode;
import dev.syncwright.testkit.FaultyDestination;
import dev.syncwright.testkit.InMemorySource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many entities in parallel against a destination that fails transiently (20%) and permanently (1%), has
 * outages and confirms some deliveries later or never: afterwards every record is in exactly one final
 * state, OK records are exactly what the destination holds, and the progress counts equal the outcomes.
 */
class DeliverySoakTest {

    @ParameterizedTest
    @EnumSource(ConfirmationMode.class)
    void everyRecordEndsInExactlyOneFinalStateAndTheCountsAgree(ConfirmationMode confirmations) throws Exception {
        InMemorySource source = InMemorySource.builder().entities(16, 3_000).build();
        Instant now = Instant.now();
        FaultyDestination destination = FaultyDestination.builder()
                .seed(42)
                .transientRate(0.20)
                .permanentRate(0.01)
                .outage(now.plusMillis(200), now.plusMillis(400))
                .confirmLater(confirmations, Duration.ofMillis(5), 0.01)
                .clock(Clock.systemUTC())
                .build();
        RecordingListener listener = new RecordingListener();
        RetryPolicy quick = RetryPolicy.builder().maxRetries(6).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(50)).build();
        SyncResult result;
        try (SyncEngine engine = SyncEngine.builder().parallelism(8).batchSize(200).listener(listener)
                .confirmationPollInterval(Duration.ofMillis(5)).confirmationTimeout(Duration.ofMillis(300)).build()) {
            result = engine.start(SyncRequest.builder("soak").source(source).destination(destination).retryPolicy(quick).build())
                    .await(Duration.ofMinutes(2));
        }

        // every source record has exactly one latest outcome, in a final state for a run that was not cancelled
        Set<String> sourceKeys = new HashSet<>();
        for (int i = 1; i <= 16; i++) {
            for (SyncRecord r : source.records("entity-" + i)) {
                sourceKeys.add(r.entity() + "/" + r.key());
            }
        }
        assertThat(listener.latest.keySet()).isEqualTo(sourceKeys);
        Map<DeliveryStatus, Long> byStatus = new EnumMap<>(DeliveryStatus.class);
        for (RecordOutcome o : listener.latest.values()) {
            byStatus.merge(o.status(), 1L, Long::sum);
            assertThat(o.status()).isIn(DeliveryStatus.OK, DeliveryStatus.FAILED);
            if (o.status() == DeliveryStatus.FAILED) {
                assertThat(o.message()).isNotBlank();
            }
        }
        // OK records are all held by the destination; a record it holds without being OK is one whose
        // confirmation came after the confirmation timeout (at-least-once: the engine had given up on that delivery)
        Set<String> okKeys = new HashSet<>();
        listener.latest.values().stream().filter(o -> o.status() == DeliveryStatus.OK).forEach(o -> okKeys.add(o.entity() + "/" + o.key()));
        Set<String> stored = new HashSet<>();
        for (int i = 1; i <= 16; i++) {
            String entity = "entity-" + i;
            destination.stored(entity).keySet().forEach(k -> stored.add(entity + "/" + k));
        }
        assertThat(stored).containsAll(okKeys);
        Set<String> timedOut = new HashSet<>();
        listener.allOutcomes.stream().filter(o -> o.status() == DeliveryStatus.PENDING && o.message() != null
                && o.message().contains("not confirmed within")).forEach(o -> timedOut.add(o.entity() + "/" + o.key()));
        Set<String> storedNotOk = new HashSet<>(stored);
        storedNotOk.removeAll(okKeys);
        assertThat(timedOut).containsAll(storedNotOk);
        // the progress counts equal the counts of outcomes: nothing lost, nothing double-counted
        DeliveryCounts counts = result.progress().deliveries();
        assertThat(counts.ok()).isEqualTo(byStatus.getOrDefault(DeliveryStatus.OK, 0L));
        assertThat(counts.failed()).isEqualTo(byStatus.getOrDefault(DeliveryStatus.FAILED, 0L));
        assertThat(counts.sent() + counts.pending()).isZero();
        assertThat(result.progress().records()).isEqualTo(48_000);
        // the faults really happened
        assertThat(counts.failed()).isGreaterThan(0);
        assertThat(listener.allOutcomes.stream().anyMatch(o -> o.status() == DeliveryStatus.PENDING)).isTrue();
        assertThat(listener.allOutcomes.stream().anyMatch(o -> o.status() == DeliveryStatus.SENT)).isTrue();
    }
}
