package dev.syncwright.micrometer;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.metrics.SyncMetrics;
import dev.syncwright.spi.DeliveryStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.syncwright.micrometer.SyncwrightMeters.TAG_ENTITY;
import static dev.syncwright.micrometer.SyncwrightMeters.TAG_OUTCOME;
import static dev.syncwright.micrometer.SyncwrightMeters.TAG_STATUS;
import static dev.syncwright.micrometer.SyncwrightMeters.TAG_SYNC;

/**
 * Records the engine's figures in a Micrometer {@link MeterRegistry}: give it to
 * {@link dev.syncwright.core.SyncEngine.Builder#metrics}. The meters, their tags and what they measure are listed in
 * {@link SyncwrightMeters}.
 *
 * <pre>{@code
 * SyncMetrics metrics = MicrometerSyncMetrics.builder(registry).tags(Tags.of("app", "crm-bridge")).build();
 * SyncEngine engine = SyncEngine.builder().metrics(metrics).build();
 * }</pre>
 *
 * <p>Thread-safe: the engine calls it from several threads at once; a call only updates meters, no I/O. Use one
 * instance per registry and share it among engines: gauges are registered once per sync and entity, and a second
 * instance on the same registry would find them bound to the first. Gauges count from the moment this instance
 * exists: records that were SENT before a restart and are confirmed after it do not appear as outstanding (the
 * gauge never goes below 0).
 */
public final class MicrometerSyncMetrics implements SyncMetrics {
    private final MeterRegistry registry;
    private final Tags common;
    private final double[] percentiles;
    private final boolean histogram;
    private final boolean perEntity;
    private final Map<String, SyncGauges> syncs = new ConcurrentHashMap<>();
    private final Map<Tags, EntityGauges> entities = new ConcurrentHashMap<>();

    private MicrometerSyncMetrics(Builder b) {
        this.registry = b.registry;
        this.common = b.tags;
        this.percentiles = b.percentiles.clone();
        this.histogram = b.histogram;
        this.perEntity = b.perEntity;
    }

    /**
     * @param registry where the meters are registered, not null
     * @return a builder with the defaults: no common tags, percentiles 0.5, 0.95 and 0.99 of batch write latency, no
     *         histogram buckets, an entity tag; not thread-safe
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * @param registry where the meters are registered, not null
     * @return metrics with the defaults of {@link #builder}
     */
    public static MicrometerSyncMetrics of(MeterRegistry registry) {
        return builder(registry).build();
    }

    private Tags syncTags(RunInfo run) {
        return common.and(TAG_SYNC, run.syncName());
    }

    private Tags entityTags(RunInfo run, String entity) {
        Tags tags = syncTags(run);
        return perEntity ? tags.and(TAG_ENTITY, entity) : tags;
    }

    private SyncGauges sync(RunInfo run) {
        return syncs.computeIfAbsent(run.syncName(), name -> new SyncGauges(syncTags(run)));
    }

    @Override
    public void runStarted(RunInfo run) {
        SyncGauges sync = sync(run);
        sync.active.incrementAndGet();
        sync.entities.values().forEach(count -> count.set(0)); // the gauge shows the latest run's entities
    }

    @Override
    public void runFinished(RunInfo run, RunStatus status, Duration elapsed) {
        sync(run).active.decrementAndGet();
        Timer.builder(SyncwrightMeters.RUNS).description("Finished runs, by how they ended, and how long they took")
                .tags(syncTags(run)).tag(TAG_STATUS, status.name()).register(registry).record(elapsed);
    }

    @Override
    public void entityStatusChanged(RunInfo run, String entity, EntityStatus from, EntityStatus to) {
        SyncGauges sync = sync(run);
        if (from != null) {
            sync.entities.get(from).decrementAndGet();
        }
        sync.entities.get(to).incrementAndGet();
    }

