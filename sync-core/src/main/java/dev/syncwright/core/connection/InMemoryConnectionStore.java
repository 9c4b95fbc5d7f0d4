package dev.syncwright.core.connection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The default {@link ConnectionStore}: thread-safe, in memory, gone when the JVM stops. */
final class InMemoryConnectionStore implements ConnectionStore {
    private final Map<String, ConnectionState> states = new LinkedHashMap<>();

    @Override
    public synchronized void save(ConnectionState state) {
        Objects.requireNonNull(state, "state");
        states.put(state.id(), state);
    }

    @Override
    public synchronized Optional<ConnectionState> load(String connectionId) {
        return Optional.ofNullable(states.get(connectionId));
    }

    @Override
    public synchronized List<ConnectionState> loadAll() {
        return List.copyOf(states.values());
    }

    @Override
    public synchronized void delete(String connectionId) {
        states.remove(connectionId);
    }
}
