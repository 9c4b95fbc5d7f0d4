package dev.syncwright.core;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently the engine retries records a destination could not take yet
 * ({@code PENDING}). Only transient failures are retried; permanent ones fail at once.
 *
 * <p>The default ({@link #defaults()}) retries up to 4 times after the first attempt, with exponential
 * backoff (500 ms, ×2, ±50% jitter, capped at 30 s). The backoff is computed by a resilience4j
 * {@link RetryConfig}; pass your own with {@link #of(RetryConfig)}. Immutable and thread-safe.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxRetries(0).build();

    private final int maxRetries;
    private final IntervalBiFunction<Object> interval;
    private final String description;

    private RetryPolicy(int maxRetries, IntervalBiFunction<Object> interval, String description) {
        this.maxRetries = maxRetries;
        this.interval = interval;
        this.description = description;
    }

    /** @return 4 retries, exponential backoff from 500 ms with jitter, capped at 30 s */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** @return a policy that never retries: a transient failure fails the record at once */
    public static RetryPolicy none() {
        return NONE;
    }

    /** @return a builder starting from the defaults; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adopts a resilience4j configuration: its {@code maxAttempts} (first attempt included) and its interval
     * function. Its exception and result predicates are not used: the connector's exception kind decides
     * what is retried.
     *
     * @param config the configuration, not null
     * @return the policy
     */
    public static RetryPolicy of(RetryConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        return new RetryPolicy(config.getMaxAttempts() - 1, config.getIntervalBiFunction(), "RetryConfig" + config);
    }

    /** @return how many times a record is retried after its first attempt (0 = never) */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * @param retry   which retry this is, 1 for the first retry
     * @param failure the failure that made the record PENDING, may be null
     * @return how long to wait before that retry, never negative
     */
    public Duration backoff(int retry, Throwable failure) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, was " + retry);
        }
        Long millis = interval.apply(retry, Either.left(failure));
        return Duration.ofMillis(millis == null ? 0 : Math.max(0, millis));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", " + description + "]";
    }

    /** Builds a {@link RetryPolicy}; each setting is checked as it is given. Not thread-safe. */
    public static final class Builder {
        private int maxRetries = 4;
        private Duration initialBackoff = Duration.ofMillis(500);
        private double multiplier = 2.0;
        private double jitter = 0.5;
        private Duration maxBackoff = Duration.ofSeconds(30);

        private Builder() {
        }

        /** @param maxRetries retries after the first attempt, 0 or more (default 4) */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** @param initialBackoff wait before the first retry, zero or more (default 500 ms) */
        public Builder initialBackoff(Duration initialBackoff) {
            Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
            if (initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
            }
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** @param multiplier growth of the wait per retry, at least 1 (default 2) */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0)) {
                throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /** @param jitter randomization factor in [0, 1): each wait is spread ±jitter around its value (default 0.5) */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /** @param maxBackoff the longest wait between two attempts (default 30 s) */
        public Builder maxBackoff(Duration maxBackoff) {
            Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
            if (maxBackoff.isNegative()) {
                throw new IllegalArgumentException("maxBackoff must not be negative, was " + maxBackoff);
            }
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * @return the policy
         * @throws IllegalStateException when maxBackoff is shorter than initialBackoff
         */
        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalStateException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
                        + initialBackoff + ")");
            }
            String description = "backoff " + initialBackoff.toMillis() + "ms ×" + multiplier + " ±" + jitter
                    + " ≤" + maxBackoff.toMillis() + "ms";
            IntervalFunction function;
            if (initialBackoff.isZero()) {
                function = attempt -> 0L; // resilience4j refuses intervals under 1 ms; zero is useful in tests
            } else if (jitter == 0) {
                function = IntervalFunction.ofExponentialBackoff(initialBackoff, multiplier, maxBackoff);
            } else {
                function = IntervalFunction.ofExponentialRandomBackoff(initialBackoff, multiplier, jitter, maxBackoff);
            }
            RetryConfig config = RetryConfig.custom().maxAttempts(maxRetries + 1).intervalFunction(function).build();
            return new RetryPolicy(maxRetries, config.getIntervalBiFunction(), description);
        }
    }
}
