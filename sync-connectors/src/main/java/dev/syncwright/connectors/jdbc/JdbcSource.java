package dev.syncwright.connectors.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.syncwright.connectors.internal.Json;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.Identifiers;
import dev.syncwright.connectors.jdbc.internal.Sql;
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

/**
 * Reads tables or queries of a JDBC database, one {@link JdbcEntity} each, by keyset paging:
 * {@code SELECT * FROM "t" WHERE "key" > ? ORDER BY "key" LIMIT n}, so every page costs the same however deep
 * the read is. The checkpoint is the last key read; with an updated-at column it is the last
 * (updated-at, key) pair, and an INCREMENTAL run reads only rows changed since. The estimated count is a
 * {@code COUNT(*)}, unless turned off.
 *
 * <p>Tables and columns are found and quoted as the {@linkplain dev.syncwright.connectors.jdbc package
 * documentation} says. SQL is written in the {@link SqlDialect} set, else in the one of the URL (H2,
 * PostgreSQL); for other databases, identifiers are quoted with the quote character the driver reports.
 *
 * <p>A page is read in a transaction through a cursor, {@code fetchSize} rows at a time (1,000 by
 * default), so neither the driver nor the source ever holds more than a page, however large the table: reading a
 * table of ten million rows needs the memory of one page.
 *
 * <p>A lost connection, a serialization failure or a timeout is a transient failure (the engine retries);
 * a missing table or column is permanent and fails that entity only. Messages show the URL without its
 * credentials and never the password. Connections come from a {@linkplain Builder#url URL}, through a small
 * built-in pool, or from the host's {@linkplain Builder#dataSource data source}; see {@link JdbcConnectorBuilder}.
 *
 * <p>Thread-safe: reads of different entities may run at once, each on its own connection.
 */
public final class JdbcSource implements SourceConnector {
    private final JdbcSettings settings;
    private final List<JdbcEntity> entities;
    private final boolean estimateCount;
    private final SqlDialect dialect;
    private final int fetchSize;
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();
    private volatile JdbcSettings.Connected connected;

    private JdbcSource(Builder b) {
        this.settings = new JdbcSettings(b);
        this.entities = List.copyOf(b.entities);
        this.estimateCount = b.estimateCount;
        this.fetchSize = b.fetchSize;
        this.dialect = b.dialect != null ? b.dialect : builtInDialect(settings.url());
    }

