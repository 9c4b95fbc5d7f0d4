package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.Connections;
import dev.syncwright.connectors.jdbc.internal.CopyUpsert;
import dev.syncwright.connectors.jdbc.internal.Identifiers;
import dev.syncwright.connectors.jdbc.internal.Sql;
import dev.syncwright.connectors.jdbc.internal.SqlErrors;
import dev.syncwright.connectors.jdbc.internal.StatementUpsert;
import dev.syncwright.connectors.jdbc.internal.TargetTable;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upserts records into database tables by key, one table per entity ({@code tables} maps entity names to
 * table names; by default the table is named after the entity). Each batch is one transaction, so a record written
 * twice is stored once. How a batch is written is the {@link WriteMethod}:
 * <ul>
 * <li>on PostgreSQL (with its JDBC driver, {@code org.postgresql}) by default {@link WriteMethod#COPY}: the batch
 *     is {@code COPY}'d into a temporary staging table and upserted from it with one
 *     {@code INSERT .. SELECT .. ON CONFLICT (key) DO UPDATE}, at close to bulk-load speed. The staging table
 *     ({@code pg_temp."syncwright_stage_.."}, {@code ON COMMIT DELETE ROWS}) is made once per connection and set
 *     of columns, and lives as long as the database connection;</li>
 * <li>elsewhere, or when set to {@link WriteMethod#STATEMENTS}, batched upsert statements:
 *     {@code MERGE INTO .. KEY (..)} on H2, {@code INSERT .. ON CONFLICT (..) DO UPDATE} on PostgreSQL, or what
 *     the {@link SqlDialect} set writes.</li>
 * </ul>
 * Values are converted to the column types (a CSV string {@code "12.50"} into a NUMERIC column); a value that does
 * not fit FAILS that record only. When the same key comes twice in a batch, the later record's values are stored.
 *
 * <p>Tables, columns and record fields are matched to the names the database stores as the
 * {@linkplain dev.syncwright.connectors.jdbc package documentation} says, and every identifier is quoted, so
 * columns with spaces, quotes, mixed case or reserved words are written like any other. Fields without a column
 * are not written (logged once per entity).
 *
 * <p>Both methods give the same outcomes. When the batch fails on one row (a constraint violation, a bad value),
 * it is rolled back and written again row by row inside one transaction with a savepoint per row: the bad rows are
 * FAILED with the database's message, the others OK. A lost connection, a timeout, a serialization failure or a
 * deadlock (SQLSTATE 08xxx, 57014, 57P0x, 40001, 40P01) is transient: the whole batch is retried by the engine.
 * With {@code createTables}, a missing table is created from the entity's fields, with the key as primary key;
 * plain names (letters, digits, {@code _}) are created as the database stores unquoted names, so hand-written SQL
 * finds them unquoted, and other names exactly as given.
 *
 * <p>Connections come from a {@linkplain Builder#url URL}, through a small built-in pool, or from the host's
 * {@linkplain Builder#dataSource data source}; see {@link JdbcConnectorBuilder}.
 *
 * <p>Thread-safe: batches of different entities are written at once, each on its own connection.
 */
public final class JdbcDestination implements DestinationConnector {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDestination.class);
    /** The setting an ambiguous table or column name points at. */
    private static final String TABLES = "tables";

    private final JdbcSettings settings;
    private final SqlDialect dialect;
    private final WriteMethod writeMethod;
    private final boolean createTables;
    private final Map<String, String> tableNames;
    private final Map<String, TargetTable> tables = new ConcurrentHashMap<>();
    private volatile Opened opened;

    /** How batches are written. */
    public enum WriteMethod {
        /** {@link #COPY} on PostgreSQL with its own JDBC driver and the built-in dialect, else {@link #STATEMENTS}. */
        AUTO,
        /**
         * {@code COPY} into a temporary staging table, then one {@code INSERT .. SELECT .. ON CONFLICT}: PostgreSQL
         * with its JDBC driver ({@code org.postgresql}) only; anything else fails on open with a
         * {@link ConfigurationException} naming {@code writeMethod}.
         */
        COPY,
        /** Batched upsert statements, as the {@link SqlDialect} writes them; works on every database. */
        STATEMENTS
    }

    /** The open connections, and the bulk path when batches are COPY'd, else null. */
    private record Opened(JdbcSettings.Connected db, CopyUpsert copy) {
    }

    private JdbcDestination(Builder b) {
        this.settings = new JdbcSettings(b);
        this.dialect = b.dialect != null ? b.dialect : settings.url() != null ? SqlDialect.forUrl(settings.url()) : null;
        this.writeMethod = b.writeMethod;
        if (writeMethod == WriteMethod.COPY && dialect == SqlDialect.H2) {
            throw new ConfigurationException("writeMethod", "COPY needs PostgreSQL, but the dialect is H2");
        }
        this.createTables = b.createTables;
        this.tableNames = Map.copyOf(b.tables);
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
     * Connects once to check the URL and credentials (or the data source), and reads how the database stores names.
     *
     * @throws ConfigurationException naming {@code url}, {@code password} or {@code dataSource} when retrying cannot
     *                                help, {@code dialect} when a data source's database has no built-in dialect, or
     *                                {@code writeMethod} when COPY is asked for and the database cannot do it
     * @throws ConnectorException     (transient) when the database cannot be reached now
     */
    @Override
    public void open(DestinationContext context) {
        JdbcSettings.Connected db = settings.connect(dialect, true);
        if (writeMethod == WriteMethod.COPY && !db.copy()) {
            db.pool().close();
            throw new ConfigurationException("writeMethod", "COPY needs PostgreSQL with its JDBC driver (org.postgresql),"
                    + " but the connections are not that driver's");
        }
        boolean copy = db.copy() && (writeMethod == WriteMethod.COPY
                || writeMethod == WriteMethod.AUTO && db.dialect() == SqlDialect.POSTGRESQL);
        opened = new Opened(db, copy ? new CopyUpsert() : null);
    }

    /**
     * @throws ConnectorException transient when the connection is lost or the transaction could not be
     *                            serialized; permanent when the table is missing or lacks the key column
     */
    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        Opened o = opened();
        TargetTable table = table(entity, batch);
        List<TargetTable.Column> columns = columnsFor(table, entity, batch);
        String upsert = o.db().dialect().upsert(table.sql(), table.quotedKey(), table.quoted(columns));
        int timeout = settings.timeoutSeconds();
        return settings.run(o.db().pool(), "writing entity '" + Texts.shorten(entity.name(), 80) + "'", c -> o.copy() != null
                ? o.copy().write(c, table, columns, batch, upsert, timeout, entity.name())
                : StatementUpsert.write(c, upsert, table, columns, batch, timeout, entity.name()));
    }

    /** Deletes every row of the entity's table; a missing table has nothing to delete. */
    @Override
    public void removeEntityData(EntityDescriptor entity) {
        String configured = tableName(entity);
        Identifiers names = identifiers();
        settings.run(pool(), "removing the data of entity '" + Texts.shorten(entity.name(), 80) + "'", c -> {
            try (Statement s = c.createStatement()) {
                settings.timeout(s);
                return s.executeUpdate("DELETE FROM " + names.quote(names.table(c, configured, TABLES)));
            } catch (SQLException e) {
                if (SqlErrors.isMissingTable(e)) {
                    return 0;
                }
                throw e;
            }
        });
    }

    /** Closes the built-in pool's connections; a host's data source is left open. */
    @Override
    public void close() {
        Opened o = opened;
        if (o != null) {
            o.db().pool().close();
        }
    }

    /** The table's columns that the batch has values for, the key first, each with the fields that fill it. */
    private List<TargetTable.Column> columnsFor(TargetTable table, EntityDescriptor entity, List<SyncRecord> batch) {
        Identifiers names = identifiers();
        Map<Integer, List<String>> fieldsByColumn = new TreeMap<>();
        fieldsByColumn.put(table.key(), new ArrayList<>(List.of(entity.keyField())));
        Set<String> seen = new HashSet<>(Set.of(entity.keyField()));
        List<String> unmatched = new ArrayList<>();
        for (SyncRecord r : batch) {
            for (String field : r.fields().keySet()) {
                if (seen.add(field)) {
                    int index = names.indexOf(table.columns(), field, TABLES);
                    if (index < 0) {
                        unmatched.add(field);
                    } else {
                        fieldsByColumn.computeIfAbsent(index, i -> new ArrayList<>()).add(field);
                    }
                }
            }
        }
        if (!unmatched.isEmpty() && table.warned().compareAndSet(false, true)) {
            LOG.warn("Table {} has no column for fields {} of entity {}; they are not written", Texts.oneLine(table.sql()),
                    Texts.shorten(String.join(", ", unmatched), 300), Texts.oneLine(entity.name()));
        }
        List<TargetTable.Column> columns = new ArrayList<>();
        columns.add(new TargetTable.Column(table.key(), List.copyOf(fieldsByColumn.remove(table.key()))));
        fieldsByColumn.forEach((index, fields) -> columns.add(new TargetTable.Column(index, List.copyOf(fields))));
        return columns;
    }

    private TargetTable table(EntityDescriptor entity, List<SyncRecord> batch) {
        TargetTable known = tables.get(entity.name());
        if (known != null) {
            return known;
        }
        String configured = tableName(entity);
        Identifiers names = identifiers();
        TargetTable table = settings.run(pool(), "reading the columns of table '" + Texts.shorten(configured, 80) + "'", c -> {
            String quoted = names.quote(names.table(c, configured, TABLES));
            try {
                return probe(c, quoted, entity, names);
            } catch (SQLException e) {
                if (!SqlErrors.isMissingTable(e)) {
                    throw e;
                }
                if (!createTables) {
                    throw ConnectorException.permanent("table '" + Texts.shorten(configured, 80)
                            + "' does not exist; create it, or set createTables", e);
                }
                create(c, quoted, entity, batch, names);
                return probe(c, quoted, entity, names);
            }
        });
        tables.put(entity.name(), table);
        return table;
    }

    private TargetTable probe(Connection c, String quoted, EntityDescriptor entity, Identifiers names) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + quoted + " WHERE 1 = 0")) {
            settings.timeout(ps);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                int[] types = new int[md.getColumnCount()];
                String[] typeNames = new String[types.length];
                for (int i = 0; i < types.length; i++) {
                    columns.add(md.getColumnName(i + 1));
                    types[i] = md.getColumnType(i + 1);
                    typeNames[i] = md.getColumnTypeName(i + 1);
                }
                int key = names.indexOf(columns, entity.keyField(), TABLES);
                if (key < 0) {
                    throw ConnectorException.permanent("table " + Texts.shorten(quoted, 80) + " has no column for the key field '"
                            + Texts.shorten(entity.keyField(), 80) + "' of entity '" + Texts.shorten(entity.name(), 80) + "'", null);
                }
                return TargetTable.of(quoted, List.copyOf(columns), columns.stream().map(names::quote).toList(), types, typeNames,
                        key);
            }
        }
    }

    private void create(Connection c, String quoted, EntityDescriptor entity, List<SyncRecord> batch, Identifiers names)
            throws SQLException {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        fields.put(entity.keyField(), entity.field(entity.keyField()).map(FieldDescriptor::type).orElse(FieldType.STRING));
        for (FieldDescriptor f : entity.fields()) {
            fields.putIfAbsent(f.name(), f.type());
        }
        for (SyncRecord r : batch) {
            r.fields().keySet().forEach(f -> fields.putIfAbsent(f, FieldType.STRING));
        }
        Sql.name("keyField", entity.keyField());
        String key = names.newName(entity.keyField());
        Set<String> created = new HashSet<>();
        List<String> definitions = new ArrayList<>();
        fields.forEach((field, type) -> {
            String column = Sql.isUsableName(field) ? names.newName(field) : null;
            if (column != null && created.add(column)) {
                definitions.add(names.quote(column) + " " + names.dialect().columnType(type) + (column.equals(key) ? " NOT NULL" : ""));
            } else {
                LOG.warn("Field '{}' of entity {} is blank, holds a NUL or names a column made already; no column is"
                        + " created for it", Texts.shorten(field, 80), Texts.oneLine(entity.name()));
            }
        });
        try (Statement s = c.createStatement()) {
            settings.timeout(s);
            s.executeUpdate(names.dialect().createTable(quoted, definitions, names.quote(key)));
        }
        LOG.info("Created table {} for entity {}", Texts.oneLine(quoted), Texts.oneLine(entity.name()));
    }

    private String tableName(EntityDescriptor entity) {
        String name = tableNames.getOrDefault(entity.name(), entity.name());
        try {
            return Sql.table(TABLES, name);
        } catch (ConfigurationException e) {
            throw ConnectorException.permanent("entity '" + Texts.shorten(entity.name(), 80)
                    + "' cannot be a table name; map it to one with tables", e);
        }
    }

    private Connections pool() {
        return opened().db().pool();
    }

    private Identifiers identifiers() {
        return opened().db().identifiers();
    }

    private Opened opened() {
        Opened o = opened;
        if (o == null) {
            throw new IllegalStateException("the destination is not open");
        }
        return o;
    }

    @Override
    public String toString() {
        return "JdbcDestination[" + settings + ", " + (dialect != null ? dialect.name() : "dialect of the database")
                + ", writeMethod=" + writeMethod + "]";
    }

    /**
     * Builds a {@link JdbcDestination}; each setting is checked as it is given. The connection settings are
     * {@link JdbcConnectorBuilder}'s. Not thread-safe.
     */
    public static final class Builder extends JdbcConnectorBuilder<Builder> {
        private boolean createTables;
        private WriteMethod writeMethod = WriteMethod.AUTO;
        private final Map<String, String> tables = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param create whether a missing table is created from the entity's fields (default false)
         * @return this builder
         */
        public Builder createTables(boolean create) {
            this.createTables = create;
            return this;
        }

        /**
         * @param method how batches are written, not null; default {@link WriteMethod#AUTO}: COPY on PostgreSQL,
         *               batched statements elsewhere
         * @return this builder
         */
        public Builder writeMethod(WriteMethod method) {
            this.writeMethod = Objects.requireNonNull(method, "writeMethod");
            return this;
        }

        /**
         * @param entity the entity name
         * @param table  the table its records go to (optionally {@code schema.table})
         * @return this builder
         * @throws ConfigurationException naming {@code tables.<entity>} when the table name is blank or holds a NUL
         */
        public Builder table(String entity, String table) {
            tables.put(Objects.requireNonNull(entity, "entity"), Sql.table("tables." + Texts.oneLine(entity), table));
            return this;
        }

        /**
         * @return a new destination
         * @throws ConfigurationException naming {@code url} when neither it nor a data source is set, {@code dialect}
         *                                when it cannot be told from the URL, {@code writeMethod} when COPY is set
         *                                for H2, or a connection setting that does not go with a data source
         */
        public JdbcDestination build() {
            return new JdbcDestination(this);
        }
    }
}
