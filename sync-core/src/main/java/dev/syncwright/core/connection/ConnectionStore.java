package dev.syncwright.core.connection;

import java.util.List;
import java.util.Optional;

/**
 * Keeps the state of connections, so that it survives the manager (and, with a durable implementation, the
 * host process). The manager saves a connection's whole {@link ConnectionState} after every change and
 * deletes it when the connection is disconnected.
 *
 * <p>Implementations must be thread-safe (connections save from several threads), and a save must be
 * visible to a later {@link #load} once it returns. Saves of one connection never overlap.
 */
public interface ConnectionStore {

    /**
     * Saves (replaces) a connection's state.
     *
     * @param state the state, not null
     */
    void save(ConnectionState state);

    /**
     * @param connectionId the connection's id
     * @return its last saved state, if any
     */
    Optional<ConnectionState> load(String connectionId);

    /** @return every saved state, in the order the connections were first saved; never null */
    List<ConnectionState> loadAll();

    /**
     * Forgets a connection; unknown ids are ignored.
     *
     * @param connectionId the connection's id
     */
    void delete(String connectionId);

    /** @return a thread-safe store that keeps states in this JVM's memory only */
    static ConnectionStore inMemory() {
        return new InMemoryConnectionStore();
    }
}
