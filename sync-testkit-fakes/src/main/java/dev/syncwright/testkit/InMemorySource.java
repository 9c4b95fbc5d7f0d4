package dev.syncwright.testkit;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source that generates records in memory: N entities × M records, with stable keys
 * ({@code entity-1-000042}), references ({@code ENTITY-1-000042}) and string fields. The checkpoint is the
 * index of the next record, so a resumed read continues exactly where it stopped, and records
 * {@link #append appended} later are read by a run that starts from an old checkpoint.
 *
 * <p>For connection tests it can also change what it says about itself: {@link #describeAs} replaces an
 * entity's descriptor (a schema change at the source), {@link #addEntity} and {@link #removeEntity} add and
 * drop entities, and {@link #checkResult} sets what {@link #check()} answers.
 *
 * <p>Thread-safe: reads of different entities may run concurrently with each other and with the
 * mutators ({@link #append}, {@link #addRecord}, {@link #failReads}, {@link #describeAs}, {@link #addEntity},
 * {@link #removeEntity}, {@link #checkResult}).
 */
public final class InMemorySource implements SourceConnector {
    private final String systemName;
    private final int fieldsPerRecord;
    private final boolean estimates;
    /** Copy-on-write, so {@link #entities()} and reads never see a half-changed map; replaced under {@code this}. */
    private volatile Map<String, EntityData> entities = Map.of();
    private volatile ConnectorException openFailure;
    private volatile ConnectionCheck checkResult = ConnectionCheck.ok();

    private static final class EntityData {
        final List<SyncRecord> records = new ArrayList<>();
        int nextSeq;
        volatile ConnectorException readFailure;
        volatile EntityDescriptor descriptor;
        final AtomicInteger reads = new AtomicInteger();
    }

    private InMemorySource(Builder b) {
        this.systemName = b.systemName;
        this.fieldsPerRecord = b.fieldsPerRecord;
        this.estimates = b.estimates;
        Map<String, EntityData> initial = new LinkedHashMap<>();
        b.counts.forEach((name, count) -> initial.put(name, newEntity(name, count)));
        this.entities = Collections.unmodifiableMap(initial);
    }

    private EntityData newEntity(String name, int count) {
        EntityData data = new EntityData();
        generate(name, data, count);
        return data;
    }

    /** @return a builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    private void generate(String entity, EntityData data, int count) {
        for (int i = 0; i < count; i++) {
            int seq = data.nextSeq++;
            String key = String.format(Locale.ROOT, "%s-%06d", entity, seq);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", key);
            for (int f = 1; f <= fieldsPerRecord; f++) {
                fields.put("field" + f, "value-" + seq + "-" + f);
            }
            data.records.add(new SyncRecord(entity, key, key.toUpperCase(Locale.ROOT), fields,
                    String.format(Locale.ROOT, "%010d", seq)));
        }
    }

    private EntityData data(String entity) {
        EntityData data = entities.get(entity);
        if (data == null) {
            throw new ConnectorException(ConnectorException.Kind.PERMANENT, "unknown entity '" + entity + "'");
        }
        return data;
    }

    @Override
    public String systemName() {
        return systemName;
    }

    @Override
    public void open() {
        ConnectorException failure = openFailure;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public ConnectionCheck check() {
        return checkResult;
    }

    @Override
    public List<EntityDescriptor> entities() {
        List<FieldDescriptor> fields = new ArrayList<>();
        fields.add(FieldDescriptor.string("id"));
        for (int f = 1; f <= fieldsPerRecord; f++) {
            fields.add(FieldDescriptor.string("field" + f));
        }
        List<EntityDescriptor> out = new ArrayList<>();
        entities.forEach((name, data) -> {
            OptionalLong estimate;
            synchronized (data) {
                estimate = estimates ? OptionalLong.of(data.records.size()) : OptionalLong.empty();
            }
            EntityDescriptor described = data.descriptor;
            out.add(described != null ? new EntityDescriptor(name, described.keyField(), described.fields(), estimate)
                    : new EntityDescriptor(name, "id", fields, estimate));
        });
        return out;
    }

    @Override
    public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
        EntityData data = data(entity.name());
        data.reads.incrementAndGet();
        ConnectorException failure = data.readFailure;
        if (failure != null) {
            throw failure;
        }
        int start = from.isStart() ? 0 : Integer.parseInt(from.value());
        synchronized (data) {
            int end = (int) Math.min(data.records.size(), (long) start + maxRecords);
            List<SyncRecord> page = start >= end ? List.of() : new ArrayList<>(data.records.subList(start, end));
            int next = Math.max(start, end);
            return new Page(page, Checkpoint.of(Integer.toString(next)), next < data.records.size());
        }
    }

    @Override
    public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
        EntityData data = data(entity.name());
        ConnectorException failure = data.readFailure;
        if (failure != null) {
            throw failure;
        }
        Set<String> wanted = new HashSet<>(keys);
        List<SyncRecord> found = new ArrayList<>();
        synchronized (data) {
            for (SyncRecord r : data.records) {
                if (r.key() != null && wanted.contains(r.key())) {
                    found.add(r);
                }
            }
        }
        return found;
    }

    /**
     * Adds {@code count} generated records after the existing ones of the entity.
     *
     * @param entity the entity's name
     * @param count how many records to add
     */
    public void append(String entity, int count) {
        EntityData data = data(entity);
        synchronized (data) {
            generate(entity, data, count);
        }
    }

    /**
     * Adds a given record (e.g. one without a key) after the existing ones of the entity.
     *
     * @param entity the entity's name
     * @param record the record
     */
    public void addRecord(String entity, SyncRecord record) {
        Objects.requireNonNull(record, "record");
        EntityData data = data(entity);
        synchronized (data) {
            data.records.add(record);
        }
    }

    /**
     * Removes the record with that key. Later records move up one position, so use it between runs (e.g. to
     * test a resync of a record that no longer exists), not to test resuming.
     *
     * @param entity the entity's name
     * @param key the record's key
     */
    public void remove(String entity, String key) {
        EntityData data = data(entity);
        synchronized (data) {
            data.records.removeIf(r -> Objects.equals(r.key(), key));
        }
    }

    /**
     * Makes every later read of the entity throw {@code failure}; null makes reads work again.
     *
     * @param entity the entity's name
     * @param failure what reads throw, or null
     */
    public void failReads(String entity, ConnectorException failure) {
        data(entity).readFailure = failure;
    }

    /**
     * Makes {@link #open()} throw {@code failure}; null makes it work again.
     *
     * @param failure what {@code open} throws, or null
     */
    public void failOpen(ConnectorException failure) {
        this.openFailure = failure;
    }

    /**
     * Makes {@link #entities()} describe an entity with the given key field and fields from now on, as when
     * the source system's schema changed. The records themselves are not changed.
     *
     * @param descriptor the new description; its name must be one of this source's entities
     * @throws ConnectorException when the source has no entity of that name
     */
    public void describeAs(EntityDescriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        data(descriptor.name()).descriptor = descriptor;
    }

    /**
     * Adds an entity, listed after the existing ones, with that many generated records.
     *
     * @param name the entity's name
     * @param records how many records to generate
     * @throws IllegalArgumentException when the source already has an entity of that name
     */
    public synchronized void addEntity(String name, int records) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("entity name must not be blank");
        }
        if (records < 0) {
            throw new IllegalArgumentException("records of entity '" + name + "' must not be negative, was " + records);
        }
        if (entities.containsKey(name)) {
            throw new IllegalArgumentException("entity '" + name + "' already exists");
        }
        Map<String, EntityData> next = new LinkedHashMap<>(entities);
        next.put(name, newEntity(name, records));
        entities = Collections.unmodifiableMap(next);
    }

    /**
     * Drops an entity: it is no longer listed and reading it fails as an unknown entity.
     *
     * @param name the entity's name
     * @throws ConnectorException when the source has no entity of that name
     */
    public synchronized void removeEntity(String name) {
        data(name);
        Map<String, EntityData> next = new LinkedHashMap<>(entities);
        next.remove(name);
        entities = Collections.unmodifiableMap(next);
    }

    /** @param check what {@link #check()} answers from now on (default {@link ConnectionCheck#ok()}), not null */
    public void checkResult(ConnectionCheck check) {
        this.checkResult = Objects.requireNonNull(check, "check");
    }

    /**
     * @param entity the entity's name
     * @return the entity's current records in order; an unmodifiable copy
     */
    public List<SyncRecord> records(String entity) {
        EntityData data = data(entity);
        synchronized (data) {
            return List.copyOf(data.records);
        }
    }

    /**
     * @param entity the entity's name
     * @return how many times the entity was read page by page
     */
    public int readCount(String entity) {
        return data(entity).reads.get();
    }

    /** Builds an {@link InMemorySource}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private int fieldsPerRecord = 3;
        private boolean estimates = true;
        private String systemName = "memory-source";

        private Builder() {
        }

        /**
         * Adds entities {@code entity-1 .. entity-n} of {@code recordsPerEntity} records each.
         *
         * @param n how many entities
         * @param recordsPerEntity how many records each
         * @return this builder
         */
        public Builder entities(int n, int recordsPerEntity) {
            if (n < 1) {
                throw new IllegalArgumentException("entities must be at least 1, was " + n);
            }
            for (int i = 1; i <= n; i++) {
                entity("entity-" + i, recordsPerEntity);
            }
            return this;
        }

        /**
         * Adds one entity with that many generated records.
         *
         * @param name the entity's name
         * @param records how many records to generate
         * @return this builder
         */
        public Builder entity(String name, int records) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("entity name must not be blank");
            }
            if (records < 0) {
                throw new IllegalArgumentException("records of entity '" + name + "' must not be negative, was " + records);
            }
            counts.put(name, records);
            return this;
        }

        /**
         * @param fields string fields per record besides the id (default 3)
         * @return this builder
         */
        public Builder fieldsPerRecord(int fields) {
            if (fields < 0) {
                throw new IllegalArgumentException("fieldsPerRecord must not be negative, was " + fields);
            }
            this.fieldsPerRecord = fields;
            return this;
        }

        /**
         * @param estimates whether entities report their record count as an estimate (default true)
         * @return this builder
         */
        public Builder withEstimatedCounts(boolean estimates) {
            this.estimates = estimates;
            return this;
        }

        /**
         * @param name the system name reports show (default "memory-source")
         * @return this builder
         */
        public Builder systemName(String name) {
            this.systemName = Objects.requireNonNull(name, "systemName");
            return this;
        }

        /** @return the source */
        public InMemorySource build() {
            if (counts.isEmpty()) {
                throw new IllegalStateException("add at least one entity");
            }
            return new InMemorySource(this);
        }
    }
}
