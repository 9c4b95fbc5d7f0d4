package dev.syncwright.core.journal;

import dev.syncwright.spi.DeliveryStatus;

import java.util.Objects;

/**
 * An entry as a {@link RunJournal} holds it, for a run that re-sends it ({@link RunJournal#entries}). Immutable.
 *
 * @param id        the entry's id
 * @param syncName  the sync of the run that added it, not null
 * @param runId     the run that added it, not null
 * @param entity    the entity, not null
 * @param sourceId  the record's key at the source; null for a record that arrived without one (it cannot be re-sent)
 * @param reference the human-readable key, may be null
 * @param status    the delivery status now, not null
 * @param attempts  writes so far, at least 0
 */
public record StoredEntry(long id, String syncName, String runId, String entity, String sourceId, String reference,
                          DeliveryStatus status, int attempts) {
    /**
     * Creates the value, checking its components.
     *
     * @param id the entry's id
     * @param syncName the sync of the run that added it, not null
     * @param runId the run that added it, not null
     * @param entity the entity, not null
     * @param sourceId the record's key at the source; null for a record that arrived without one (it cannot be re-sent)
     * @param reference the human-readable key, may be null
     * @param status the delivery status now, not null
     * @param attempts writes so far, at least 0
     */
    public StoredEntry {
        Objects.requireNonNull(syncName, "syncName");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(status, "status");
    }
}
