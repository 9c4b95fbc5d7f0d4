package dev.syncwright.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of one entity in a run. Immutable.
 *
 * @param entity     the entity name
 * @param status     where the entity stands
 * @param records    records processed so far: each record attempted counts once, whatever its delivery status
 * @param elapsed    time spent on the entity so far (zero while WAITING)
 * @param deliveries the records per delivery status; {@code deliveries.total() == records}
 * @param estimated  the source's estimated record count, or -1 when it gave none
 * @param error      why the entity is ERROR, else null
 */
public record EntityProgress(String entity, EntityStatus status, long records, Duration elapsed,
                             DeliveryCounts deliveries, long estimated, String error) {
    public EntityProgress {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(deliveries, "deliveries");
    }
}
