package dev.syncwright.testkit;

import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultyDestinationTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final EntityDescriptor ITEMS = EntityDescriptor.of("items", "id", List.of());

    private static List<SyncRecord> records(int n) {
        List<SyncRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SyncRecord.of("items", "k" + i, Map.of("n", i)));
        }
        return out;
    }

    private static List<DeliveryStatus> statuses(List<DeliveryOutcome> outcomes) {
        return outcomes.stream().map(DeliveryOutcome::status).toList();
    }

    @Test
    void theSameSeedGivesTheSameFaultsAtTheConfiguredRates() {
        FaultyDestination a = FaultyDestination.builder().seed(7).transientRate(0.2).permanentRate(0.05).build();
        FaultyDestination b = FaultyDestination.builder().seed(7).transientRate(0.2).permanentRate(0.05).build();

        List<DeliveryOutcome> first = a.write(ITEMS, records(10_000));
        List<DeliveryOutcome> second = b.write(ITEMS, records(10_000));

        assertThat(statuses(first)).isEqualTo(statuses(second));
        Map<DeliveryStatus, Long> counts = first.stream().collect(Collectors.groupingBy(DeliveryOutcome::status, Collectors.counting()));
        assertThat(counts.get(DeliveryStatus.PENDING)).isBetween(1_800L, 2_200L);
        assertThat(counts.get(DeliveryStatus.FAILED)).isBetween(400L, 600L);
        assertThat(a.storedCount()).isEqualTo(counts.get(DeliveryStatus.OK));
        assertThat(a.transientFaults()).isEqualTo(counts.get(DeliveryStatus.PENDING));
    }

    @Test
    void anOutageRefusesWholeBatchesOnlyInsideItsWindow() {
        MutableClock clock = new MutableClock(START);
        FaultyDestination destination = FaultyDestination.builder().clock(clock)
                .outage(START.plusSeconds(10), START.plusSeconds(20)).build();

        assertThat(statuses(destination.write(ITEMS, records(3)))).containsOnly(DeliveryStatus.OK);
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> destination.write(ITEMS, records(3)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue());
        clock.advance(Duration.ofSeconds(10));
        assertThat(statuses(destination.write(ITEMS, records(3)))).containsOnly(DeliveryStatus.OK);
        assertThat(destination.outageRefusals()).isEqualTo(1);
    }

    @Test
    void polledDeliveriesAreConfirmedAfterTheirDelayAndLostOnesNever() {
        MutableClock clock = new MutableClock(START);
        FaultyDestination destination = FaultyDestination.builder().seed(3).clock(clock)
                .confirmLater(ConfirmationMode.POLL, Duration.ofSeconds(5), 0.1).build();
        destination.open(() -> (id, outcome) -> { });

        List<DeliveryOutcome> sent = destination.write(ITEMS, records(1_000));
        List<String> ids = sent.stream().map(DeliveryOutcome::deliveryId).toList();

        assertThat(statuses(sent)).containsOnly(DeliveryStatus.SENT);
        assertThat(destination.pollDeliveries(ids)).isEmpty();
        assertThat(destination.storedCount()).isZero();

        clock.advance(Duration.ofSeconds(5));
        Map<String, DeliveryOutcome> confirmed = destination.pollDeliveries(ids);

        assertThat(confirmed.values()).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
        assertThat(confirmed.size()).isBetween(850, 950); // about 10% lost
        assertThat(destination.storedCount()).isEqualTo(confirmed.size());
        clock.advance(Duration.ofHours(1));
        assertThat(destination.pollDeliveries(ids)).isEmpty(); // confirmed once, lost ones never
    }

    @Test
    void pushedDeliveriesReachTheSinkAndAreStored() throws Exception {
        Map<String, DeliveryOutcome> pushed = new HashMap<>();
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(20);
        FaultyDestination destination = FaultyDestination.builder()
                .confirmLater(ConfirmationMode.PUSH, Duration.ofMillis(1), 0).build();
        destination.open(() -> (id, outcome) -> {
            synchronized (pushed) {
                pushed.put(id, outcome);
            }
            all.countDown();
        });

        List<DeliveryOutcome> sent = destination.write(ITEMS, records(20));

        assertThat(all.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        synchronized (pushed) {
            assertThat(pushed.keySet()).containsExactlyInAnyOrderElementsOf(sent.stream().map(DeliveryOutcome::deliveryId).toList());
        }
        assertThat(destination.stored("items")).hasSize(20);
        destination.close();
    }

    @Test
    void afterCrashingEveryWriteFailsPermanently() {
        FaultyDestination destination = FaultyDestination.builder().crashAfter(2).build();

        destination.write(ITEMS, records(1));
        destination.write(ITEMS, records(1));

        assertThatThrownBy(() -> destination.write(ITEMS, records(1)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("crashed after 2 writes");
    }

    @Test
    void invalidSettingsAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> FaultyDestination.builder().transientRate(1.5)).hasMessageContaining("transientRate");
        assertThatThrownBy(() -> FaultyDestination.builder().outage(START, START)).hasMessageContaining("outage");
        assertThatThrownBy(() -> FaultyDestination.builder().transientRate(0.7).permanentRate(0.5).build())
                .hasMessageContaining("transientRate + permanentRate");
    }
}
