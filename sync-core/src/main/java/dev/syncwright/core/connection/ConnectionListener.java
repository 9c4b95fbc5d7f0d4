package dev.syncwright.core.connection;

/**
 * Receives the status changes of connections, their data spaces and their metadata syncs, each with its
 * reason. Every method has a no-op default; override what you need.
 *
 * <p><b>Threads:</b> a callback runs on the thread that made the change (the host's thread for on-demand
 * calls, the manager's executor or scheduler thread for checks, removals and metadata rounds, an engine
 * thread when an initial sync ends), while the connection's state is locked, so the changes of one
 * connection arrive one at a time and in order. Callbacks may read the connection they are called about
 * (its getters), but must return quickly, must not wait for one of its futures, and must not call other
 * connections: two connections whose callbacks read each other could each wait for the other's lock.
 * Hand such work to another thread. Implementations must be thread-safe: callbacks of
 * different connections may arrive concurrently.
 *
 * <p>A listener that throws is logged and ignored: it never changes what happens to the connection.
 */
public interface ConnectionListener {

    /** The connection's status changed. */
    default void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
    }

    /**
     * A data space's status changed; {@code change.from()} is null when it was just shared.
     *
     * @param dataSpace the data space's name
     */
    default void onDataSpaceStatus(Connection connection, String dataSpace, StatusChange<DataSpaceStatus> change) {
    }

    /** Unsharing ended: the data space's data was removed from the companion and the data space is gone. */
    default void onDataSpaceRemoved(Connection connection, DataSpace dataSpace) {
    }

    /** The metadata sync's status changed. */
    default void onMetadataSyncStatus(Connection connection, StatusChange<MetadataSyncStatus> change) {
    }
}
