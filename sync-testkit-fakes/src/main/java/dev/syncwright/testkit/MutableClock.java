package dev.syncwright.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that only moves when a test moves it, for retention windows, confirmation timeouts and
 * scheduled checks. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    /** @param start the time the clock shows until it is moved, not null */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start must not be null"));
    }

    /** @param d how far to move the clock forward (or back, when negative), not null */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "duration must not be null");
        now.updateAndGet(t -> t.plus(d));
    }

    /** @param t the time the clock shows from now on, not null */
    public void set(Instant t) {
        now.set(Objects.requireNonNull(t, "time must not be null"));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
