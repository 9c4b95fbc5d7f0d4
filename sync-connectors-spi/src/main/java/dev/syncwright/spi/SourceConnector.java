package dev.syncwright.spi;

import java.util.Collection;
import java.util.List;

/**
 * Reads records of one or more entities from a source system.
 *
 * <p>Lifecycle: the engine calls {@link #open()} once before any other method and {@link #close()} once
 * at the end of a run; the same instance may be opened again for a later run or a connection's metadata sync.
 * {@link #check()} may be called at any time. <b>Thread-safety:</b> after {@code open()}, the engine calls {@link #read} and
 * {@link #readByKeys} concurrently from several threads, but never concurrently for the same entity;
 * implementations must allow that.
 */
public interface SourceConnector extends AutoCloseable {

    /** @return the name of the source system shown in reports (e.g. "crm"); defaults to the class name */
    default String systemName() {
        return getClass().getSimpleName();
    }

    /**
     * Connects to the source. Called once, before anything else.
     *
     * @throws ConnectorException when the source cannot be reached or is configured wrongly
     */
    default void open() {
    }

    /**
     * @return the entities this source can deliver, in a stable order; never null
     * @throws ConnectorException when the source cannot be asked
     */
    List<EntityDescriptor> entities();

    /**
     * Reads the next page of an entity.
     *
     * @param entity     the entity, one of {@link #entities()}
     * @param from       where to start: {@link Checkpoint#START} or a checkpoint this source returned earlier
     * @param maxRecords the most records to return (at least 1); returning more is an error
     * @return the records after {@code from}, the checkpoint after them, and whether more remain
     * @throws ConnectorException when the page cannot be read; a transient one is retried
     */
    Page read(EntityDescriptor entity, Checkpoint from, int maxRecords);

    /**
     * Reads specific records again, for a resync. Keys that no longer exist are simply absent from the
     * result.
     *
     * @param entity the entity
     * @param keys   the record keys, not null
     * @return the records found, in any order
     * @throws ConnectorException when the records cannot be read
     */
    List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys);

    /**
     * Checks that the source can be reached and that its credentials and licence are still valid, for a
     * connection's status. May be called at any time from any thread, whether or not the source is open and
     * while a run reads it; it should be a cheap probe that opens and releases whatever it needs itself.
     *
     * @return the verdict, not null; the default says {@link ConnectionCheck#ok()} without asking anything.
     *         A check that throws counts as {@link ConnectionCheck.Status#UNREACHABLE} with the exception's message.
     */
    default ConnectionCheck check() {
        return ConnectionCheck.ok();
    }

    /** Releases the connection. Called once; must not throw for an already-closed source. */
    @Override
    default void close() {
    }
}
