package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * An entity in a run, as one sink task sees it: the records of the run's entries and their delivery counts (the
 * ones committed before the task took the entity over, then every change it makes), its status and time.
 * Not thread-safe: only the task's thread touches it.
 */
final class EntityRun {
    final String run;
    final String entity;
    /** False when the journal does not know the run or it has ended: entries are written, progress is not. */
    final boolean open;
    final long estimated;
    final Duration elapsedBefore;
    final Instant takenAt;
    long ok;
    long sent;
    long pending;
    long failed;
    long records;
    EntityStatus status;
    /** Why the destination stopped the entity (it is then ERROR at its end), or null. */
    String error;
    Instant finishedAt;
    boolean dirty;
    Instant writtenAt = Instant.MIN;

    EntityRun(String run, String entity, boolean open, EntityStatus status, DeliveryCounts base, long estimated,
              Duration elapsedBefore, Instant takenAt) {
        this.run = run;
        this.entity = entity;
        this.open = open;
        this.status = status;
        this.estimated = estimated;
        this.elapsedBefore = elapsedBefore;
        this.takenAt = takenAt;
        ok = base.ok();
        sent = base.sent();
        pending = base.pending();
        failed = base.failed();
        records = base.total();
        dirty = open && !status.isFinished();
    }

    /** Counts a delivery's move from {@code from} (null: a record not counted yet) to {@code to}. */
    void move(DeliveryStatus from, DeliveryStatus to) {
        if (from == to) {
            return;
        }
        if (from == null) {
            records++;
        } else {
            add(from, -1);
        }
        add(to, 1);
        dirty = true;
    }

    private void add(DeliveryStatus s, long n) {
        switch (s) {
            case OK -> ok += n;
            case SENT -> sent += n;
            case PENDING -> pending += n;
            case FAILED -> failed += n;
        }
    }

    /** Replaces the counts with exact ones read from the journal. */
    void recount(DeliveryCounts exact) {
        ok = exact.ok();
        sent = exact.sent();
        pending = exact.pending();
        failed = exact.failed();
        records = exact.total();
    }

    void finish(EntityStatus end, String why, Instant now) {
        status = end;
        if (why != null) {
            error = why;
        }
        finishedAt = now;
        dirty = true;
    }

    EntityProgress snapshot(Instant now) {
        Instant until = finishedAt != null ? finishedAt : now;
        Duration spent = elapsedBefore.plus(Duration.between(takenAt, until));
        return new EntityProgress(entity, status, records, spent.isNegative() ? Duration.ZERO : spent,
                new DeliveryCounts(ok, sent, pending, failed), estimated, status == EntityStatus.ERROR ? error : null, false);
    }
}
