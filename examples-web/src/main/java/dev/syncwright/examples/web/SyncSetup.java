package dev.syncwright.examples.web;

import java.util.List;

/**
 * What the setup form asks for before a run: which entities to sync, and whether to slow the run down (so that
 * there is time to watch it, or to cancel it). The host turns it into a
 * {@link dev.syncwright.core.SyncRequest}. Immutable.
 *
 * @param entities the entities to sync, not empty, an unmodifiable copy
 * @param slow     true to slow every write down
 */
public record SyncSetup(List<String> entities, boolean slow) {
    /**
     * Creates the value, checking its components.
     *
     * @param entities the entities to sync, not empty, an unmodifiable copy
     * @param slow true to slow every write down
     * @throws IllegalArgumentException when no entity is given
     */
    public SyncSetup {
        entities = List.copyOf(entities);
        if (entities.isEmpty()) {
            throw new IllegalArgumentException("entities: choose at least one entity to sync");
        }
    }
}
