package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.testkit.InMemoryDestination;

/** Connector type {@code memory}: the testkit's {@link InMemoryDestination}, a new one per task ({@code {}}). */
public final class MemoryDestinationFactory implements ConnectorFactory {
    @Override
    public String type() {
        return "memory";
    }

    @Override
    public DestinationConnector createDestination(JsonNode config) {
        return new InMemoryDestination();
    }
}
