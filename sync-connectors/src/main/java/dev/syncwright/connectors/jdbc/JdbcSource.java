package dev.syncwright.connectors.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.syncwright.connectors.internal.Json;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.ConnectionPool;
import dev.syncwright.connectors.jdbc.internal.SqlErrors;
import dev.syncwright.connectors.jdbc.internal.Values;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads tables or queries of a JDBC database, one {@link JdbcEntity} each, by keyset paging:
 * {@code SELECT * FROM t WHERE key > ? ORDER BY key LIMIT n}, so every page costs the same however deep
 * the read is. The checkpoint is the last key read; with an updated-at column it is the last
 * (updated-at, key) pair, and an INCREMENTAL run reads only rows changed since. The estimated count is a
 * {@code COUNT(*)}, unless turned off.
 *
 * <p>A lost connection, a serialization failure or a timeout is a transient failure (the engine retries);
 * a missing table or column is permanent and fails that entity only. Messages show the URL without its
 * credentials and never the password.
 *
 * <p>Thread-safe: reads of different entities may run at once, each on its own pooled connection.
 */
public final class JdbcSource implements SourceConnector {
    private final JdbcSettings settings;
    private final List<JdbcEntity> entities;
    private final boolean estimateCount;
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();
    private volatile ConnectionPool pool;

    private JdbcSource(Builder b) {
        this.settings = b.connection.build();
        this.entities = List.copyOf(b.entities);
        this.estimateCount = b.estimateCount;
    }

    /** @return a builder; not thread-safe */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String systemName() {
        return settings.systemName();
    }

    /**
     * Connects once to check the URL and credentials.
     *
     * @throws ConfigurationException naming {@code url} or {@code password} when retrying cannot help
     * @throws ConnectorException     (transient) when the database cannot be reached now
     */
    @Override
    public void open() {
        pool = settings.openPool();
    }

    /** @return the entities with the columns of their table or query, and a row count unless turned off */
    @Override
    public List<EntityDescriptor> entities() {
        List<EntityDescriptor> result = new ArrayList<>();
        for (JdbcEntity e : entities) {
            Shape shape = shape(e);
            List<FieldDescriptor> fields = new ArrayList<>();
            for (int i = 0; i < shape.labels.size(); i++) {
                fields.add(new FieldDescriptor(shape.labels.get(i), Values.fieldType(shape.types[i], shape.typeNames[i])));
            }
            OptionalLong count = estimateCount ? OptionalLong.of(count(e)) : OptionalLong.empty();
            result.add(new EntityDescriptor(e.name(), shape.labels.get(shape.key), fields, count));
        }
        return List.copyOf(result);
    }

