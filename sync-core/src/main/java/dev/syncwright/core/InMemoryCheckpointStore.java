package dev.syncwright.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The default {@link CheckpointStore}: thread-safe, in memory, gone when the JVM stops. */
final class InMemoryCheckpointStore implements CheckpointStore {
    private final Map<String, Map<String, EntityCheckpoint>> bySync = new ConcurrentHashMap<>();

    @Override
    public Map<String, EntityCheckpoint> load(String syncName) {
        Map<String, EntityCheckpoint> entities = bySync.get(syncName);
        return entities == null ? Map.of() : Map.copyOf(entities);
    }

    @Override
    public void save(String syncName, EntityCheckpoint checkpoint) {
        bySync.computeIfAbsent(syncName, k -> new ConcurrentHashMap<>()).put(checkpoint.entity(), checkpoint);
    }

    @Override
    public void delete(String syncName) {
        bySync.remove(syncName);
    }
}
