package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import dev.syncwright.testkit.ConfirmationMode;
import dev.syncwright.testkit.FaultyDestination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Connector type {@code faulty-jdbc}: the testkit's {@link FaultyDestination} decides each record's outcome
 * (transient and permanent failures, deliveries confirmed later by polling), and what it accepts is written to a
 * JDBC table, where a test (in another process too) counts it.
 *
 * <pre>{@code {"seed": 7, "transientRate": 0.1, "permanentRate": 0.02, "confirmLater": "PT0.2S",
 *  "store": {"url": "jdbc:postgresql://...", "createTables": true}}}</pre>
 */
public final class FaultyJdbcFactory implements ConnectorFactory {
    @Override
    public String type() {
        return "faulty-jdbc";
    }

    @Override
    public DestinationConnector createDestination(JsonNode config) {
        FaultyDestination.Builder b = FaultyDestination.builder().seed(config.path("seed").asLong(1))
                .transientRate(config.path("transientRate").asDouble(0))
                .permanentRate(config.path("permanentRate").asDouble(0));
        Duration delay = Duration.ZERO;
        if (config.hasNonNull("confirmLater")) {
            delay = Duration.parse(config.get("confirmLater").asText());
            b.confirmLater(ConfirmationMode.POLL, delay, 0);
        }
        DestinationConnector store = ConnectorFactory.find("jdbc", FaultyJdbcFactory.class.getClassLoader())
                .createDestination(config.get("store"));
        return new Faulty(b.build(), store, delay);
    }

    /**
     * Outcomes from the faulty destination. Accepted records are stored by the JDBC one at once; those answered SENT
     * are confirmed OK by any instance (a task in another worker too) once their confirmation time has come, as a
     * destination that took a batch and confirms it when processed.
     */
    private static final class Faulty implements DestinationConnector {
        private static final String PREFIX = "confirm-at:";
        private final FaultyDestination faults;
        private final DestinationConnector store;
        private final Duration delay;

        Faulty(FaultyDestination faults, DestinationConnector store, Duration delay) {
            this.faults = faults;
            this.store = store;
            this.delay = delay;
        }

        @Override
        public String systemName() {
            return "faulty-jdbc";
        }

        @Override
        public void open(DestinationContext context) {
            faults.open(context);
            store.open(context);
        }

        @Override
        public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
            List<DeliveryOutcome> decided = faults.write(entity, batch);
            List<SyncRecord> accepted = new ArrayList<>();
            List<DeliveryOutcome> out = new ArrayList<>(batch.size());
            long due = System.currentTimeMillis() + delay.toMillis();
            for (int i = 0; i < batch.size(); i++) {
                DeliveryOutcome o = decided.get(i);
                if (o.status() == DeliveryStatus.OK || o.status() == DeliveryStatus.SENT) {
                    accepted.add(batch.get(i));
                }
                out.add(o.status() == DeliveryStatus.SENT ? DeliveryOutcome.sent(PREFIX + due + ":" + UUID.randomUUID(), null)
                        : o);
            }
            if (!accepted.isEmpty()) {
                store.write(entity, accepted);
            }
            return out;
        }

        @Override
        public Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
            long now = System.currentTimeMillis();
            Map<String, DeliveryOutcome> answers = new HashMap<>();
            for (String id : deliveryIds) {
                if (id.startsWith(PREFIX) && Long.parseLong(id.split(":")[1]) <= now) {
                    answers.put(id, DeliveryOutcome.ok(null));
                }
            }
            return answers;
        }

        @Override
        public void close() {
            faults.close();
            store.close();
        }
    }
}
