package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A report entry as a test adds it through the journal ({@link Writes#add}): one record's delivery in a run.
 * Immutable.
 *
 * @param run        the run that adds the entry, not null
 * @param system     "source → destination" of that run, not null
 * @param entity     the entity, not null
 * @param key        the record's key at the source (the report's source id), may be null
 * @param reference  the human-readable key, may be null
 * @param endpointId the record's id in the destination, may be null
 * @param status     the delivery status, not null
 * @param attempts   writes so far, at least 0
 * @param message    why PENDING or FAILED, may be null
 * @param time       when the status changed (the entry's creation time on its first write), not null
 */
public record TestEntry(String run, String system, String entity, String key, String reference, String endpointId,
                        DeliveryStatus status, int attempts, String message, Instant time) {
    public TestEntry {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
    }

    /** @return an entry whose endpoint id is {@code "dest-" + key} (null without a key) */
    public static TestEntry of(String run, String system, String entity, String key, String reference,
                               DeliveryStatus status, int attempts, String message, Instant time) {
        return new TestEntry(run, system, entity, key, reference, key == null ? null : "dest-" + key, status,
                attempts, message, time);
    }

    /** @return a record of "crm → erp" delivered OK at the first attempt, its reference the key in upper case */
    public static TestEntry ok(String run, String entity, String key, Instant time) {
        return of(run, "crm → erp", entity, key, key.toUpperCase(Locale.ROOT), DeliveryStatus.OK, 1, null, time);
    }
}