    @Override
    public void deliveriesChanged(RunInfo run, String entity, DeliveryCounts entered, DeliveryCounts left) {
        Tags tags = entityTags(run, entity);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            long n = entered.of(status);
            if (n > 0) {
                Counter.builder(SyncwrightMeters.RECORDS).description("Records that reached a delivery status")
                        .baseUnit("records").tags(tags).tag(TAG_STATUS, status.name()).register(registry).increment(n);
            }
        }
        EntityGauges gauges = entities.computeIfAbsent(tags, EntityGauges::new);
        gauges.sent.addAndGet(entered.sent() - left.sent());
        gauges.pending.addAndGet(entered.pending() - left.pending());
    }

    @Override
    public void batchWritten(RunInfo run, String entity, int records, Duration latency, boolean failed) {
        Tags tags = entityTags(run, entity).and(TAG_OUTCOME, failed ? "failure" : "success");
        Timer.builder(SyncwrightMeters.BATCH_WRITE).description("Batch writes to the destination and their latency")
                .tags(tags).publishPercentiles(percentiles).publishPercentileHistogram(histogram)
                .register(registry).record(latency);
        DistributionSummary.builder(SyncwrightMeters.BATCH_SIZE).description("Records per batch written")
                .baseUnit("records").tags(tags).register(registry).record(records);
    }

    @Override
    public void retryScheduled(RunInfo run, String entity, int records, Duration backoff) {
        Tags tags = entityTags(run, entity);
        Counter.builder(SyncwrightMeters.RETRIES).description("Batches scheduled for a retry").tags(tags)
                .register(registry).increment();
        Timer.builder(SyncwrightMeters.RETRY_BACKOFF).description("Waits before retries").tags(tags)
                .register(registry).record(backoff);
    }

    @Override
    public String toString() {
        return "MicrometerSyncMetrics(" + registry.getClass().getSimpleName() + ")";
    }

    /** A sync's gauges: its active runs and the entities of its latest run per status. */
    private final class SyncGauges {
        final AtomicInteger active = new AtomicInteger();
        final Map<EntityStatus, AtomicInteger> entities = new EnumMap<>(EntityStatus.class);

        SyncGauges(Tags tags) {
            Gauge.builder(SyncwrightMeters.RUNS_ACTIVE, active, AtomicInteger::get).description("Runs going on")
                    .tags(tags).register(registry);
            for (EntityStatus status : EntityStatus.values()) {
                AtomicInteger count = new AtomicInteger();
                entities.put(status, count);
                Gauge.builder(SyncwrightMeters.ENTITIES, count, AtomicInteger::get)
                        .description("Entities of the sync's latest run in each status").tags(tags)
                        .tag(TAG_STATUS, status.name()).register(registry);
            }
        }
    }

    /** An entity's (or, without the entity tag, a sync's) records awaiting a confirmation or a retry. */
    private final class EntityGauges {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong pending = new AtomicLong();

        EntityGauges(Tags tags) {
            register(tags, DeliveryStatus.SENT, sent);
            register(tags, DeliveryStatus.PENDING, pending);
        }

        private void register(Tags tags, DeliveryStatus status, AtomicLong count) {
            Gauge.builder(SyncwrightMeters.RECORDS_OUTSTANDING, count, c -> Math.max(0, c.get()))
                    .description("Records now SENT (awaiting a confirmation) or PENDING (awaiting a retry)")
                    .baseUnit("records").tags(tags).tag(TAG_STATUS, status.name()).register(registry);
        }
    }

    /** Collects the settings of a {@link MicrometerSyncMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private double[] percentiles = {0.5, 0.95, 0.99};
        private boolean histogram;
        private boolean perEntity = true;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
        }

        /**
         * @param tags tags added to every meter (e.g. the application), not null
         * @return this builder
         */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags must not be null"));
            return this;
        }

        /**
         * @param percentiles the percentiles of batch write latency published, each in [0, 1]; none for none
         * @return this builder
         */
        public Builder percentiles(double... percentiles) {
            for (double p : Objects.requireNonNull(percentiles, "percentiles must not be null")) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("percentiles must be in [0, 1], was " + p);
                }
            }
            this.percentiles = percentiles.clone();
            return this;
        }

        /**
         * @param histogram true to publish histogram buckets of batch write latency too, for percentiles a backend
         *                  aggregates across hosts (default false)
         * @return this builder
         */
        public Builder percentileHistogram(boolean histogram) {
            this.histogram = histogram;
            return this;
        }

        /**
         * @param perEntity false to leave the entity tag out, adding the figures up per sync (default true), for
         *                  syncs of many entities
         * @return this builder
         */
        public Builder perEntity(boolean perEntity) {
            this.perEntity = perEntity;
            return this;
        }

        /** @return metrics with a copy of these settings */
        public MicrometerSyncMetrics build() {
            return new MicrometerSyncMetrics(this);
        }
    }
}
