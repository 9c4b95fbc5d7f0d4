package dev.syncwright.testkit;

import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A destination that keeps every record it receives in memory, keyed by entity and record key (a later
 * write of the same key replaces the earlier one, like an upsert), and answers {@code OK} with the endpoint
 * id {@code "dest-" + key}. It also counts how often each key was written, to spot records sent twice.
 * Thread-safe.
 */
public class InMemoryDestination implements DestinationConnector {
    private final ReceivedRecords received = new ReceivedRecords();
    private final String systemName;
    private volatile boolean open;
    private volatile boolean closed;

    /** A destination named "memory". */
    public InMemoryDestination() {
        this("memory");
    }

    /** @param systemName the name reports show for this destination, not null */
    public InMemoryDestination(String systemName) {
        this.systemName = systemName;
    }

    @Override
    public String systemName() {
        return systemName;
    }

    @Override
    public void open(DestinationContext context) {
        open = true;
    }

    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        received.batch();
        List<DeliveryOutcome> outcomes = new ArrayList<>(batch.size());
        for (SyncRecord record : batch) {
            received.countWrite(entity.name(), record.key());
            received.store(entity.name(), record);
            outcomes.add(DeliveryOutcome.ok("dest-" + record.key()));
        }
        return outcomes;
    }

    @Override
    public void removeEntityData(EntityDescriptor entity) {
        received.clear(entity.name());
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The record store, for subclasses in this package that decide outcomes themselves. */
    ReceivedRecords records() {
        return received;
    }

    /** @return the records held for the entity, by key, in first-write order; an unmodifiable copy */
    public Map<String, SyncRecord> received(String entity) {
        return received.received(entity);
    }

    /** @return the number of distinct records held, all entities together */
    public long receivedCount() {
        return received.receivedCount();
    }

    /** @return how many times the key was written (0 if never) */
    public int writeCount(String entity, String key) {
        return received.writeCount(entity, key);
    }

    /** @return record writes in all, re-sends included */
    public long totalWrites() {
        return received.totalWrites();
    }

    /** @return how many batches were written */
    public long batchCount() {
        return received.batchCount();
    }

    /** @return true once the engine opened this destination */
    public boolean isOpen() {
        return open;
    }

    /** @return true once the engine closed this destination */
    public boolean isClosed() {
        return closed;
    }
}
