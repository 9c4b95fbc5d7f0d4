package dev.syncwright.core.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One entity's live figures. Updated by the entity's task, read by any thread; every update and snapshot
 * holds the monitor, so a snapshot is always consistent (records == sum of delivery counts).
 */
final class EntityTracker {
    private final String entity;
    private final long estimated;
    private final Clock clock;
    private EntityStatus status = EntityStatus.WAITING;
    private DeliveryCounts counts = DeliveryCounts.ZERO;
    private Instant startedAt;
    private Instant finishedAt;
    private String error;
    private boolean interrupted;

    EntityTracker(String entity, long estimated, Clock clock) {
        this.entity = entity;
        this.estimated = estimated;
        this.clock = clock;
    }

    String entity() {
        return entity;
    }

    long estimated() {
        return estimated;
    }

    synchronized EntityStatus status() {
        return status;
    }

    synchronized void start() {
        status = EntityStatus.PROCESSING;
        startedAt = clock.instant();
    }

    /** Ends the entity in {@code end}; WAITING means interrupted by a cancel. */
    synchronized void finish(EntityStatus end, String errorMessage) {
        status = end;
        error = errorMessage;
        interrupted = end == EntityStatus.WAITING;
        finishedAt = clock.instant();
    }

    /** Applies a batch of status changes. */
    synchronized void apply(Transitions transitions) {
        counts = transitions.applyTo(counts);
    }

    synchronized long count(DeliveryStatus s) {
        return counts.of(s);
    }

    synchronized EntityProgress snapshot() {
        DeliveryCounts d = counts;
        Duration elapsed = startedAt == null ? Duration.ZERO
                : Duration.between(startedAt, finishedAt != null ? finishedAt : clock.instant());
        return new EntityProgress(entity, status, d.total(), elapsed, d, estimated, error, interrupted);
    }
}
