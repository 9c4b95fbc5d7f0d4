package dev.syncwright.core.internal;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.util.Collection;
import java.util.List;

/**
 * Hands every call to a source and remembers the entity descriptors it listed, so that a connection knows
 * exactly which metadata an initial sync gave the companion. Thread-safe if the source is.
 */
final class RecordingSource implements SourceConnector {
    private final SourceConnector source;
    private volatile List<EntityDescriptor> listed = List.of();

    RecordingSource(SourceConnector source) {
        this.source = source;
    }

    /** @return what the last {@link #entities()} call returned; empty before the first */
    List<EntityDescriptor> listed() {
        return listed;
    }

    @Override
    public String systemName() {
        return source.systemName();
    }

    @Override
    public void open() {
        source.open();
    }

    @Override
    public List<EntityDescriptor> entities() {
        List<EntityDescriptor> entities = source.entities();
        listed = entities == null ? List.of() : List.copyOf(entities);
        return entities;
    }

    @Override
    public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
        return source.read(entity, from, maxRecords);
    }

    @Override
    public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
        return source.readByKeys(entity, keys);
    }

    @Override
    public ConnectionCheck check() {
        return source.check();
    }

    @Override
    public void close() {
        source.close();
    }
}
