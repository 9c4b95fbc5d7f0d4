package dev.syncwright.core.connection;

import dev.syncwright.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: a test moves the {@link MutableClock} and calls {@link #runDue()},
 * which runs every task due by then on the test's thread. Thread-safe. Public for the tests of other packages
 * (schedules).
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private boolean shutdown;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Runs each task due at the clock's current time once (a periodic one is then due again one period later). */
    public int runDue() {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            for (Task t : tasks) {
                if (!t.cancelled && !t.done && !t.next.isAfter(clock.instant())) {
                    due.add(t);
                }
            }
        }
        for (Task t : due) {
            t.command.run();
            synchronized (this) {
                if (t.period == null) {
                    t.done = true;
                } else {
                    t.next = clock.instant().plus(t.period);
                }
            }
        }
        return due.size();
    }

    /** @return tasks neither cancelled nor done */
    public synchronized int activeTasks() {
        return (int) tasks.stream().filter(t -> !t.cancelled && !t.done).count();
    }

    private synchronized Task add(Runnable command, long delay, Duration period, TimeUnit unit) {
        Task t = new Task(command, clock.instant().plus(Duration.ofNanos(unit.toNanos(delay))), period);
        tasks.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(command, delay, null, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the tests");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(command, initialDelay, Duration.ofNanos(unit.toNanos(period)), unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(command, initialDelay, Duration.ofNanos(unit.toNanos(delay)), unit);
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isShutdown();
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final Duration period;
        Instant next;
        boolean cancelled;
        boolean done;

        Task(Runnable command, Instant next, Duration period) {
            this.command = command;
            this.next = next;
            this.period = period;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(Duration.between(clock.instant(), next));
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                boolean was = !cancelled && !done;
                cancelled = true;
                return was;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (ManualScheduler.this) {
                return cancelled || done;
            }
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("manual scheduler tasks are not awaited");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("manual scheduler tasks are not awaited");
        }
    }
}
