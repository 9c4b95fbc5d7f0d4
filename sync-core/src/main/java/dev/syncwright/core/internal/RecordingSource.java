package dev.syncwright.core.internal;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands every call to a source and tells a connection which entity descriptors it listed, before handing them
 * on, so that the connection knows exactly which metadata an initial sync gives the companion before the
 * engine writes anything. Thread-safe if the source and the observer are.
 */
final class RecordingSource implements SourceConnector {
    private final SourceConnector source;
    private final Consumer<List<EntityDescriptor>> onListed;

    /**
     * @param source   the source
     * @param onListed called with every non-null list the source's {@link #entities()} returns, before the
     *                 engine sees it; what it throws, the engine's call of {@link #entities()} throws
     */
    RecordingSource(SourceConnector source, Consumer<List<EntityDescriptor>> onListed) {
        this.source = source;
        this.onListed = onListed;
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
        if (entities != null) {
            onListed.accept(List.copyOf(entities));
        }
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
