package dev.syncwright.testkit;

import dev.syncwright.spi.ConfirmationSink;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory destination a test steers: latency per batch, failures per entity or on open, a gate that
 * holds writes in flight until released, scripted outcomes per record and attempt, and confirmations of
 * SENT deliveries pushed or answered to polls on the test's command.
 *
 * <p>Records whose outcome is OK are stored at once; SENT ones when confirmed OK; PENDING and FAILED ones
 * never. Thread-safe.
 */
public final class ControllableDestination extends InMemoryDestination {

    /** Decides a record's outcome; may throw a {@link ConnectorException} to fail the whole batch. */
    @FunctionalInterface
    public interface OutcomeFunction {
        /**
         * @param entity  the entity
         * @param record  the record
         * @param attempt how many times this key has been written, this write included (1 for the first)
         * @return the outcome, not null
         */
        DeliveryOutcome outcome(String entity, SyncRecord record, int attempt);
    }

    /** Observes a batch write; {@code attempt} is the attempt number of the batch's first record. */
    @FunctionalInterface
    public interface WriteHook {
        /**
         * @param entity  the entity of the batch
         * @param attempt the attempt number of the batch's first record
         */
        void accept(String entity, int attempt);
    }

    private record Sent(String entity, SyncRecord record) {
    }

    private final ReceivedRecords received = records();
    private final Map<String, ConnectorException> failingEntities = new ConcurrentHashMap<>();
    private final Map<String, List<Sent>> sent = new ConcurrentHashMap<>();
    private final Map<String, DeliveryOutcome> settledForPoll = new ConcurrentHashMap<>();
    private final Object gate = new Object();
    private volatile OutcomeFunction outcomes = (entity, record, attempt) -> DeliveryOutcome.ok("dest-" + record.key());
    private volatile WriteHook beforeWrite = (entity, attempt) -> { };
    private volatile WriteHook afterWrite = (entity, attempt) -> { };
    private volatile Duration latency = Duration.ZERO;
    private volatile Runnable beforePoll = () -> { };
    private volatile ConnectorException openFailure;
    private volatile ConfirmationSink sink;
    private boolean held;
    private int waitingAtGate;
    private int permits;

    /** A destination named "controllable". */
    public ControllableDestination() {
        super("controllable");
    }

