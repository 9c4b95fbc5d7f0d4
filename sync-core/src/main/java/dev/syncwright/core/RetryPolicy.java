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
 *
 * <p><b>Waits are capped.</b> No wait is ever longer than {@link #maxBackoff()}: not the policy's own, and not
 * one a destination asks for (an HTTP {@code Retry-After}, {@link dev.syncwright.spi.ConnectorException#retryAfter()}).
 * A server asking for a day therefore gets the policy's maximum, so a run always ends; raise
 * {@link Builder#maxBackoff} to honour longer requests.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxRetries(0).build();
    /** The cap of a policy made {@link #of(RetryConfig) from a RetryConfig} without one. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    private final int maxRetries;
    private final IntervalBiFunction<Object> interval;
    private final Duration maxBackoff;
    private final String description;

    private RetryPolicy(int maxRetries, IntervalBiFunction<Object> interval, Duration maxBackoff, String description) {
        this.maxRetries = maxRetries;
        this.interval = interval;
        this.maxBackoff = maxBackoff;
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
     * Waits are capped at {@link #DEFAULT_MAX_BACKOFF}.
     *
     * @param config the configuration, not null
     * @return the policy
     */
    public static RetryPolicy of(RetryConfig config) {
        return of(config, DEFAULT_MAX_BACKOFF);
    }

    /**
     * Like {@link #of(RetryConfig)}, with the longest wait between two attempts.
     *
     * @param config     the configuration, not null
     * @param maxBackoff the cap of every wait, the configuration's and the destination's, zero or more
     * @return the policy
     */
    public static RetryPolicy of(RetryConfig config, Duration maxBackoff) {
        Objects.requireNonNull(config, "config must not be null");
        return new RetryPolicy(config.getMaxAttempts() - 1, config.getIntervalBiFunction(),
                Builder.nonNegative(maxBackoff, "maxBackoff"), "RetryConfig" + config + " ≤" + maxBackoff.toMillis() + "ms");
    }

    /** @return how many times a record is retried after its first attempt (0 = never) */
    public int maxRetries() {
        return maxRetries;
    }

    /** @return the longest wait between two attempts, whoever asks for a longer one */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * @param retry   which retry this is, 1 for the first retry
     * @param failure the failure that made the record PENDING, may be null
     * @return how long to wait before that retry, never negative nor longer than {@link #maxBackoff()}
     */
    public Duration backoff(int retry, Throwable failure) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, was " + retry);
        }
        Long millis = interval.apply(retry, Either.left(failure));
        long capped = Math.min(millis == null ? 0 : Math.max(0, millis), maxBackoff.toMillis());
        return Duration.ofMillis(capped);
    }

    /**
     * The wait before a retry when the destination asked for one: the longer of the policy's backoff and the
     * request, never longer than {@link #maxBackoff()}.
     *
     * @param retry     which retry this is, 1 for the first retry
     * @param failure   the failure that made the record PENDING, may be null
     * @param requested how long the destination asked to wait, may be null; any length, negative counts as none
     * @return how long to wait, never negative nor longer than {@link #maxBackoff()}
     */
    public Duration backoff(int retry, Throwable failure, Duration requested) {
        Duration own = backoff(retry, failure);
        if (requested == null || requested.compareTo(own) <= 0) {
            return own;
        }
        return requested.compareTo(maxBackoff) > 0 ? maxBackoff : requested;
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

        /**
         * @param maxRetries retries after the first attempt, 0 or more (default 4)
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * @param initialBackoff wait before the first retry, zero or more (default 500 ms)
         * @return this builder
         */
        public Builder initialBackoff(Duration initialBackoff) {
            Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
            if (initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
            }
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * @param multiplier growth of the wait per retry, at least 1 (default 2)
         * @return this builder
         */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1.0)) {
                throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * @param jitter randomization factor in [0, 1): each wait is spread ±jitter around its value (default 0.5)
         * @return this builder
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * @param maxBackoff the longest wait between two attempts (default 30 s); it also caps a wait the
         *                   destination asks for, so a run never waits longer
         * @return this builder
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
            return this;
        }

        static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name + " must not be null");
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            // a wait is scheduled in nanoseconds: cap what no scheduler could hold (about 292 years)
            return d.compareTo(Duration.ofDays(365L * 100)) > 0 ? Duration.ofDays(365L * 100) : d;
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
            return new RetryPolicy(maxRetries, config.getIntervalBiFunction(), maxBackoff, description);
        }
    }
}
