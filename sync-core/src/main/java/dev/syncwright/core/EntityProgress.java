package dev.syncwright.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of one entity in a run. Immutable.
 *
 * <p>A WAITING entity either never started in this run ({@code interrupted} false: no records, zero time) or
 * was started and then stopped by a cancel ({@code interrupted} true): its records and time say what this run
 * did, and the next run of the sync continues it from its committed checkpoint.
 *
 * @param entity      the entity name
 * @param status      where the entity stands
 * @param records     records processed so far in this run: each record attempted counts once, whatever its
 *                    delivery status (deliveries carried over from an interrupted run count in the run that
 *                    finishes them)
 * @param elapsed     time spent on the entity so far in this run; zero while it has not started
 * @param deliveries  the records per delivery status; {@code deliveries.total() == records}
 * @param estimated   the source's estimated record count, or -1 when it gave none
 * @param error       why the entity is ERROR, else null
 * @param interrupted true when a cancel stopped the entity after it started (it is then WAITING)
 */
public record EntityProgress(String entity, EntityStatus status, long records, Duration elapsed,
                             DeliveryCounts deliveries, long estimated, String error, boolean interrupted) {
    /**
     * Creates the value, checking its components.
     *
     * @param entity the entity name
     * @param status where the entity stands
     * @param records records processed so far in this run: each record attempted counts once, whatever its delivery
     *                status (deliveries carried over from an interrupted run count in the run that finishes them)
     * @param elapsed time spent on the entity so far in this run; zero while it has not started
     * @param deliveries the records per delivery status; {@code deliveries.total() == records}
     * @param estimated the source's estimated record count, or -1 when it gave none
     * @param error why the entity is ERROR, else null
     * @param interrupted true when a cancel stopped the entity after it started (it is then WAITING)
     */
    public EntityProgress {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(deliveries, "deliveries");
    }
}
