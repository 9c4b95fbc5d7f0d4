package dev.syncwright.reporting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Purges report entries (and sync log events) older than the retention, 15 days by default: on demand with
 * {@link #purgeNow()}, and periodically once the host enables it with {@link #schedule}. Thread-safe.
 */
public final class ReportRetention {
    /** The retention when none is given: 15 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
    private static final Logger LOG = LoggerFactory.getLogger(ReportRetention.class);

    private final ReportStore store;
    private final Duration retention;
    private final Clock clock;

    /**
     * @param store     the store to purge, not null
     * @param retention how long entries are kept, positive
     * @param clock     the source of "now", not null
     * @throws IllegalArgumentException when the retention is not positive
     */
    public ReportRetention(ReportStore store, Duration retention, Clock clock) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(retention, "retention must not be null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        this.retention = retention;
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * @param store the store to purge, not null
     * @return a retention of {@link #DEFAULT_RETENTION} on the system UTC clock
     */
    public static ReportRetention defaults(ReportStore store) {
        return new ReportRetention(store, DEFAULT_RETENTION, Clock.systemUTC());
    }

    /** @return how long entries are kept */
    public Duration retention() {
        return retention;
    }

    /**
     * Removes what was created before now minus the retention.
     *
     * @return how many entries were removed
     */
    public long purgeNow() {
        Instant cutoff = clock.instant().minus(retention);
        long removed = store.purgeOlderThan(cutoff);
        if (removed > 0) {
            LOG.info("Purged {} sync report entries created before {}", removed, cutoff);
        }
        return removed;
    }

    /**
     * Purges every {@code interval} on the host's scheduler, first after one interval. A failing purge is
     * logged and the schedule goes on.
     *
     * @param scheduler the host's scheduler, not null; it is never shut down here
     * @param interval  time between purges, positive
     * @return the schedule; cancel it to stop purging
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration interval) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        Objects.requireNonNull(interval, "interval must not be null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        long nanos = interval.toNanos();
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                purgeNow();
            } catch (RuntimeException e) {
                LOG.warn("Purging the sync report failed; will try again in {}", interval, e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }
}
