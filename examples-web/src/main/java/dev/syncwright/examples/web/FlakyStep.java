package dev.syncwright.examples.web;

import dev.syncwright.spi.ConfirmationSink;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's flaky step in front of the H2 database, so that every status shows on the screens:
 * <ul>
 *   <li>{@code customers}: about one key in 40 is rejected on its first write (FAILED); written again (a resync,
 *       or the next run) it goes through;</li>
 *   <li>{@code orders}: about one batch in four is refused once as a whole with a transient error (its records
 *       go PENDING and are retried, then OK);</li>
 *   <li>{@code invoices}: written, then answered SENT and confirmed a moment later (SENT, then OK);</li>
 *   <li>{@code returns}: every write fails for good, so the entity ends ERROR.</li>
 * </ul>
 * Everything else is passed to the H2 destination unchanged. The {@link Controls} are shared by every instance
 * (one is made per run): they remember which keys and batches were already refused, and can slow or hold writes.
 *
 * <p>Thread-safe, as the engine requires of a destination.
 */
final class FlakyStep implements DestinationConnector {
    static final String REJECTED = "rejected by the flaky step: the address bounced";
    static final String BUSY = "the flaky step is busy, try again";
    static final String READ_ONLY = "table 'returns' is read-only in the demo database";
    private static final Duration CONFIRMATION_DELAY = Duration.ofMillis(300);

    private final DestinationConnector target;
    private final Controls controls;
    private volatile ConfirmationSink confirmations;

    FlakyStep(DestinationConnector target, Controls controls) {
        this.target = target;
        this.controls = controls;
    }

    @Override
    public String systemName() {
        return target.systemName();
    }

    @Override
    public void open(DestinationContext context) {
        target.open(context);
        confirmations = context.confirmations();
    }

    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        controls.started.incrementAndGet();
        try {
            controls.pass();
            List<DeliveryOutcome> outcomes = switch (entity.name()) {
                case "returns" -> throw ConnectorException.permanent(READ_ONLY, null);
                case "orders" -> {
                    if (Math.floorMod(batch.get(0).key().hashCode(), 4) == 0
                            && controls.refusedOnce.add("orders/" + batch.get(0).key())) {
                        throw ConnectorException.transientFailure(BUSY, null);
                    }
                    yield target.write(entity, batch);
                }
                case "customers" -> rejectSomeOnce(entity, batch);
                case "invoices" -> sentThenConfirmed(target.write(entity, batch));
                default -> target.write(entity, batch);
            };
            controls.written.addAndGet(batch.size());
            return outcomes;
        } finally {
            controls.finished.incrementAndGet();
        }
    }

    private List<DeliveryOutcome> rejectSomeOnce(EntityDescriptor entity, List<SyncRecord> batch) {
        List<SyncRecord> forwarded = new ArrayList<>(batch.size());
        boolean[] rejected = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            String key = batch.get(i).key();
            rejected[i] = Math.floorMod(key.hashCode(), 40) == 7 && controls.refusedOnce.add("customers/" + key);
            if (!rejected[i]) {
                forwarded.add(batch.get(i));
            }
        }
        List<DeliveryOutcome> written = forwarded.isEmpty() ? List.of() : target.write(entity, forwarded);
        List<DeliveryOutcome> outcomes = new ArrayList<>(batch.size());
        int next = 0;
        for (boolean r : rejected) {
            outcomes.add(r ? DeliveryOutcome.failed(REJECTED) : written.get(next++));
        }
        return outcomes;
    }

    /** Answers the records the database took SENT, and confirms them a moment later, as a file import would. */
    private List<DeliveryOutcome> sentThenConfirmed(List<DeliveryOutcome> written) {
        List<DeliveryOutcome> outcomes = new ArrayList<>(written.size());
        for (DeliveryOutcome outcome : written) {
            if (outcome.status() != DeliveryStatus.OK) {
                outcomes.add(outcome);
                continue;
            }
            String deliveryId = "import-" + controls.deliveries.incrementAndGet();
            outcomes.add(DeliveryOutcome.sent(deliveryId, outcome.endpointId()));
            // a confirmation that comes after its run ended is ignored by the engine
            CompletableFuture.runAsync(() -> confirmations.confirm(deliveryId, DeliveryOutcome.ok(outcome.endpointId())),
                    CompletableFuture.delayedExecutor(CONFIRMATION_DELAY.toMillis(), TimeUnit.MILLISECONDS));
        }
        return outcomes;
    }

    @Override
    public void close() {
        target.close();
    }

    /**
     * What every flaky step of the demo shares: the keys and batches already refused once, a delay per write
     * (the setup page's "slow" option) and a gate that holds writes in flight until released. Thread-safe.
     */
    static final class Controls {
        private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
        private final AtomicLong deliveries = new AtomicLong();
        private final AtomicLong started = new AtomicLong();
        private final AtomicLong finished = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private final Object gate = new Object();
        private volatile Duration latency = Duration.ZERO;
        private boolean held;
        private int waiting;

        /** @param latency how long each write takes at least (zero for none) */
        void latency(Duration latency) {
            this.latency = latency;
        }

        /** Holds every write that starts from now on at the gate, until {@link #release()}. */
        void hold() {
            synchronized (gate) {
                held = true;
            }
        }

        /** Lets every held write, and those that come later, through. */
        void release() {
            synchronized (gate) {
                held = false;
                gate.notifyAll();
            }
        }

        /** @return how many writes wait at the gate now */
        int heldWrites() {
            synchronized (gate) {
                return waiting;
            }
        }

        /** @return how many writes started */
        long writesStarted() {
            return started.get();
        }

        /** @return how many writes returned or threw */
        long writesFinished() {
            return finished.get();
        }

        /** @return how many records were in the writes that returned outcomes */
        long recordsWritten() {
            return written.get();
        }

        private void pass() {
            Duration delay = latency;
            try {
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                synchronized (gate) {
                    waiting++;
                    try {
                        while (held) {
                            gate.wait();
                        }
                    } finally {
                        waiting--;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ConnectorException.transientFailure("interrupted while writing", e);
            }
        }
    }
}
