package dev.syncwright.core;

import java.util.Map;

/**
 * Keeps each entity's committed position per sync name, so that a re-run continues where an
 * interrupted run stopped. The engine saves after every committed batch.
 *
 * <p>Implementations must be thread-safe (the engine saves from several worker threads, for different
 * entities) and durable to the extent the host needs resuming to survive: a save must be visible to a
 * later {@link #load} once it returns.
 */
public interface CheckpointStore {

    /**
     * @param syncName the sync's name
     * @return every entity checkpoint saved for this sync, by entity name; empty when none, never null
     */
    Map<String, EntityCheckpoint> load(String syncName);

    /**
     * Saves (replaces) one entity's checkpoint.
     *
     * @param syncName   the sync's name
     * @param checkpoint the entity's new state
     */
    void save(String syncName, EntityCheckpoint checkpoint);

    /**
     * Forgets every checkpoint of a sync, so that its next run starts over (see {@link SyncEngine#reset}).
     * Deleting a sync that has none does nothing.
     *
     * @param syncName the sync's name
     */
    void delete(String syncName);

    /** @return a thread-safe store that keeps checkpoints in this JVM's memory only */
    static CheckpointStore inMemory() {
        return new InMemoryCheckpointStore();
    }
}