    private static SqlDialect builtInDialect(String url) {
        try {
            return url == null ? null : SqlDialect.forUrl(url);
        } catch (ConfigurationException e) {
            return null; // told from the database's product name, or made from the driver's metadata, on open
        }
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
     * Connects once to check the URL and credentials, or the data source.
     *
     * @throws ConfigurationException naming {@code url}, {@code password} or {@code dataSource} when retrying cannot
     *                                help
     * @throws ConnectorException     (transient) when the database cannot be reached now
     */
    @Override
    public void open() {
        connected = settings.connect(dialect, false);
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
        String key = shape.quoted(shape.key);
        String updatedAt = shape.updatedAt >= 0 ? shape.quoted(shape.updatedAt) : null;
        String order = updatedAt != null ? updatedAt + ", " + key : key;
        String where = from.isStart() ? ""
                : updatedAt != null
                ? " WHERE " + updatedAt + " > ? OR (" + updatedAt + " = ? AND " + key + " > ?)"
                : " WHERE " + key + " > ?";
        String sql = connected().identifiers().dialect().limit("SELECT * FROM " + shape.from + where + " ORDER BY " + order);
        return withConnection("reading entity '" + Texts.shorten(e.name(), 80) + "'", c -> {
            c.setAutoCommit(false); // PostgreSQL's driver fetches through a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                settings.timeout(ps);
                ps.setFetchSize(Math.min(fetchSize, maxRecords + 1));
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
            String sql = "SELECT * FROM " + shape.from + " WHERE " + shape.quoted(shape.key) + " IN ("
                    + Sql.parameters(chunk.size()) + ")";
            found.addAll(withConnection("reading entity '" + Texts.shorten(e.name(), 80) + "' by key", c -> {
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

    /** Closes the built-in pool's connections; a host's data source is left open. */
    @Override
    public void close() {
        JdbcSettings.Connected c = connected;
        if (c != null) {
            c.pool().close();
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
                    + Texts.shorten(shape.labels.get(column), 80), null);
        }
    }

    private long count(JdbcEntity e) {
        String from = shape(e).from;
        return withConnection("counting entity '" + Texts.shorten(e.name(), 80) + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + from)) {
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
        Identifiers names = connected().identifiers();
        Shape shape = withConnection("reading the columns of entity '" + Texts.shorten(e.name(), 80) + "'", c -> {
            String from = e.table() == null ? "(" + e.query() + ") q" : names.quote(names.table(c, e.table(), "entities.table"));
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + from + " WHERE 1 = 0")) {
                settings.timeout(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return Shape.of(e, from, rs.getMetaData(), names);
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
        throw ConnectorException.permanent("no JDBC entity named '" + Texts.shorten(entity.name(), 80) + "'", null);
    }

    private <T> T withConnection(String what, JdbcSettings.SqlWork<T> work) {
        return settings.run(connected().pool(), what, work);
    }

    private JdbcSettings.Connected connected() {
        JdbcSettings.Connected c = connected;
        if (c == null) {
            throw new IllegalStateException("the source is not open");
        }
        return c;
    }

    @Override
    public String toString() {
        return "JdbcSource[" + settings + ", entities=" + entities.stream().map(JdbcEntity::name).toList() + "]";
    }

    /** Where an entity's rows come from (a quoted table or a derived query) and their columns. */
    private record Shape(String from, List<String> labels, List<String> quoted, int[] types, String[] typeNames, int key,
                         int updatedAt, int reference) {
        String quoted(int column) {
            return quoted.get(column);
        }

        static Shape of(JdbcEntity e, String from, ResultSetMetaData md, Identifiers names) throws SQLException {
            List<String> labels = new ArrayList<>();
            int[] types = new int[md.getColumnCount()];
            String[] typeNames = new String[md.getColumnCount()];
            for (int i = 0; i < types.length; i++) {
                labels.add(md.getColumnLabel(i + 1));
                types[i] = md.getColumnType(i + 1);
                typeNames[i] = md.getColumnTypeName(i + 1);
            }
            int key = find(labels, e.keyColumn(), "keyColumn", e, names);
            int updatedAt = e.updatedAtColumn() == null ? -1 : find(labels, e.updatedAtColumn(), "updatedAtColumn", e, names);
            int reference = e.referenceColumn() == null ? -1 : find(labels, e.referenceColumn(), "referenceColumn", e, names);
            return new Shape(from, List.copyOf(labels), labels.stream().map(names::quote).toList(), types, typeNames,
                    key, updatedAt, reference);
        }

        private static int find(List<String> labels, String column, String setting, JdbcEntity e, Identifiers names) {
            int i = names.indexOf(labels, column, "entities." + setting);
            if (i < 0) {
                throw new ConfigurationException("entities." + setting, "entity '" + Texts.shorten(e.name(), 80)
                        + "' has no column '" + Texts.shorten(column, 80) + "' (columns: "
                        + Texts.shorten(String.join(", ", labels), 300) + ")");
            }
            return i;
        }
    }

    /**
     * Builds a {@link JdbcSource}; each setting is checked as it is given. The connection settings are
     * {@link JdbcConnectorBuilder}'s; without a {@link #dialect} set, a database with no built-in dialect is read
     * with identifiers quoted by the quote character its driver reports and rows limited by {@code LIMIT}. Not
     * thread-safe.
     */
    public static final class Builder extends JdbcConnectorBuilder<Builder> {
        /** How many rows a read fetches from the database at a time by default. */
        public static final int DEFAULT_FETCH_SIZE = 1_000;
        private final List<JdbcEntity> entities = new ArrayList<>();
        private boolean estimateCount = true;
        private int fetchSize = DEFAULT_FETCH_SIZE;

        private Builder() {
        }

        /**
         * @param entity an entity to read; names must be unique
         * @return this builder
         * @throws ConfigurationException naming {@code entities} for a duplicate name
         */
        public Builder entity(JdbcEntity entity) {
            Objects.requireNonNull(entity, "entity");
            if (entities.stream().anyMatch(e -> e.name().equals(entity.name()))) {
                throw new ConfigurationException("entities", "entity '" + Texts.shorten(entity.name(), 80) + "' is listed twice");
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
         * @param rows how many rows a read fetches from the database at a time, through a cursor (default
         *             {@value #DEFAULT_FETCH_SIZE}); never more than the page asked for
         * @return this builder
         * @throws ConfigurationException naming {@code fetchSize} when it is less than 1
         */
        public Builder fetchSize(int rows) {
            if (rows < 1) {
                throw new ConfigurationException("fetchSize", "must be at least 1, was " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /**
         * @return a new source
         * @throws ConfigurationException naming {@code url} when neither it nor a data source is set,
         *                                {@code entities} when none is set, or a connection setting that does not go
         *                                with a data source
         */
        public JdbcSource build() {
            if (entities.isEmpty()) {
                throw new ConfigurationException("entities", "at least one entity is required");
            }
            return new JdbcSource(this);
        }
    }
}
