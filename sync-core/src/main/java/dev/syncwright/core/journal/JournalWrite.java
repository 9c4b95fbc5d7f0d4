package dev.syncwright.core.journal;

import dev.syncwright.core.EntityCheckpoint;

import java.util.List;
import java.util.Objects;

/**
 * What a run commits to its {@link RunJournal} in one atomic step: the latest state of some entries of one
 * entity, and, when a page settled, the entity's new checkpoint.
 *
 * <p>The entries are views valid only during {@link RunJournal#write}; this object too is only valid then.
 *
 * @param syncName   the sync the writing run belongs to, not null; an entry's sync is the one of its first write
 * @param runId      the writing run, not null: for a new entry its run, for an existing one its latest sync run
 * @param system     "source → destination" of the writing run, not null
 * @param entity     the entity of every entry, not null
 * @param entries    the entries' latest states, not null, may be empty; not copied
 * @param checkpoint the entity's new checkpoint in {@code syncName}, or null when it does not move; its
 *                   {@link EntityCheckpoint#outstanding()} is ignored (the entries' {@link JournalEntry#passed()}
 *                   says which deliveries the checkpoint carries)
 */
public record JournalWrite(String syncName, String runId, String system, String entity,
                           List<? extends JournalEntry> entries, EntityCheckpoint checkpoint) {
    /**
     * Creates the value, checking its components.
     *
     * @param syncName the sync the writing run belongs to, not null; an entry's sync is the one of its first write
     * @param runId the writing run, not null: for a new entry its run, for an existing one its latest sync run
     * @param system "source → destination" of the writing run, not null
     * @param entity the entity of every entry, not null
     * @param entries the entries' latest states, not null, may be empty; not copied
     * @param checkpoint the entity's new checkpoint in {@code syncName}, or null when it does not move; its {@link
     *                   EntityCheckpoint#outstanding()} is ignored (the entries' {@link JournalEntry#passed()} says
     *                   which deliveries the checkpoint carries)
     */
    public JournalWrite {
        Objects.requireNonNull(syncName, "syncName");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(entries, "entries");
        if (checkpoint != null && !checkpoint.entity().equals(entity)) {
            throw new IllegalArgumentException("checkpoint of entity '" + checkpoint.entity() + "' in a write of entity '"
                    + entity + "'");
        }
    }
}
