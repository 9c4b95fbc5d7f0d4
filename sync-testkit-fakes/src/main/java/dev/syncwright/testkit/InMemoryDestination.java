package dev.syncwright.testkit;

import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SchemaChange;
import dev.syncwright.spi.SyncRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A destination that keeps every record it receives in memory, keyed by entity and record key (a later
 * write of the same key replaces the earlier one, like an upsert), and answers {@code OK} with the endpoint
 * id {@code "dest-" + key}. It also counts how often each key was written, to spot records sent twice.
 *
 * <p>It keeps a schema per entity (field name → type): an entity's first write adopts the fields of its
 * descriptor, and {@link #applySchemaChange} changes them. A change that contradicts the schema (adding a
 * field it already has with another type) fails as a conflict, a permanent {@link ConnectorException};
 * {@link #defineField} sets up such a field, {@link #dropField} clears it, and
 * {@link #supportSchemaChanges(boolean)} turns schema changes off altogether. {@link #checkResult} sets what
 * {@link #check()} answers. Thread-safe.
 */
public class InMemoryDestination implements DestinationConnector {
    private final ReceivedRecords received = new ReceivedRecords();
    private final String systemName;
    /** Entity → its fields; each inner map is immutable and replaced whole under {@code schemaLock}. */
    private final Map<String, Map<String, FieldType>> schemas = new ConcurrentHashMap<>();
    private final Object schemaLock = new Object();
    private final List<SchemaChange> appliedSchemaChanges = new CopyOnWriteArrayList<>();
    private volatile boolean schemaChangesSupported = true;
    private volatile ConnectionCheck checkResult = ConnectionCheck.ok();
    private volatile boolean open;
    private volatile boolean closed;

    /** A destination named "memory". */
    public InMemoryDestination() {
        this("memory");
    }

    /** @param systemName the name reports show for this destination, not null */
    public InMemoryDestination(String systemName) {
        this.systemName = systemName;
    }

    @Override
    public String systemName() {
        return systemName;
    }

    @Override
    public void open(DestinationContext context) {
        open = true;
    }

    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        adoptSchema(entity);
        received.batch();
        List<DeliveryOutcome> outcomes = new ArrayList<>(batch.size());
        for (SyncRecord record : batch) {
            received.countWrite(entity.name(), record.key());
            received.store(entity.name(), record);
            outcomes.add(DeliveryOutcome.ok("dest-" + record.key()));
        }
        return outcomes;
    }

    /** Gives an entity the fields of its descriptor when this destination has no schema for it yet. */
    void adoptSchema(EntityDescriptor entity) {
        if (!schemas.containsKey(entity.name())) {
            synchronized (schemaLock) {
                schemas.putIfAbsent(entity.name(), fieldsOf(entity));
            }
        }
    }

    private static Map<String, FieldType> fieldsOf(EntityDescriptor entity) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        for (FieldDescriptor f : entity.fields()) {
            fields.put(f.name(), f.type());
        }
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public void removeEntityData(EntityDescriptor entity) {
        received.clear(entity.name());
    }

    @Override
    public ConnectionCheck check() {
        return checkResult;
    }

    @Override
    public boolean supportsSchemaChanges() {
        return schemaChangesSupported;
    }

    /**
     * Applies the change to this destination's schema; applying a change already in place succeeds.
     *
     * @throws ConnectorException            permanent, starting with "conflict:", when the schema has the field
     *                                       with a type the change does not expect
     * @throws UnsupportedOperationException after {@code supportSchemaChanges(false)}
     */
    @Override
    public void applySchemaChange(SchemaChange change) {
        Objects.requireNonNull(change, "change");
        if (!schemaChangesSupported) {
            throw new UnsupportedOperationException(systemName + " cannot change its schema");
        }
        synchronized (schemaLock) {
            Map<String, FieldType> fields = new LinkedHashMap<>(schemas.getOrDefault(change.entity(), Map.of()));
            switch (change.kind()) {
                case ENTITY_ADDED -> {
                    for (FieldDescriptor f : ((SchemaChange.EntityAdded) change).descriptor().fields()) {
                        addField(fields, change.entity(), f);
                    }
                }
                case ENTITY_REMOVED -> fields = null;
                case FIELD_ADDED -> addField(fields, change.entity(), ((SchemaChange.FieldAdded) change).field());
                case FIELD_REMOVED -> fields.remove(((SchemaChange.FieldRemoved) change).field().name());
                case FIELD_TYPE_CHANGED -> {
                    SchemaChange.FieldTypeChanged c = (SchemaChange.FieldTypeChanged) change;
                    FieldType has = fields.get(c.field());
                    if (has != null && has != c.oldType() && has != c.newType()) {
                        throw conflict(c.entity(), c.field(), has, "change it from " + c.oldType() + " to " + c.newType());
                    }
                    fields.put(c.field(), c.newType());
                }
            }
            if (fields == null) {
                schemas.remove(change.entity());
            } else {
                schemas.put(change.entity(), Collections.unmodifiableMap(fields));
            }
            appliedSchemaChanges.add(change);
        }
    }

    private static void addField(Map<String, FieldType> fields, String entity, FieldDescriptor field) {
        FieldType has = fields.get(field.name());
        if (has != null && has != field.type()) {
            throw conflict(entity, field.name(), has, "add it as " + field.type());
        }
        fields.put(field.name(), field.type());
    }

    private static ConnectorException conflict(String entity, String field, FieldType has, String wanted) {
        return new ConnectorException(ConnectorException.Kind.PERMANENT, "conflict: entity '" + entity
                + "' already has field '" + field + "' of type " + has + ", cannot " + wanted);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The record store, for subclasses in this package that decide outcomes themselves. */
    ReceivedRecords records() {
        return received;
    }

    /**
     * @param entity the entity's name
     * @return the records held for the entity, by key, in first-write order; an unmodifiable copy
     */
    public Map<String, SyncRecord> received(String entity) {
        return received.received(entity);
    }

    /** @return the number of distinct records held, all entities together */
    public long receivedCount() {
        return received.receivedCount();
    }

    /**
     * @param entity the entity's name
     * @param key the record's key
     * @return how many times the key was written (0 if never)
     */
    public int writeCount(String entity, String key) {
        return received.writeCount(entity, key);
    }

    /** @return record writes in all, re-sends included */
    public long totalWrites() {
        return received.totalWrites();
    }

    /** @return how many batches were written */
    public long batchCount() {
        return received.batchCount();
    }

    /**
     * Gives an entity of this destination a field of its own, as if an administrator had created it there,
     * e.g. to make a later schema change conflict with it.
     *
     * @param entity the entity's name
     * @param field the field
     */
    public void defineField(String entity, FieldDescriptor field) {
        Objects.requireNonNull(field, "field");
        synchronized (schemaLock) {
            Map<String, FieldType> fields = new LinkedHashMap<>(schemas.getOrDefault(entity, Map.of()));
            fields.put(field.name(), field.type());
            schemas.put(entity, Collections.unmodifiableMap(fields));
        }
    }

    /**
     * Removes a field from an entity's schema, as an administrator resolving a conflict would; absent is fine.
     *
     * @param entity the entity's name
     * @param field the field's name
     */
    public void dropField(String entity, String field) {
        synchronized (schemaLock) {
            Map<String, FieldType> fields = schemas.get(entity);
            if (fields != null && fields.containsKey(field)) {
                Map<String, FieldType> next = new LinkedHashMap<>(fields);
                next.remove(field);
                schemas.put(entity, Collections.unmodifiableMap(next));
            }
        }
    }

    /**
     * @param entity the entity's name
     * @return the entity's fields and their types in this destination, in order; empty when it has none
     */
    public Map<String, FieldType> schema(String entity) {
        return schemas.getOrDefault(entity, Map.of());
    }

    /** @return the schema changes applied so far, in order; an unmodifiable snapshot */
    public List<SchemaChange> appliedSchemaChanges() {
        return List.copyOf(appliedSchemaChanges);
    }

    /** @param supported whether {@link #applySchemaChange} works (default true) */
    public void supportSchemaChanges(boolean supported) {
        this.schemaChangesSupported = supported;
    }

    /** @param check what {@link #check()} answers from now on (default {@link ConnectionCheck#ok()}), not null */
    public void checkResult(ConnectionCheck check) {
        this.checkResult = Objects.requireNonNull(check, "check");
    }

    /** @return true once the engine opened this destination */
    public boolean isOpen() {
        return open;
    }

    /** @return true once the engine closed this destination */
    public boolean isClosed() {
        return closed;
    }
}
