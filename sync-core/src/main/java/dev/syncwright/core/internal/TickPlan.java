package dev.syncwright.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** When a schedule ticks. Implementations are immutable and thread-safe. */
public interface TickPlan {

    /**
     * @param after a time, not null
     * @return the first tick strictly after it, or null when there is none
     */
    Instant next(Instant after);

    /**
     * @param interval the time between two ticks, positive
     * @param first    the first tick
     * @return ticks at {@code first}, {@code first + interval}, {@code first + 2 × interval}, ...
     */
    static TickPlan every(Duration interval, Instant first) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(first, "first");
        return after -> {
            if (after.isBefore(first)) {
                return first;
            }
            long passed = Duration.between(first, after).dividedBy(interval);
            return first.plus(interval.multipliedBy(passed + 1));
        };
    }

    /** @return true when cron-utils, an optional dependency, is on the class path */
    static boolean cronSupported() {
        try {
            Class.forName("com.cronutils.parser.CronParser", false, TickPlan.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
