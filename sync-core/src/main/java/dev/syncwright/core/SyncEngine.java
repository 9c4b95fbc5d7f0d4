package dev.syncwright.core;

import dev.syncwright.core.event.SyncListener;
import dev.syncwright.core.internal.DefaultSyncEngine;
import dev.syncwright.core.internal.EngineSettings;
import dev.syncwright.core.internal.Settings;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.metrics.SyncMetrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs syncs: reads every entity of a source page by page and writes it to a destination, several
 * entities in parallel, keeping live progress, per-record delivery status and committed checkpoints.
 *
 * <pre>{@code
 * try (SyncEngine engine = SyncEngine.builder().parallelism(4).batchSize(500).build()) {
 *     SyncExecution run = engine.start(SyncRequest.builder("crm-to-erp").source(src).destination(dst).build());
 *     SyncResult result = run.await();
 * }
 * }</pre>
 *
 * <p>Thread-safe: one engine may run many syncs at once. {@link #close()} shuts down only the threads the
 * engine created itself, never an injected executor.
 */
public interface SyncEngine extends AutoCloseable {

    /** @return a builder with the documented defaults; not thread-safe */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a run and returns at once. Connectors are opened on the engine's threads: a connector that
     * fails to open, or a request naming an entity the source does not have, ends the run
     * {@link RunStatus#FAILED} with the reason.
     *
     * @param request what to sync, not null
     * @return the run's handle
     * @throws IllegalStateException when the engine is closed
     */
    SyncExecution start(SyncRequest request);

    /**
     * Starts a sync over: forgets every committed checkpoint of the sync name (and its open journal entries stop
     * being finished by later runs), so that its next run reads
     * every entity from its first record, whatever its mode, and skips nothing. Without a reset, a run
     * continues an interrupted earlier one (in FULL mode too) and an INCREMENTAL run starts where the last
     * complete one ended.
     *
     * @param syncName the sync's name, not blank
     * @throws IllegalStateException when a run of that sync is going on this engine, or the engine is closed
     */
    void reset(String syncName);

    /**
     * Cancels running syncs gracefully, waits for them to end, and shuts down the threads the engine
     * created. Injected executors are left running.
     */
    @Override
    void close();

    /** Builds a {@link SyncEngine}; each setting is checked as it is given. Not thread-safe. */
    final class Builder {
        private int parallelism = 4;
        private int batchSize = 500;
        private long maxBatchBytes = 16L << 20;
        private long maxRecordBytes = 4L << 20;
        private ExecutorService executor;
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();
        private RunJournal journal;
        private SyncMetrics metrics = SyncMetrics.none();
        private final List<SyncListener> listeners = new ArrayList<>();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int maxConcurrentRetries = 8;
        private Duration confirmationTimeout = Duration.ofMinutes(5);
        private Duration confirmationPollInterval = Duration.ofSeconds(1);
        private int maxOutstandingRecords;
        private long maxOutstandingBytes = 32L << 20;
        private Duration lease = Duration.ofSeconds(15);

        private Builder() {
        }

        /**
         * @param parallelism how many entities are synced at once, at least 1 (default 4)
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * @param batchSize the most records read and written at once per entity, at least 1 (default 500)
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param maxBatchBytes the most estimated bytes ({@link dev.syncwright.spi.SyncRecord#estimatedBytes()})
         *                      written in one batch; a page over it is split (default 16 MiB)
         * @return this builder
         */
        public Builder maxBatchBytes(long maxBatchBytes) {
            if (maxBatchBytes < 1) {
                throw new IllegalArgumentException("maxBatchBytes must be at least 1, was " + maxBatchBytes);
            }
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        /**
         * @param maxRecordBytes a larger record is not sent but FAILED as oversize (default 4 MiB)
         * @return this builder
         */
        public Builder maxRecordBytes(long maxRecordBytes) {
            if (maxRecordBytes < 1) {
                throw new IllegalArgumentException("maxRecordBytes must be at least 1, was " + maxRecordBytes);
            }
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        /**
         * @param executor runs entity work; the engine never shuts it down. Default: a pool of
         *                 {@code parallelism} daemon threads the engine owns.
         * @return this builder
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /**
         * @param scheduler runs retry timers and confirmation polls; the engine never shuts it down. Default:
         *                  one daemon thread the engine owns.
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /**
         * @param clock the source of every time the engine reports (default {@link Clock#systemUTC()})
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * @param journal where every record's delivery and every checkpoint is committed (default:
         *                {@link RunJournal#inMemory()}, which keeps no report). Pass a report store of
         *                {@code sync-reporting} or {@code sync-store-jdbc} to keep the sync report, and a durable
         *                one to continue after a restart.
         * @return this builder
         */
        public Builder journal(RunJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal must not be null");
            return this;
        }

        /**
         * @param metrics where the engine reports its figures (default {@link SyncMetrics#none()})
         * @return this builder
         */
        public Builder metrics(SyncMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics must not be null");
            return this;
        }

        /**
         * @param listener receives the events of every run, not null; may be called several times
         * @return this builder
         */
        public Builder listener(SyncListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * @param policy the retry policy of syncs that set none (default {@link RetryPolicy#defaults()})
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy must not be null");
            return this;
        }

        /**
         * @param max how many retry attempts may run at once across all runs of this engine, at least 1
         *            (default 8); further retries wait, so a destination down for everyone sees no storm
         * @return this builder
         */
        public Builder maxConcurrentRetries(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrentRetries must be at least 1, was " + max);
            }
            this.maxConcurrentRetries = max;
            return this;
        }

        /**
         * @param timeout a SENT delivery not confirmed within this becomes PENDING and is re-sent (default 5 min)
         * @return this builder
         */
        public Builder confirmationTimeout(Duration timeout) {
            this.confirmationTimeout = Settings.positive(timeout, "confirmationTimeout");
            return this;
        }

        /**
         * @param interval how often destinations are polled for outstanding SENT deliveries (default 1 s)
         * @return this builder
         */
        public Builder confirmationPollInterval(Duration interval) {
            this.confirmationPollInterval = Settings.positive(interval, "confirmationPollInterval");
            return this;
        }

        /**
         * @param max the most records of one entity that may await a confirmation (SENT) at once, at least 1;
         *            at the limit the entity reads no further page until confirmations (or their timeout) bring
         *            it under. Default: 16 × {@link #batchSize}.
         * @return this builder
         */
        public Builder maxOutstandingRecords(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOutstandingRecords must be at least 1, was " + max);
            }
            this.maxOutstandingRecords = max;
            return this;
        }

        /**
         * Bounds the memory a destination that confirms late, or never, can make the engine hold: the records
         * awaiting a confirmation are kept for a possible re-send.
         *
         * @param max the most estimated bytes ({@link dev.syncwright.spi.SyncRecord#estimatedBytes()}) of one
         *            entity's records that may await a confirmation at once, at least 1; at the limit the entity
         *            reads no further page until confirmations (or their timeout) bring it under (default 32 MiB).
         *            An entity holds at most this plus one page.
         * @return this builder
         */
        public Builder maxOutstandingBytes(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOutstandingBytes must be at least 1, was " + max);
            }
            this.maxOutstandingBytes = max;
            return this;
        }

        /**
         * @param lease how long a run's claim on its sync holds without a heartbeat, at least 100 ms (default 15 s).
         *              Only one run of a sync name goes on at a time among the engines sharing a journal; a run
         *              renews its claim every third of this. When a host dies, the next run of its syncs takes over
         *              once the lease has expired (at once on the same host when the dead process is gone).
         * @return this builder
         */
        public Builder lease(Duration lease) {
            Settings.positive(lease, "lease");
            if (lease.toMillis() < 100) {
                throw new IllegalArgumentException("lease must be at least 100 ms, was " + lease);
            }
            this.lease = lease;
            return this;
        }

        /** @return a new engine with a copy of these settings */
        public SyncEngine build() {
            int outstandingRecords = maxOutstandingRecords > 0 ? maxOutstandingRecords
                    : (int) Math.min(Integer.MAX_VALUE, 16L * batchSize);
            return new DefaultSyncEngine(new EngineSettings(parallelism, batchSize, maxBatchBytes, maxRecordBytes,
                    executor, scheduler, clock, journal == null ? RunJournal.inMemory() : journal, metrics,
                    List.copyOf(listeners), retryPolicy, maxConcurrentRetries, confirmationTimeout,
                    confirmationPollInterval, outstandingRecords, maxOutstandingBytes, lease));
        }
    }
}
