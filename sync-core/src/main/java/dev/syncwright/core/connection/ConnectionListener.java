package dev.syncwright.core.connection;

/**
 * Receives the status changes of connections, their data spaces and their metadata syncs, each with its
 * reason. Every method has a no-op default; override what you need.
 *
 * <p><b>Threads:</b> a callback runs just after the change, outside the connection's lock, on the thread that
 * made the change (the host's thread for on-demand calls, the manager's executor or scheduler thread for
 * checks, removals and metadata rounds, an engine thread when an initial sync ends) — or, when another thread
 * is delivering that connection's callbacks at that moment, on that thread. Callbacks of one connection run one
 * at a time, each change exactly once, in the order the changes were made; a method that made a change may
 * return before its callback ran only in that case. While a callback runs, the connection's later callbacks
 * and saves wait, so callbacks should return quickly. They may read any connection (getters never wait for
 * callbacks), but must not wait for a connection's futures nor start work on a connection (share, unshare,
 * check, metadata rounds): such work may wait for a save queued behind the callback. Hand such work to another
 * thread. Implementations must be thread-safe: callbacks of different connections may arrive concurrently.
 *
 * <p>A listener that throws is logged and ignored: it never changes what happens to the connection.
 */
public interface ConnectionListener {

    /**
     * The connection's status changed.
     *
     * @param connection the connection
     * @param change the change, with its reason
     */
    default void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
    }

    /**
     * A data space's status changed; {@code change.from()} is null when it was just shared.
     *
     * @param dataSpace the data space's name
     * @param connection the connection
     * @param change the change, with its reason
     */
    default void onDataSpaceStatus(Connection connection, String dataSpace, StatusChange<DataSpaceStatus> change) {
    }

    /**
     * Unsharing ended: the data space's data was removed from the companion and the data space is gone.
     *
     * @param connection the connection
     * @param dataSpace the data space that was removed
     */
    default void onDataSpaceRemoved(Connection connection, DataSpace dataSpace) {
    }

    /**
     * The metadata sync's status changed.
     *
     * @param connection the connection
     * @param change the change, with its reason
     */
    default void onMetadataSyncStatus(Connection connection, StatusChange<MetadataSyncStatus> change) {
    }
}