    @Override
    public void open(DestinationContext context) {
        ConnectorException failure = openFailure;
        if (failure != null) {
            throw failure;
        }
        super.open(context);
        sink = context.confirmations();
    }

    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        passGate();
        sleep(latency);
        adoptSchema(entity);
        String name = entity.name();
        received.batch();
        int[] attempts = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            attempts[i] = received.countWrite(name, batch.get(i).key());
        }
        int batchAttempt = attempts.length == 0 ? 1 : attempts[0];
        beforeWrite.accept(name, batchAttempt);
        try {
            ConnectorException failure = failingEntities.get(name);
            if (failure != null) {
                throw failure;
            }
            List<DeliveryOutcome> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                SyncRecord record = batch.get(i);
                DeliveryOutcome o = Objects.requireNonNull(outcomes.outcome(name, record, attempts[i]), "scripted outcome");
                if (o.status() == DeliveryStatus.OK) {
                    received.store(name, record);
                } else if (o.status() == DeliveryStatus.SENT) {
                    sent.computeIfAbsent(o.deliveryId(), id -> new ArrayList<>()).add(new Sent(name, record));
                }
                out.add(o);
            }
            return out;
        } finally {
            afterWrite.accept(name, batchAttempt);
        }
    }

    @Override
    public Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
        beforePoll.run();
        Map<String, DeliveryOutcome> answers = new HashMap<>();
        for (String id : deliveryIds) {
            DeliveryOutcome o = settledForPoll.remove(id);
            if (o != null) {
                settle(id, o);
                answers.put(id, o);
            }
        }
        return answers;
    }

    private void settle(String deliveryId, DeliveryOutcome outcome) {
        List<Sent> records = sent.remove(deliveryId);
        if (records != null && outcome.status() == DeliveryStatus.OK) {
            for (Sent s : records) {
                received.store(s.entity(), s.record());
            }
        }
    }

    // ---- steering

    /** @param outcomes decides each record's outcome (default: OK with endpoint id "dest-" + key) */
    public void outcomeFunction(OutcomeFunction outcomes) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /** @param hook runs at the start of every batch write, after the gate and latency */
    public void beforeWrite(WriteHook hook) {
        this.beforeWrite = Objects.requireNonNull(hook, "hook");
    }

    /** @param hook runs at the end of every batch write, even a failed one */
    public void afterWrite(WriteHook hook) {
        this.afterWrite = Objects.requireNonNull(hook, "hook");
    }

    /** @param latency how long each batch write takes (default zero) */
    public void latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
    }

    /**
     * Makes every write of the entity throw {@code failure}; null makes them work again.
     *
     * @param entity the entity's name
     * @param failure what writes throw, or null
     */
    public void failEntity(String entity, ConnectorException failure) {
        if (failure == null) {
            failingEntities.remove(entity);
        } else {
            failingEntities.put(entity, failure);
        }
    }

    /**
     * Makes {@link #open} throw {@code failure}; null makes it work again.
     *
     * @param failure what {@code open} throws, or null
     */
    public void failOpen(ConnectorException failure) {
        this.openFailure = failure;
    }

    /**
     * Pushes the final outcome of a SENT delivery to the engine, as a destination with callbacks would.
     *
     * @param deliveryId the SENT delivery
     * @param outcome its final outcome
     */
    public void confirm(String deliveryId, DeliveryOutcome outcome) {
        ConfirmationSink s = sink;
        if (s == null) {
            throw new IllegalStateException("the destination is not open");
        }
        settle(deliveryId, outcome);
        s.confirm(deliveryId, outcome);
    }

    /**
     * Makes the next {@link #pollDeliveries} that asks for {@code deliveryId} answer {@code outcome}.
     *
     * @param deliveryId the SENT delivery
     * @param outcome its final outcome
     */
    public void settleForPoll(String deliveryId, DeliveryOutcome outcome) {
        settledForPoll.put(deliveryId, Objects.requireNonNull(outcome, "outcome"));
    }

    /**
     * @param hook runs at the start of every {@link #pollDeliveries} call, on the polling thread; it may block,
     *             to act as a destination whose status endpoint hangs
     */
    public void beforePoll(Runnable hook) {
        this.beforePoll = Objects.requireNonNull(hook, "hook");
    }

    /** Closes the gate: every later write waits (before writing anything) until released. */
    public void hold() {
        synchronized (gate) {
            held = true;
        }
    }

    /** Opens the gate: waiting writes and later ones go through. */
    public void release() {
        synchronized (gate) {
            held = false;
            waitingAtGate = 0;
            permits = 0;
            gate.notifyAll();
        }
    }

    /** Lets exactly one waiting write through and keeps the gate closed for the others. */
    public void releaseOne() {
        synchronized (gate) {
            if (waitingAtGate > 0) {
                waitingAtGate--;
                permits++;
                gate.notifyAll();
            }
        }
    }

    /**
     * @param n       how many writes must be waiting at the gate
     * @param timeout how long to wait for that
     * @return true once {@code n} writes are waiting; false on timeout
     * @throws InterruptedException if the calling thread is interrupted
     */
    public boolean awaitBlockedWrites(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (gate) {
            while (waitingAtGate < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                gate.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void passGate() {
        synchronized (gate) {
            if (!held) {
                return;
            }
            waitingAtGate++;
            gate.notifyAll();
            try {
                while (held && permits == 0) {
                    gate.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ConnectorException.transientFailure("interrupted while held at the gate", e);
            }
            if (held) {
                permits--;
            }
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.transientFailure("interrupted during simulated latency", e);
        }
    }
}
