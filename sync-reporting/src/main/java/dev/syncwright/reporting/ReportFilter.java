package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which entries of the sync report to read: a time window, searches and filters. Immutable and thread-safe;
 * build with {@link #builder()}. Every filter that is set must match (AND); a filter left unset matches
 * everything. The order and the page are a {@link PageRequest}.
 *
 * <p><b>Time window.</b> Entries are selected by their creation time. By default the window is the last
 * {@link #DEFAULT_WINDOW 5 days} before "now" (the store's clock, or {@link Builder#asOf}); a window may be
 * at most {@link #MAX_WINDOW 15 days}, relative ({@link Builder#window}) or absolute
 * ({@link Builder#between}).
 */
public final class ReportFilter {
    /** The window when none is given: 5 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(5);
    /** The longest window allowed: 15 days. */
    public static final Duration MAX_WINDOW = Duration.ofDays(15);

    private final Duration window;
    private final Instant asOf;
    private final Instant from;
    private final Instant to;
    private final Instant updatedFrom;
    private final Instant updatedTo;
    private final String search;
    private final String systemEquals;
    private final String systemContains;
    private final Set<Long> syncIds;
    private final String referenceEquals;
    private final String referenceContains;
    private final String sourceId;
    private final String endpointId;
    private final Set<DeliveryStatus> statuses;
    private final Set<String> entities;
    private final Set<String> runIds;
    private final int minAttempts;
    private final int maxAttempts;
    private final String messageContains;

    private ReportFilter(Builder b) {
        window = b.window;
        asOf = b.asOf;
        from = b.from;
        to = b.to;
        updatedFrom = b.updatedFrom;
        updatedTo = b.updatedTo;
        search = b.search;
        systemEquals = b.systemEquals;
        systemContains = b.systemContains;
        syncIds = b.syncIds == null ? null : Set.copyOf(b.syncIds);
        referenceEquals = b.referenceEquals;
        referenceContains = b.referenceContains;
        sourceId = b.sourceId;
        endpointId = b.endpointId;
        statuses = b.statuses == null ? null : Set.copyOf(b.statuses);
        entities = b.entities == null ? null : Set.copyOf(b.entities);
        runIds = b.runIds == null ? null : Set.copyOf(b.runIds);
        minAttempts = b.minAttempts;
        maxAttempts = b.maxAttempts;
        messageContains = b.messageContains;
    }

    /** @return a builder with the default window, the last 5 days, and no filter */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this filter's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.window = window;
        b.asOf = asOf;
        b.from = from;
        b.to = to;
        b.updatedFrom = updatedFrom;
        b.updatedTo = updatedTo;
        b.search = search;
        b.systemEquals = systemEquals;
        b.systemContains = systemContains;
        b.syncIds = syncIds == null ? null : new LinkedHashSet<>(syncIds);
        b.referenceEquals = referenceEquals;
        b.referenceContains = referenceContains;
        b.sourceId = sourceId;
        b.endpointId = endpointId;
        b.statuses = statuses == null ? null : EnumSet.copyOf(statuses);
        b.entities = entities == null ? null : new LinkedHashSet<>(entities);
        b.runIds = runIds == null ? null : new LinkedHashSet<>(runIds);
        b.minAttempts = minAttempts;
        b.maxAttempts = maxAttempts;
        b.messageContains = messageContains;
        return b;
    }


    /**
     * @param now the store's clock reading, used unless {@link Builder#asOf} was given; not null
     * @return the first creation time in the window (inclusive)
     */
    public Instant createdFrom(Instant now) {
        return from != null ? from : (asOf != null ? asOf : now).minus(window);
    }

    /** @return the end of the window (exclusive), or null when it is open (relative window without asOf) */
    public Instant createdTo() {
        return from != null ? to : asOf;
    }

    /** @return the relative window (ignored when {@link Builder#between} was set) */
    public Duration window() {
        return window;
    }

    /** @return the "now" the relative window ends at, or null for the store's clock */
    public Instant asOf() {
        return asOf;
    }

    /** @return the updated-time filter's start (inclusive), or null */
    public Instant updatedFrom() {
        return updatedFrom;
    }

    /** @return the updated-time filter's end (exclusive), or null */
    public Instant updatedTo() {
        return updatedTo;
    }

    /** @return the search-box text, or null */
    public String search() {
        return search;
    }

    /** @return the exact system to match ignoring case, or null */
    public String systemEquals() {
        return systemEquals;
    }

    /** @return text the system must contain ignoring case, or null */
    public String systemContains() {
        return systemContains;
    }

    /** @return the sync ids to keep (unmodifiable), or null for any */
    public Set<Long> syncIds() {
        return syncIds;
    }

    /** @return the exact reference to match ignoring case, or null */
    public String referenceEquals() {
        return referenceEquals;
    }

    /** @return text the reference must contain ignoring case, or null */
    public String referenceContains() {
        return referenceContains;
    }

    /** @return the exact source id, or null */
    public String sourceId() {
        return sourceId;
    }

    /** @return the exact endpoint id, or null */
    public String endpointId() {
        return endpointId;
    }

    /** @return the statuses to keep (unmodifiable), or null for any */
    public Set<DeliveryStatus> statuses() {
        return statuses;
    }

    /** @return the entities to keep (unmodifiable), or null for any */
    public Set<String> entities() {
        return entities;
    }

    /** @return the runs to keep (unmodifiable), or null for any */
    public Set<String> runIds() {
        return runIds;
    }

    /** @return the least attempts (inclusive) */
    public int minAttempts() {
        return minAttempts;
    }

    /** @return the most attempts (inclusive) */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return text the message must contain ignoring case, or null */
    public String messageContains() {
        return messageContains;
    }







    @Override
    public String toString() {
        return "ReportFilter[window=" + (from != null ? from + ".." + to : window) + "]";
    }

    /** Builds a {@link ReportFilter}; checks each setting as it is given. Not thread-safe. */
    public static final class Builder {
        private Duration window = DEFAULT_WINDOW;
        private Instant asOf;
        private Instant from;
        private Instant to;
        private Instant updatedFrom;
        private Instant updatedTo;
        private String search;
        private String systemEquals;
        private String systemContains;
        private Set<Long> syncIds;
        private String referenceEquals;
        private String referenceContains;
        private String sourceId;
        private String endpointId;
        private Set<DeliveryStatus> statuses;
        private Set<String> entities;
        private Set<String> runIds;
        private int minAttempts;
        private int maxAttempts = Integer.MAX_VALUE;
        private String messageContains;

        private Builder() {
        }

        /**
         * @param window how far back from "now" entries are shown (default 5 days)
         * @return this builder
         * @throws IllegalArgumentException when not positive or longer than 15 days
         */
        public Builder window(Duration window) {
            Objects.requireNonNull(window, "window must not be null");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive, was " + window);
            }
            if (window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("window must be at most 15 days, was " + window.toDays()
                        + " days (" + window + ")");
            }
            this.window = window;
            this.from = null;
            this.to = null;
            return this;
        }

        /**
         * @param days the window in days, 1 to 15 (see {@link #window})
         * @return this builder
         */
        public Builder lastDays(int days) {
            return window(Duration.ofDays(days));
        }

        /**
         * @param now the instant the relative window ends at, instead of the store's clock; null to unset
         * @return this builder
         */
        public Builder asOf(Instant now) {
            this.asOf = now;
            return this;
        }

        /**
         * An absolute window instead of the relative one: entries created in {@code [from, to)}.
         *
         * @param from the window's start (inclusive), not null
         * @param to its end (exclusive), not null
         * @return this builder
         * @throws IllegalArgumentException when {@code to} is not after {@code from} or the window is longer
         *                                  than 15 days
         */
        public Builder between(Instant from, Instant to) {
            Objects.requireNonNull(from, "between from must not be null");
            Objects.requireNonNull(to, "between to must not be null");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("between: to (" + to + ") must be after from (" + from + ")");
            }
            if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("window (between) must be at most 15 days, was "
                        + Duration.between(from, to));
            }
            this.from = from;
            this.to = to;
            return this;
        }

        /**
         * Keeps entries updated in {@code [from, to)}; either bound may be null for open.
         *
         * @param from the start (inclusive), or null
         * @param to the end (exclusive), or null
         * @return this builder
         */
        public Builder updatedBetween(Instant from, Instant to) {
            this.updatedFrom = from;
            this.updatedTo = to;
            return this;
        }

        /**
         * The search box: keeps entries whose system or reference contains {@code text} ignoring case, or
         * whose sync id is {@code text} when it is a number. Null or blank unsets it.
         *
         * @param text the text searched for, or null
         * @return this builder
         */
        public Builder search(String text) {
            this.search = blankToNull(text);
            return this;
        }

        /**
         * @param system the exact system ("source → destination") ignoring case; null unsets
         * @return this builder
         */
        public Builder system(String system) {
            this.systemEquals = blankToNull(system);
            return this;
        }

        /**
         * @param text text the system must contain, ignoring case; null unsets
         * @return this builder
         */
        public Builder systemContains(String text) {
            this.systemContains = blankToNull(text);
            return this;
        }

        /**
         * @param syncId the one entry to find
         * @return this builder
         */
        public Builder syncId(long syncId) {
            return syncIds(Set.of(syncId));
        }

        /**
         * @param ids the entries to keep, not null; null elements are not allowed
         * @return this builder
         */
        public Builder syncIds(Collection<Long> ids) {
            this.syncIds = new LinkedHashSet<>(Objects.requireNonNull(ids, "syncIds must not be null"));
            return this;
        }

        /**
         * @param reference the exact reference ignoring case; null unsets
         * @return this builder
         */
        public Builder reference(String reference) {
            this.referenceEquals = blankToNull(reference);
            return this;
        }

        /**
         * @param text text the reference must contain, ignoring case; null unsets
         * @return this builder
         */
        public Builder referenceContains(String text) {
            this.referenceContains = blankToNull(text);
            return this;
        }

        /**
         * @param sourceId the exact source id (case-sensitive, keys are); null unsets
         * @return this builder
         */
        public Builder sourceId(String sourceId) {
            this.sourceId = sourceId;
            return this;
        }

        /**
         * @param endpointId the exact endpoint id (case-sensitive); null unsets
         * @return this builder
         */
        public Builder endpointId(String endpointId) {
            this.endpointId = endpointId;
            return this;
        }

        /**
         * @param statuses the statuses to keep, not null, not empty
         * @return this builder
         */
        public Builder statuses(Collection<DeliveryStatus> statuses) {
            Objects.requireNonNull(statuses, "statuses must not be null");
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("statuses must not be empty (leave it unset for any status)");
            }
            this.statuses = EnumSet.copyOf(statuses);
            return this;
        }

        /**
         * @param first a status to keep
         * @param more more statuses to keep
         * @return this builder
         * @see #statuses(Collection)
         */
        public Builder statuses(DeliveryStatus first, DeliveryStatus... more) {
            EnumSet<DeliveryStatus> set = EnumSet.of(Objects.requireNonNull(first, "statuses must not be null"), more);
            return statuses(set);
        }

        /**
         * @param entities the entities to keep (exact names), not null, not empty
         * @return this builder
         */
        public Builder entities(Collection<String> entities) {
            this.entities = nonEmpty(entities, "entities");
            return this;
        }

        /**
         * @param entity the only entity to keep
         * @return this builder
         * @see #entities(Collection)
         */
        public Builder entity(String entity) {
            return entities(Set.of(Objects.requireNonNull(entity, "entity must not be null")));
        }

        /**
         * @param runIds the runs to keep, not null, not empty
         * @return this builder
         */
        public Builder runIds(Collection<String> runIds) {
            this.runIds = nonEmpty(runIds, "runIds");
            return this;
        }

        /**
         * @param runId the only run to keep
         * @return this builder
         * @see #runIds(Collection)
         */
        public Builder runId(String runId) {
            return runIds(Set.of(Objects.requireNonNull(runId, "runId must not be null")));
        }

        /**
         * @param min the least attempts, inclusive, at least 0
         * @param max the most attempts, inclusive, at least {@code min}
         * @return this builder
         */
        public Builder attempts(int min, int max) {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("attempts range must have 0 <= min <= max, was " + min + ".." + max);
            }
            this.minAttempts = min;
            this.maxAttempts = max;
            return this;
        }

        /**
         * @param text text the message must contain, ignoring case; null unsets
         * @return this builder
         */
        public Builder messageContains(String text) {
            this.messageContains = blankToNull(text);
            return this;
        }

        /** @return the filter */
        public ReportFilter build() {
            return new ReportFilter(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }

        private static Set<String> nonEmpty(Collection<String> values, String name) {
            Objects.requireNonNull(values, name + " must not be null");
            if (values.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty (leave it unset for any)");
            }
            Set<String> set = new LinkedHashSet<>();
            for (String v : values) {
                set.add(Objects.requireNonNull(v, name + " must not contain null"));
            }
            return set;
        }
    }
}
