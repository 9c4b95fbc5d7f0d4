package dev.syncwright.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes records to a destination system and says, per record, how the delivery went.
 *
 * <p>Nothing counts as delivered until the destination says so: {@link DeliveryStatus#OK} means durable;
 * {@link DeliveryStatus#SENT} means handed over and confirmed later, either pushed through
 * {@link DestinationContext#confirmations()} or answered when the engine calls {@link #pollDeliveries}.
 * Writes are at-least-once: a record may be written again after a crash or a retry, with the same key,
 * so a keyed destination should upsert.
 *
 * <p>Lifecycle: {@link #open} once, then writes (or removals and schema changes), then {@link #close()} once;
 * the same instance may be opened again later for the next run or connection operation. {@link #check()}
 * may be called at any time. <b>Thread-safety:</b> the
 * engine calls {@link #write} concurrently from several threads for different entities (never for the
 * same entity at once), and {@link #pollDeliveries} from a scheduler thread; implementations must allow that.
 */
public interface DestinationConnector extends AutoCloseable {

    /** @return the name of the destination system shown in reports; defaults to the class name */
    default String systemName() {
        return getClass().getSimpleName();
    }

    /**
     * Connects to the destination. Called once, before anything else.
     *
     * @param context gives the sink for push-style confirmations
     * @throws ConnectorException when the destination cannot be reached or is configured wrongly
     */
    default void open(DestinationContext context) {
    }

    /**
     * Writes a batch of records of one entity.
     *
     * @param entity the entity the records belong to
     * @param batch  the records, each with a non-null key
     * @return exactly one outcome per record, in the batch's order
     * @throws ConnectorException when the whole batch failed: a {@link ConnectorException.Kind#TRANSIENT}
     *                            one makes every record PENDING and is retried; any other fails the entity
     */
    List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch);

    /**
     * Poll-style confirmation: the engine asks for the state of outstanding SENT deliveries.
     *
     * @param deliveryIds the ids of deliveries still awaiting confirmation
     * @return for each id that is settled, its final outcome (OK, or PENDING / FAILED when rejected);
     *         ids still outstanding are left out. The default settles nothing.
     */
    default Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
        return Map.of();
    }

    /**
     * Removes all data of an entity from the destination (used when a data space stops being shared).
     *
     * @param entity the entity whose data to remove
     * @throws ConnectorException when removal failed; the default says the destination cannot remove data
     */
    default void removeEntityData(EntityDescriptor entity) {
        throw new ConnectorException(ConnectorException.Kind.PERMANENT,
                systemName() + " cannot remove the data of entity '" + entity.name() + "'");
    }

    /**
     * Checks that the destination can be reached and that its credentials and licence are still valid, for
     * a connection's status. May be called at any time from any thread, whether or not the destination is
     * open and while a run writes to it; it should be a cheap probe that opens and releases whatever it needs.
     *
     * @return the verdict, not null; the default says {@link ConnectionCheck#ok()} without asking anything.
     *         A check that throws counts as {@link ConnectionCheck.Status#UNREACHABLE} with the exception's message.
     */
    default ConnectionCheck check() {
        return ConnectionCheck.ok();
    }

    /**
     * @return true when {@link #applySchemaChange} works; false (the default) when this destination cannot
     *         change its schema, in which case every metadata change is reported as failed, never dropped
     */
    default boolean supportsSchemaChanges() {
        return false;
    }

    /**
     * Applies one change of the source's metadata (entity added or removed, field added, removed or retyped).
     * Called between {@link #open} and {@link #close()}, never concurrently with a write. Applying a change
     * that is already in place (the field exists with that type) must succeed, so a round may be repeated.
     *
     * @param change the change, not null
     * @throws ConnectorException {@link ConnectorException.Kind#PERMANENT} with a message saying what is in the
     *                            way when the change conflicts with the destination (e.g. it already has a
     *                            field of that name with another type); transient when it could not be applied now
     * @throws UnsupportedOperationException by default: the destination cannot change its schema
     */
    default void applySchemaChange(SchemaChange change) {
        throw new UnsupportedOperationException(systemName() + " cannot change its schema");
    }

    /** Flushes and releases the connection. Called once. */
    @Override
    default void close() {
    }
}
