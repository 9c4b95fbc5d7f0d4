package dev.syncwright.core.internal;

import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionListener;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.core.connection.StatusChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * Logs a connection's status changes and calls every connection listener; a listener that throws is logged and
 * skipped. Called from a connection's outbox, never under its lock. Thread-safe.
 */
final class ConnectionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEvents.class);
    private final List<ConnectionListener> listeners;

    ConnectionEvents(List<ConnectionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void connectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
        LOG.info("Connection '{}' ({}): {}", Texts.oneLine(connection.name()), Texts.oneLine(connection.id()),
                Texts.oneLine(change.toString()));
        each("onConnectionStatus", l -> l.onConnectionStatus(connection, change));
    }

    void dataSpaceStatus(Connection connection, String dataSpace, StatusChange<DataSpaceStatus> change) {
        LOG.info("Connection '{}': data space '{}': {}", Texts.oneLine(connection.name()), Texts.oneLine(dataSpace),
                Texts.oneLine(change.toString()));
        each("onDataSpaceStatus", l -> l.onDataSpaceStatus(connection, dataSpace, change));
    }

    void dataSpaceRemoved(Connection connection, DataSpace dataSpace) {
        LOG.info("Connection '{}': data space '{}' unshared", Texts.oneLine(connection.name()), Texts.oneLine(dataSpace.name()));
        each("onDataSpaceRemoved", l -> l.onDataSpaceRemoved(connection, dataSpace));
    }

    void metadataSyncStatus(Connection connection, StatusChange<MetadataSyncStatus> change) {
        LOG.info("Connection '{}': metadata sync {}", Texts.oneLine(connection.name()),
                Texts.oneLine(change.toString()));
        each("onMetadataSyncStatus", l -> l.onMetadataSyncStatus(connection, change));
    }

    private void each(String callback, Consumer<ConnectionListener> call) {
        Listeners.each(listeners, callback, call, LOG);
    }
}
