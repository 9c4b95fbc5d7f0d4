package dev.syncwright.core.schedule;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.internal.CronPlan;
import dev.syncwright.core.internal.DefaultSyncSchedule;
import dev.syncwright.core.internal.Settings;
import dev.syncwright.core.internal.TickPlan;
import dev.syncwright.core.journal.RunJournal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Starts a sync again and again: at a fixed interval or on a cron expression, on the host's
 * {@link ScheduledExecutorService}, through a {@link SyncEngine}.
 *
 * <pre>{@code
 * SyncSchedule nightly = SyncSchedule.builder(engine, scheduler, () -> SyncRequest.builder("crm-to-erp")
 *                 .source(crmSource).destination(erpDestination).build())
 *         .cron("30 2 * * *")            // 02:30 every day; or .every(Duration.ofMinutes(15))
 *         .journal(journal)              // the engine's journal: skipped ticks go to the sync log
 *         .start();
 * ...
 * nightly.stop();
 * }</pre>
 *
 * <p><b>Never two runs of a sync at once.</b> When a tick comes while the run this schedule started last is still
 * going, the tick is skipped: no run starts, and a WARN event of kind {@code OTHER} naming the skipped tick and the
 * run still going is added to the sync log. A run the engine refuses because another run of the same sync name holds
 * it (on this engine or another one sharing the journal) counts as a skipped tick too and is logged the same way.
 * A tick missed while the host was busy or paused is not made up: the next tick is the next planned time after now.
 *
 * <p><b>Threads.</b> Thread-safe. A tick runs on the scheduler's thread only long enough to start a run (the run
 * goes on on the engine's threads) or to log a skip. {@link #stop()} shuts nothing down: the scheduler and the engine
 * belong to the host.
 */
public interface SyncSchedule extends AutoCloseable {

    /**
     * @param engine    runs the syncs, not null
     * @param scheduler the host's scheduler the ticks run on, not null; never shut down by the schedule
     * @param requests  makes the request of each run, not null; called on each tick that starts a run, so it may
     *                  make new connectors each time (a run opens its connectors and closes them at its end)
     * @return a builder; not thread-safe
     */
    static Builder builder(SyncEngine engine, ScheduledExecutorService scheduler, Supplier<SyncRequest> requests) {
        return new Builder(engine, scheduler, requests);
    }

    /** @return the run this schedule started last, empty before its first run */
    Optional<SyncExecution> lastRun();

    /** @return when the next tick is planned, empty once stopped or when the cron expression has no later time */
    Optional<Instant> nextTick();

    /** @return how many ticks were skipped so far because a run of the sync was still going */
    long skippedTicks();

    /** @return true until {@link #stop()} */
    boolean isRunning();

    /**
     * Stops the schedule: no tick starts a run from now on. A run that is going goes on (cancel it through
     * {@link #lastRun()} if it must stop too). Calling it again does nothing.
     */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    void close();

    /** The syntax of a cron expression. */
    enum CronSyntax {
        /** Five fields: minute, hour, day of month, month, day of week ({@code "30 2 * * 1-5"}). */
        UNIX,
        /** Quartz: seconds first, {@code ?} for day of month or day of week, a year may follow. */
        QUARTZ,
        /** Spring's {@code @Scheduled}: six fields, seconds first ({@code "0 30 2 * * MON-FRI"}). */
        SPRING
    }

    /**
     * Builds a {@link SyncSchedule}; each setting is checked as it is given. Exactly one of {@link #every} and
     * {@link #cron} must be set. Not thread-safe.
     */
    final class Builder {
        private final SyncEngine engine;
        private final ScheduledExecutorService scheduler;
        private final Supplier<SyncRequest> requests;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone;
        private RunJournal journal;
        private Duration interval;
        private Duration initialDelay;
        private String cron;
        private CronSyntax cronSyntax;

        private Builder(SyncEngine engine, ScheduledExecutorService scheduler, Supplier<SyncRequest> requests) {
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            this.requests = Objects.requireNonNull(requests, "requests must not be null");
        }

        /**
         * Ticks every {@code interval}, the first one {@code interval} after {@link #start()}.
         *
         * @param interval the time between two ticks, positive
         * @return this builder
         */
        public Builder every(Duration interval) {
            return every(interval, interval);
        }

        /**
         * Ticks every {@code interval}, the first one {@code initialDelay} after {@link #start()}.
         *
         * @param interval     the time between two ticks, positive
         * @param initialDelay the time before the first tick, zero or positive
         * @return this builder
         * @throws IllegalStateException when a cron expression is set already
         */
        public Builder every(Duration interval, Duration initialDelay) {
            Settings.positive(interval, "interval");
            Objects.requireNonNull(initialDelay, "initialDelay must not be null");
            if (initialDelay.isNegative()) {
                throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
            }
            if (cron != null) {
                throw new IllegalStateException("a schedule has a cron expression or an interval, not both");
            }
            this.interval = interval;
            this.initialDelay = initialDelay;
            return this;
        }

        /**
         * Ticks at the times a Unix cron expression names ({@link CronSyntax#UNIX}), in {@link #zone}.
         *
         * @param expression five fields: minute, hour, day of month, month, day of week
         * @return this builder
         * @see #cron(String, CronSyntax)
         */
        public Builder cron(String expression) {
            return cron(expression, CronSyntax.UNIX);
        }

        /**
         * Ticks at the times a cron expression names, in {@link #zone}. Needs {@code com.cronutils:cron-utils} on
         * the class path (an optional dependency of {@code sync-core}).
         *
         * @param expression the expression, not blank
         * @param syntax     its syntax, not null
         * @return this builder
         * @throws IllegalArgumentException when the expression is not valid in that syntax
         * @throws IllegalStateException    when cron-utils is not on the class path, or an interval is set already
         */
        public Builder cron(String expression, CronSyntax syntax) {
            Objects.requireNonNull(expression, "cron expression must not be null");
            Objects.requireNonNull(syntax, "cron syntax must not be null");
            if (interval != null) {
                throw new IllegalStateException("a schedule has a cron expression or an interval, not both");
            }
            CronPlan.check(expression, syntax.name());
            this.cron = expression;
            this.cronSyntax = syntax;
            return this;
        }

        /**
         * @param zone the time zone cron expressions are read in (default: the clock's zone)
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone must not be null");
            return this;
        }

        /**
         * @param clock where the schedule reads the time, to plan ticks and to date its sync log events (default
         *              {@link Clock#systemUTC()}); give it the engine's clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * @param journal the engine's run journal: skipped ticks are added to its sync log, and a run it never
         *                recorded is one the engine refused because the sync was busy. Without one (the default),
         *                skipped ticks are only logged through SLF4J and a refused run stays a FAILED run.
         * @return this builder
         */
        public Builder journal(RunJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal must not be null");
            return this;
        }

        /**
         * Starts ticking.
         *
         * @return the running schedule
         * @throws IllegalStateException when neither an interval nor a cron expression is set
         */
        public SyncSchedule start() {
            TickPlan plan;
            String description;
            if (interval != null) {
                plan = TickPlan.every(interval, clock.instant().plus(initialDelay));
                description = "every " + interval;
            } else if (cron != null) {
                plan = CronPlan.of(cron, cronSyntax.name(), zone != null ? zone : clock.getZone());
                description = "cron '" + cron + "'";
            } else {
                throw new IllegalStateException("a schedule needs an interval (every) or a cron expression (cron)");
            }
            DefaultSyncSchedule schedule = new DefaultSyncSchedule(engine, scheduler, requests, clock, journal, plan,
                    description);
            schedule.start();
            return schedule;
        }
    }
}
