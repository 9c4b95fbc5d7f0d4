package dev.syncwright.core.connection;

import java.util.List;
import java.util.Optional;

/**
 * Keeps the state of connections, so that it survives the manager (and, with a durable implementation, the
 * host process). The manager saves a connection's whole {@link ConnectionState} after every change and
 * deletes it when the connection is disconnected.
 *
 * <p><b>When saves happen.</b> A change is made in memory first, then saved just after, outside the
 * connection's lock (the host's getters never wait for the store). Saves of one connection run one at a time
 * and in order, and a save still waiting when a newer change comes saves the newer state instead, so the
 * store always ends with the latest state and is never handed a state older than one it saved before.
 *
 * <p><b>If the host dies between a change and its save</b>, the store keeps the state before that change, and
 * {@link ConnectionManager#restore} brings that back. This is safe because the manager waits for the save
 * before any work whose effect at the companion the store must know of: an initial sync writes nothing until
 * the store has its data space and the entity descriptors it gives the companion (so an unshare after a
 * restart removes every entity's data), and an unshare removes nothing until the store has the data space as
 * REMOVING_SHARING (or that save failed: the removal the host asked for then goes ahead, as unsharing again is
 * harmless). A change lost this way is otherwise one the host notices and redoes: a status that the
 * next check sets again, an initial sync or removal that ended but is restored as interrupted (ERROR: retry
 * or unshare again, which send or remove again by key), a metadata round restored as PENDING (the next round
 * derives its changes again from the last saved descriptors; a companion that refuses a change it already has
 * makes that round ERROR until the host resolves it).
 *
 * <p>Implementations must be thread-safe (connections save from several threads), and a save must be
 * visible to a later {@link #load} once it returns. Saves of one connection never overlap. A save that throws
 * is logged; the next change saves the whole state again, and an initial sync whose entities could not be
 * saved fails instead of writing.
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
