package dev.syncwright.testkit;

import dev.syncwright.spi.ConfirmationSink;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A destination that misbehaves the way real ones do, reproducibly: per-record transient and permanent
 * failures at given rates (from a seeded random), whole-batch outages during time windows of the injected
 * clock, latency, deliveries answered SENT and confirmed later (pushed or polled) or lost, and a crash
 * after N writes.
 *
 * <p>It holds ({@link #stored}) exactly the records it accepted: answered OK, or SENT and then confirmed.
 * A lost delivery is never confirmed and never stored. Thread-safe; the random draws are deterministic for
 * a seed and a given order of writes.
 */
public final class FaultyDestination implements DestinationConnector {
    private record Delivery(String entity, SyncRecord record, Instant due, boolean lost) {
    }

    private final ReceivedRecords stored = new ReceivedRecords();
    private final Random random;
    private final double transientRate;
    private final double permanentRate;
    private final List<Instant[]> outages;
    private final Duration latency;
    private final ConfirmationMode confirmationMode;
    private final Duration confirmationDelay;
    private final double lossRate;
    private final int crashAfter;
    private final Clock clock;
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong nextDelivery = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong okCount = new AtomicLong();
    private final AtomicLong sentCount = new AtomicLong();
    private final AtomicLong transientCount = new AtomicLong();
    private final AtomicLong permanentCount = new AtomicLong();
    private final AtomicLong outageCount = new AtomicLong();
    private volatile ConfirmationSink sink;
    private volatile ScheduledExecutorService pusher;

    private FaultyDestination(Builder b) {
        this.random = new Random(b.seed);
        this.transientRate = b.transientRate;
        this.permanentRate = b.permanentRate;
        this.outages = List.copyOf(b.outages);
        this.latency = b.latency;
        this.confirmationMode = b.confirmationMode;
        this.confirmationDelay = b.confirmationDelay;
        this.lossRate = b.lossRate;
        this.crashAfter = b.crashAfter;
        this.clock = b.clock;
    }

    /** @return a builder of a destination without faults; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String systemName() {
        return "faulty";
    }

    @Override
    public void open(DestinationContext context) {
        sink = context.confirmations();
        if (confirmationMode == ConfirmationMode.PUSH) {
            pusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "faulty-destination-confirmations");
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        long n = writes.incrementAndGet();
        if (crashAfter >= 0 && n > crashAfter) {
            throw ConnectorException.permanent("destination crashed after " + crashAfter + " writes", null);
        }
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ConnectorException.transientFailure("interrupted", e);
            }
        }
        Instant now = clock.instant();
        for (Instant[] window : outages) {
            if (!now.isBefore(window[0]) && now.isBefore(window[1])) {
                outageCount.incrementAndGet();
                throw ConnectorException.transientFailure("destination unavailable (outage until " + window[1] + ")", null);
            }
        }
        stored.batch();
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        for (SyncRecord record : batch) {
            stored.countWrite(entity.name(), record.key());
            double draw;
            boolean lost;
            synchronized (random) {
                draw = random.nextDouble();
                lost = random.nextDouble() < lossRate;
            }
            if (draw < permanentRate) {
                permanentCount.incrementAndGet();
                out.add(DeliveryOutcome.failed("rejected: field validation failed"));
            } else if (draw < permanentRate + transientRate) {
                transientCount.incrementAndGet();
                out.add(DeliveryOutcome.retry("temporarily unavailable"));
            } else if (confirmationMode != null) {
                sentCount.incrementAndGet();
                String id = "dlv-" + nextDelivery.incrementAndGet();
                deliveries.put(id, new Delivery(entity.name(), record, now.plus(confirmationDelay), lost));
                if (confirmationMode == ConfirmationMode.PUSH && !lost) {
                    pusher.schedule(() -> push(id), confirmationDelay.toNanos(), TimeUnit.NANOSECONDS);
                }
                out.add(DeliveryOutcome.sent(id, null));
            } else {
                okCount.incrementAndGet();
                stored.store(entity.name(), record);
                out.add(DeliveryOutcome.ok("faulty-" + record.key()));
            }
        }
        return out;
    }

    private void push(String id) {
        Delivery d = deliveries.remove(id);
        ConfirmationSink s = sink;
        if (d != null && s != null) {
            stored.store(d.entity(), d.record());
            s.confirm(id, DeliveryOutcome.ok("faulty-" + d.record().key()));
        }
    }

    @Override
    public Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
        if (confirmationMode != ConfirmationMode.POLL) {
            return Map.of();
        }
        Instant now = clock.instant();
        Map<String, DeliveryOutcome> answers = new HashMap<>();
        for (String id : deliveryIds) {
            Delivery d = deliveries.get(id);
            if (d != null && !d.lost() && !now.isBefore(d.due()) && deliveries.remove(id, d)) {
                stored.store(d.entity(), d.record());
                answers.put(id, DeliveryOutcome.ok("faulty-" + d.record().key()));
            }
        }
        return answers;
    }

    @Override
    public void close() {
        ScheduledExecutorService p = pusher;
        if (p != null) {
            p.shutdownNow();
        }
    }

    /**
     * @param entity the entity's name
     * @return the records this destination holds for the entity, by key; an unmodifiable copy
     */
    public Map<String, SyncRecord> stored(String entity) {
        return stored.received(entity);
    }

    /** @return the number of distinct records held */
    public long storedCount() {
        return stored.receivedCount();
    }

    /**
     * @param entity the entity's name
     * @param key the record's key
     * @return how many times the key was written, whatever the outcome
     */
    public int writeCount(String entity, String key) {
        return stored.writeCount(entity, key);
    }

    /** @return outcomes answered OK at once */
    public long okAnswers() {
        return okCount.get();
    }

    /** @return outcomes answered SENT */
    public long sentAnswers() {
        return sentCount.get();
    }

    /** @return records answered PENDING by a transient fault */
    public long transientFaults() {
        return transientCount.get();
    }

    /** @return records answered FAILED by a permanent fault */
    public long permanentFaults() {
        return permanentCount.get();
    }

    /** @return batches refused by an outage */
    public long outageRefusals() {
        return outageCount.get();
    }

    /** Builds a {@link FaultyDestination}; each setting is checked as it is given. Not thread-safe. */
    public static final class Builder {
        private long seed = 1;
        private double transientRate;
        private double permanentRate;
        private final List<Instant[]> outages = new ArrayList<>();
        private Duration latency = Duration.ZERO;
        private ConfirmationMode confirmationMode;
        private Duration confirmationDelay = Duration.ZERO;
        private double lossRate;
        private int crashAfter = -1;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param seed the random seed (default 1)
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param rate share of records answered PENDING, in [0, 1]
         * @return this builder
         */
        public Builder transientRate(double rate) {
            this.transientRate = rate(rate, "transientRate");
            return this;
        }

        /**
         * @param rate share of records answered FAILED, in [0, 1]
         * @return this builder
         */
        public Builder permanentRate(double rate) {
            this.permanentRate = rate(rate, "permanentRate");
            return this;
        }

        /**
         * Refuses whole batches (transient failure) while the clock is in {@code [from, to)}.
         *
         * @param from the outage's start (inclusive), not null
         * @param to its end (exclusive), not null
         * @return this builder
         */
        public Builder outage(Instant from, Instant to) {
            Objects.requireNonNull(from, "outage from");
            Objects.requireNonNull(to, "outage to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("outage must end after it starts: " + from + " .. " + to);
            }
            outages.add(new Instant[] {from, to});
            return this;
        }

        /**
         * @param latency how long each batch write takes (default zero)
         * @return this builder
         */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, was " + latency);
            }
            this.latency = latency;
            return this;
        }

        /**
         * Answers accepted records SENT instead of OK, and confirms them after {@code delay}, except a share
         * {@code lossRate} that is lost (never confirmed, never stored).
         *
         * @param mode how confirmations reach the engine
         * @param delay how long after the write a record is confirmed
         * @param lossRate the share of records never confirmed, 0 to 1
         * @return this builder
         */
        public Builder confirmLater(ConfirmationMode mode, Duration delay, double lossRate) {
            this.confirmationMode = Objects.requireNonNull(mode, "confirmation mode");
            Objects.requireNonNull(delay, "confirmation delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("confirmation delay must not be negative, was " + delay);
            }
            this.confirmationDelay = delay;
            this.lossRate = rate(lossRate, "lossRate");
            return this;
        }

        /**
         * @param writes every batch write after this many throws a permanent "crashed" failure
         * @return this builder
         */
        public Builder crashAfter(int writes) {
            if (writes < 0) {
                throw new IllegalArgumentException("crashAfter must not be negative, was " + writes);
            }
            this.crashAfter = writes;
            return this;
        }

        /**
         * @param clock decides outage windows and poll confirmation times (default system UTC)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        private static double rate(double rate, String name) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], was " + rate);
            }
            return rate;
        }

        /**
         * @return the destination
         * @throws IllegalStateException when transientRate + permanentRate exceeds 1
         */
        public FaultyDestination build() {
            if (transientRate + permanentRate > 1) {
                throw new IllegalStateException("transientRate + permanentRate must not exceed 1, was "
                        + (transientRate + permanentRate));
            }
            return new FaultyDestination(this);
        }
    }
}
