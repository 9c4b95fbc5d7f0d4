package dev.syncwright.core.connection;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback as a line "what: FROM -> TO (reason)", in order. Thread-safe. */
final class RecordingConnectionListener implements ConnectionListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<StatusChange<ConnectionStatus>> connectionChanges = new CopyOnWriteArrayList<>();

    @Override
    public void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
        connectionChanges.add(change);
        events.add("connection: " + change);
    }

    @Override
    public void onDataSpaceStatus(Connection connection, String dataSpace, StatusChange<DataSpaceStatus> change) {
        events.add("data space " + dataSpace + ": " + change);
    }

    @Override
    public void onDataSpaceRemoved(Connection connection, DataSpace dataSpace) {
        events.add("data space " + dataSpace.name() + ": removed");
    }

    @Override
    public void onMetadataSyncStatus(Connection connection, StatusChange<MetadataSyncStatus> change) {
        events.add("metadata: " + change);
    }

    /** @return the events whose line starts with {@code prefix} */
    List<String> about(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }
}