    /** @throws ConnectorException transient for a lost connection or timeout, permanent for a bad table or query */
    @Override
    public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
        JdbcEntity e = entity(entity);
        Shape shape = shape(e);
        String order = shape.updatedAt >= 0 ? e.updatedAtColumn() + ", " + e.keyColumn() : e.keyColumn();
        String where = from.isStart() ? ""
                : shape.updatedAt >= 0
                ? " WHERE " + e.updatedAtColumn() + " > ? OR (" + e.updatedAtColumn() + " = ? AND " + e.keyColumn() + " > ?)"
                : " WHERE " + e.keyColumn() + " > ?";
        String sql = "SELECT * FROM " + e.from() + where + " ORDER BY " + order + " LIMIT ?";
        return withConnection("reading entity '" + e.name() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                settings.timeout(ps);
                int p = 1;
                if (!from.isStart()) {
                    p = bindCheckpoint(ps, shape, from);
                }
                ps.setInt(p, maxRecords + 1);
                List<SyncRecord> records = new ArrayList<>();
                boolean more = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (records.size() == maxRecords) {
                            more = true;
                            break;
                        }
                        records.add(toRecord(e, shape, rs));
                    }
                }
                Checkpoint next = records.isEmpty() ? from : checkpointAfter(shape, records.get(records.size() - 1));
                return new Page(records, next, more);
            }
        });
    }

    /** Reads rows by key, 500 keys per statement. */
    @Override
    public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
        JdbcEntity e = entity(entity);
        Shape shape = shape(e);
        List<String> all = List.copyOf(keys);
        List<SyncRecord> found = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String sql = "SELECT * FROM " + e.from() + " WHERE " + e.keyColumn() + " IN ("
                    + chunk.stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
            found.addAll(withConnection("reading entity '" + e.name() + "' by key", c -> {
                List<SyncRecord> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    settings.timeout(ps);
                    int p = 1;
                    for (String key : chunk) {
                        ps.setObject(p++, parse(key, shape, shape.key));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(toRecord(e, shape, rs));
                        }
                    }
                }
                return rows;
            }));
        }
        return found;
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        ConnectionPool p = pool;
        if (p != null) {
            p.close();
        }
    }

    private SyncRecord toRecord(JdbcEntity e, Shape shape, ResultSet rs) throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < shape.labels.size(); i++) {
            fields.put(shape.labels.get(i), Values.read(rs, i + 1, shape.types[i], shape.typeNames[i]));
        }
        String key = Json.text(fields.get(shape.labels.get(shape.key)));
        String reference = shape.reference >= 0 ? Json.text(fields.get(shape.labels.get(shape.reference))) : key;
        String cursor = shape.updatedAt >= 0 ? Json.text(fields.get(shape.labels.get(shape.updatedAt))) : null;
        return new SyncRecord(e.name(), key, reference, fields, cursor);
    }

    private Checkpoint checkpointAfter(Shape shape, SyncRecord last) {
        if (shape.updatedAt < 0) {
            return Checkpoint.of(last.key());
        }
        try {
            return Checkpoint.of(Json.mapper().writeValueAsString(List.of(Objects.toString(last.cursor(), ""), last.key())));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private int bindCheckpoint(PreparedStatement ps, Shape shape, Checkpoint from) throws SQLException {
        if (shape.updatedAt < 0) {
            ps.setObject(1, parse(from.value(), shape, shape.key));
            return 2;
        }
        String[] pair;
        try {
            pair = Json.mapper().readValue(from.value(), String[].class);
        } catch (JsonProcessingException ex) {
            pair = null;
        }
        if (pair == null || pair.length != 2) {
            throw ConnectorException.permanent("checkpoint '" + Texts.shorten(from.value(), 80)
                    + "' is not an (updated-at, key) pair", null);
        }
        Object updatedAt = parse(pair[0], shape, shape.updatedAt);
        ps.setObject(1, updatedAt);
        ps.setObject(2, updatedAt);
        ps.setObject(3, parse(pair[1], shape, shape.key));
        return 4;
    }

    private static Object parse(String text, Shape shape, int column) {
        try {
            return Values.parse(text, shape.types[column], shape.typeNames[column]);
        } catch (Values.BadValue ex) {
            throw ConnectorException.permanent("checkpoint value '" + Texts.shorten(text, 80) + "' does not fit column "
                    + shape.labels.get(column), null);
        }
    }

    private long count(JdbcEntity e) {
        return withConnection("counting entity '" + e.name() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + e.from())) {
                settings.timeout(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Math.max(0, rs.getLong(1)) : 0L;
                }
            }
        });
    }

    private Shape shape(JdbcEntity e) {
        Shape known = shapes.get(e.name());
        if (known != null) {
            return known;
        }
        Shape shape = withConnection("reading the columns of entity '" + e.name() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + e.from() + " WHERE 1 = 0")) {
                settings.timeout(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return Shape.of(e, rs.getMetaData());
                }
            }
        });
        shapes.put(e.name(), shape);
        return shape;
    }

    private JdbcEntity entity(EntityDescriptor entity) {
        for (JdbcEntity e : entities) {
            if (e.name().equals(entity.name())) {
                return e;
            }
        }
        throw ConnectorException.permanent("no JDBC entity named '" + entity.name() + "'", null);
    }

    private <T> T withConnection(String what, JdbcSettings.SqlWork<T> work) {
        ConnectionPool p = pool;
        if (p == null) {
            throw new IllegalStateException("the source is not open");
        }
        return settings.run(p, what, work);
    }

    @Override
    public String toString() {
        return "JdbcSource[" + settings + ", entities=" + entities.stream().map(JdbcEntity::name).toList() + "]";
    }

    /** The columns of an entity's rows. */
    private record Shape(List<String> labels, int[] types, String[] typeNames, int key, int updatedAt, int reference) {
        static Shape of(JdbcEntity e, ResultSetMetaData md) throws SQLException {
            List<String> labels = new ArrayList<>();
            int[] types = new int[md.getColumnCount()];
            String[] names = new String[md.getColumnCount()];
            for (int i = 0; i < types.length; i++) {
                labels.add(md.getColumnLabel(i + 1));
                types[i] = md.getColumnType(i + 1);
                names[i] = md.getColumnTypeName(i + 1);
            }
            int key = find(labels, e.keyColumn(), "keyColumn", e);
            int updatedAt = e.updatedAtColumn() == null ? -1 : find(labels, e.updatedAtColumn(), "updatedAtColumn", e);
            int reference = e.referenceColumn() == null ? -1 : find(labels, e.referenceColumn(), "referenceColumn", e);
            return new Shape(List.copyOf(labels), types, names, key, updatedAt, reference);
        }

        private static int find(List<String> labels, String column, String setting, JdbcEntity e) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equalsIgnoreCase(column)) {
                    return i;
                }
            }
            throw new ConfigurationException("entities." + setting, "entity '" + e.name() + "' has no column '" + column
                    + "' (columns: " + String.join(", ", labels) + ")");
        }
    }

    /** Builds a {@link JdbcSource}; each setting is checked as it is given. Not thread-safe. */
    public static final class Builder {
        private final JdbcSettings.Builder connection = new JdbcSettings.Builder("jdbc");
        private final List<JdbcEntity> entities = new ArrayList<>();
        private boolean estimateCount = true;

        private Builder() {
        }

        /**
         * @param url the JDBC URL, e.g. {@code jdbc:postgresql://host/db}; the driver must be on the class path
         * @return this builder
         */
        public Builder url(String url) {
            connection.url(url);
            return this;
        }

        /**
         * @param user the database user, may be null
         * @return this builder
         */
        public Builder user(String user) {
            connection.user(user);
            return this;
        }

        /**
         * @param password the password, may be null; never shown in messages
         * @return this builder
         */
        public Builder password(dev.syncwright.spi.Secret password) {
            connection.password(password);
            return this;
        }

        /**
         * @param timeout the longest a statement may run before it fails (transient); default 5 minutes
         * @return this builder
         */
        public Builder queryTimeout(java.time.Duration timeout) {
            connection.queryTimeout(timeout);
            return this;
        }

        /**
         * @param name the source system's name shown in reports, not blank (default {@code jdbc})
         * @return this builder
         */
        public Builder systemName(String name) {
            connection.systemName(name);
            return this;
        }

        /**
         * @param entity an entity to read; names must be unique
         * @return this builder
         * @throws ConfigurationException naming {@code entities} for a duplicate name
         */
        public Builder entity(JdbcEntity entity) {
            Objects.requireNonNull(entity, "entity");
            if (entities.stream().anyMatch(e -> e.name().equals(entity.name()))) {
                throw new ConfigurationException("entities", "entity '" + entity.name() + "' is listed twice");
            }
            entities.add(entity);
            return this;
        }

        /**
         * @param estimate whether {@link #entities()} counts each entity's rows for progress (default true)
         * @return this builder
         */
        public Builder estimateCount(boolean estimate) {
            this.estimateCount = estimate;
            return this;
        }

        /**
         * @return a new source
         * @throws ConfigurationException naming {@code url} when it is missing, or {@code entities} when none is set
         */
        public JdbcSource build() {
            if (entities.isEmpty()) {
                throw new ConfigurationException("entities", "at least one entity is required");
            }
            return new JdbcSource(this);
        }
    }
}
