package dev.syncwright.core.schedule;

import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.connection.ManualScheduler;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;
import dev.syncwright.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Recurring syncs on the host's scheduler: ticks on an interval or a cron expression, never two runs of a sync at
 * once, a skipped tick said in the sync log, a clean stop. Time moves only when the test moves the clock.
 */
class SyncScheduleTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SyncLogRecorder log = new SyncLogRecorder();
    private final SyncEngine engine = SyncEngine.builder().journal(log.journal).build();
    private final InMemorySource source = InMemorySource.builder().entities(1, 10).systemName("crm").build();
    private final ControllableDestination destination = new ControllableDestination();
    private final Supplier<SyncRequest> orders = () -> SyncRequest.builder("orders").source(source)
            .destination(destination).build();

    @AfterEach
    void closeEngine() {
        destination.release();
        engine.close();
    }

    private SyncSchedule.Builder schedule() {
        return SyncSchedule.builder(engine, scheduler, orders).clock(clock).journal(log.journal);
    }

    private void tickAt(Instant time) {
        clock.set(time);
        scheduler.runDue();
    }

    private List<SyncLogEvent> scheduleEvents() {
        return log.events.stream().filter(e -> e.kind() == SyncLogKind.OTHER).toList();
    }

    @Test
    void startsARunOnEveryIntervalTickAndNoneBefore() throws Exception {
        SyncSchedule schedule = schedule().every(Duration.ofMinutes(10)).start();
        assertThat(schedule.nextTick()).hasValue(T0.plusSeconds(600));

        tickAt(T0.plusSeconds(599));
        assertThat(schedule.lastRun()).isEmpty();

        tickAt(T0.plusSeconds(600));
        SyncExecution first = schedule.lastRun().orElseThrow();
        assertThat(first.await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(schedule.nextTick()).hasValue(T0.plusSeconds(1200));

        tickAt(T0.plusSeconds(1200));
        SyncExecution second = schedule.lastRun().orElseThrow();
        assertThat(second.runId()).isNotEqualTo(first.runId());
        assertThat(second.await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(schedule.skippedTicks()).isZero();
        assertThat(scheduleEvents()).isEmpty();
    }

    @Test
    void aTickWhileTheLastRunIsStillGoingIsSkippedAndTheSyncLogSaysSo() throws Exception {
        destination.hold();
        SyncSchedule schedule = schedule().every(Duration.ofMinutes(5)).start();
        tickAt(T0.plusSeconds(300));
        SyncExecution running = schedule.lastRun().orElseThrow();
        assertThat(destination.awaitBlockedWrites(1, WAIT)).isTrue();

        tickAt(T0.plusSeconds(600));

        assertThat(schedule.lastRun()).containsSame(running);
        assertThat(schedule.skippedTicks()).isEqualTo(1);
        assertThat(scheduleEvents()).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(SyncLogLevel.WARN);
            assertThat(e.runId()).isEqualTo(running.runId());
            assertThat(e.system()).isEqualTo(log.journal.run(running.runId()).orElseThrow().system()); // the engine's
            assertThat(e.time()).isEqualTo(T0.plusSeconds(600));
            assertThat(e.message()).contains("orders").contains("2026-03-02T09:10:00Z").contains("skipped")
                    .contains("run " + running.runId() + " is still going");
        });

        destination.release();
        assertThat(running.await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
        tickAt(T0.plusSeconds(900));
        assertThat(schedule.lastRun()).hasValueSatisfying(r -> assertThat(r.runId()).isNotEqualTo(running.runId()));
        assertThat(schedule.skippedTicks()).isEqualTo(1);
    }

    @Test
    void aRunRefusedBecauseAnotherEngineRunsTheSyncCountsAsASkippedTick() throws Exception {
        ControllableDestination elsewhere = new ControllableDestination();
        elsewhere.hold();
        try (SyncEngine other = SyncEngine.builder().journal(log.journal).build()) {
            SyncExecution holder = other.start(SyncRequest.builder("orders").source(source).destination(elsewhere)
                    .build());
            assertThat(elsewhere.awaitBlockedWrites(1, WAIT)).isTrue();
            SyncSchedule schedule = schedule().every(Duration.ofMinutes(5)).start();

            tickAt(T0.plusSeconds(300));

            SyncExecution refused = schedule.lastRun().orElseThrow();
            assertThat(refused.await(WAIT).status()).isEqualTo(RunStatus.FAILED);
            await().atMost(WAIT).until(() -> schedule.skippedTicks() == 1);
            assertThat(scheduleEvents()).singleElement().satisfies(e -> {
                assertThat(e.runId()).isEqualTo(refused.runId());
                assertThat(e.message()).contains("2026-03-02T09:05:00Z").contains("skipped")
                        .contains("being run by run " + holder.runId());
            });
            elsewhere.release();
            assertThat(holder.await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
        }
    }

    @Test
    void aCronScheduleTicksAtTheTimesOfTheExpressionInItsZone() throws Exception {
        SyncSchedule utc = schedule().cron("30 2 * * *").start();
        SyncSchedule berlin = SyncSchedule.builder(engine, scheduler, orders).clock(clock)
                .cron("0 30 2 ? * *", SyncSchedule.CronSyntax.QUARTZ).zone(ZoneId.of("Europe/Berlin")).start();

        assertThat(utc.nextTick()).hasValue(Instant.parse("2026-03-03T02:30:00Z"));
        assertThat(berlin.nextTick()).hasValue(Instant.parse("2026-03-03T01:30:00Z")); // CET, UTC+1

        berlin.stop();
        tickAt(Instant.parse("2026-03-03T02:30:00Z"));
        assertThat(utc.lastRun().orElseThrow().await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(utc.nextTick()).hasValue(Instant.parse("2026-03-04T02:30:00Z"));
    }

    @Test
    void aTickMissedWhileTheHostWasPausedIsNotMadeUp() throws Exception {
        SyncSchedule schedule = schedule().every(Duration.ofMinutes(10)).start();

        tickAt(T0.plus(Duration.ofMinutes(35)));

        assertThat(schedule.lastRun().orElseThrow().await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(schedule.nextTick()).hasValue(T0.plus(Duration.ofMinutes(40)));
        assertThat(scheduler.runDue()).isZero();
    }

    @Test
    void anInitialDelayOfZeroTicksAtOnce() throws Exception {
        SyncSchedule schedule = schedule().every(Duration.ofHours(1), Duration.ZERO).start();

        tickAt(T0);

        assertThat(schedule.lastRun().orElseThrow().await(WAIT).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(schedule.nextTick()).hasValue(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void afterStopNoTickStartsARunAndTheSchedulerIsLeftToTheHost() {
        SyncSchedule schedule = schedule().every(Duration.ofMinutes(1)).start();

        schedule.stop();
        tickAt(T0.plus(Duration.ofMinutes(5)));

        assertThat(schedule.isRunning()).isFalse();
        assertThat(schedule.nextTick()).isEmpty();
        assertThat(schedule.lastRun()).isEmpty();
        assertThat(scheduler.activeTasks()).isZero();
        assertThat(scheduler.isShutdown()).isFalse();
        schedule.stop(); // again: nothing happens
    }

    @Test
    void aClosedEngineStopsTheSchedule() {
        SyncSchedule schedule = schedule().every(Duration.ofMinutes(1)).start();
        engine.close();

        tickAt(T0.plus(Duration.ofMinutes(1)));

        assertThat(schedule.isRunning()).isFalse();
        assertThat(schedule.lastRun()).isEmpty();
        assertThat(scheduler.activeTasks()).isZero();
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> schedule().cron("61 * * * *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'61 * * * *'");
        assertThatThrownBy(() -> schedule().every(Duration.ofMinutes(1)).cron("* * * * *"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> schedule().every(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> schedule().start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs an interval");
        assertThat(scheduler.activeTasks()).isZero();
    }
}
