package dev.syncwright.connectors;

import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a real destination, counts the records written per entity, and can hold the n-th batch until the
 * test lets it go, so a test can cancel a run while a batch is in flight.
 */
public final class PausingDestination implements DestinationConnector {
    private final DestinationConnector delegate;
    private final int pauseAtBatch;
    private final AtomicInteger batches = new AtomicInteger();
    private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public PausingDestination(DestinationConnector delegate, int pauseAtBatch) {
        this.delegate = delegate;
        this.pauseAtBatch = pauseAtBatch;
    }

    @Override
    public void open(DestinationContext context) {
        delegate.open(context);
    }

    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        if (batches.incrementAndGet() == pauseAtBatch) {
            reached.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        written.computeIfAbsent(entity.name(), k -> new AtomicLong()).addAndGet(batch.size());
        return delegate.write(entity, batch);
    }

    @Override
    public Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
        return delegate.pollDeliveries(deliveryIds);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Waits until the pausing batch arrives. */
    public void awaitPaused() throws InterruptedException {
        if (!reached.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the run never reached batch " + pauseAtBatch);
        }
    }

    /** Lets the held batch go on. */
    public void release() {
        released.countDown();
    }

    /** @return records written so far for the entity (re-sent ones counted again) */
    public long written(String entity) {
        AtomicLong n = written.get(entity);
        return n == null ? 0 : n.get();
    }
}
