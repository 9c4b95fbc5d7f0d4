package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.ConnectionPool;
import dev.syncwright.connectors.jdbc.internal.Identifiers;
import dev.syncwright.connectors.jdbc.internal.Sql;
import dev.syncwright.connectors.jdbc.internal.SqlErrors;
import dev.syncwright.connectors.jdbc.internal.Values;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.Secret;
import dev.syncwright.spi.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Upserts records into database tables by key, one table per entity ({@code tables} maps entity names to
 * table names; by default the table is named after the entity). Each batch is one transaction of batched
 * statements: {@code MERGE INTO .. KEY (..)} on H2, {@code INSERT .. ON CONFLICT (..) DO UPDATE} on
 * PostgreSQL, or what the {@link SqlDialect} set writes, so a record written twice is stored once. Values are
 * converted to the column types (a CSV string {@code "12.50"} into a NUMERIC column); a value that does not fit
 * FAILS that record only.
 *
 * <p>Tables, columns and record fields are matched to the names the database stores as the
 * {@linkplain dev.syncwright.connectors.jdbc package documentation} says, and every identifier is quoted, so
 * columns with spaces, quotes, mixed case or reserved words are written like any other. Fields without a column
 * are not written (logged once per entity).
 *
 * <p>When the batch fails on one row (a constraint violation, a bad value), it is rolled back and written
 * again row by row inside one transaction with a savepoint per row: the bad rows are FAILED with the
 * database's message, the others OK. A lost connection, a serialization failure or a deadlock (SQLSTATE
 * 08xxx, 40001, 40P01) is transient: the whole batch is retried by the engine. With {@code createTables}, a
 * missing table is created from the entity's fields, with the key as primary key; plain names (letters, digits,
 * {@code _}) are created as the database stores unquoted names, so hand-written SQL finds them unquoted, and
 * other names exactly as given.
 *
 * <p>Thread-safe: batches of different entities are written at once, each on its own pooled connection.
 */
public final class JdbcDestination implements DestinationConnector {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDestination.class);
    /** The setting an ambiguous table or column name points at. */
    private static final String TABLES = "tables";

    private final JdbcSettings settings;
    private final SqlDialect dialect;
    private final boolean createTables;
    private final Map<String, String> tableNames;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private volatile JdbcSettings.Connected connected;

    private JdbcDestination(Builder b) {
        this.settings = b.connection.build();
        this.dialect = b.dialect != null ? b.dialect : SqlDialect.forUrl(settings.url());
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
     * Connects once to check the URL and credentials, and reads how the database stores names.
     *
     * @throws ConfigurationException naming {@code url} or {@code password} when retrying cannot help
     * @throws ConnectorException     (transient) when the database cannot be reached now
     */
    @Override
    public void open(DestinationContext context) {
        connected = settings.connect(dialect);
    }

    /**
     * @throws ConnectorException transient when the connection is lost or the transaction could not be
     *                            serialized; permanent when the table is missing or lacks the key column
     */
    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        Table table = table(entity, batch);
        List<Column> columns = columnsFor(table, entity, batch);
        String sql = dialect.upsert(table.sql, table.quoted.get(table.key),
                columns.stream().map(col -> table.quoted.get(col.index)).toList());
        return settings.run(pool(), "writing entity '" + Texts.shorten(entity.name(), 80) + "'", c -> {
            DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
            List<Integer> bound = new ArrayList<>(batch.size());
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                settings.timeout(ps);
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        bind(ps, table, columns, batch.get(i));
                        ps.addBatch();
                        bound.add(i);
                    } catch (Values.BadValue e) {
                        outcomes[i] = DeliveryOutcome.failed(e.getMessage());
                        ps.clearParameters();
                    }
                }
                if (!bound.isEmpty()) {
                    try {
                        ps.executeBatch();
                        c.commit();
                        for (int i : bound) {
                            outcomes[i] = DeliveryOutcome.ok(batch.get(i).key());
                        }
                    } catch (SQLException e) {
                        rollback(c);
                        if (SqlErrors.isTransient(e) || !(SqlErrors.isDataError(e) || e instanceof BatchUpdateException)) {
                            throw e;
                        }
                        LOG.debug("Batch of entity {} failed ({}); writing it row by row", Texts.oneLine(entity.name()),
                                Texts.describe(e));
                        rowByRow(c, ps, table, columns, batch, bound, outcomes);
                    }
                }
            }
            return Arrays.asList(outcomes);
        });
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

    /** Closes the pooled connections. */
    @Override
    public void close() {
        JdbcSettings.Connected c = connected;
        if (c != null) {
            c.pool().close();
        }
    }

    private void rowByRow(Connection c, PreparedStatement ps, Table table, List<Column> columns, List<SyncRecord> batch,
                          List<Integer> bound, DeliveryOutcome[] outcomes) throws SQLException {
        ps.clearBatch();
        for (int i : bound) {
            Savepoint savepoint = c.setSavepoint();
            try {
                bind(ps, table, columns, batch.get(i));
                ps.executeUpdate();
                outcomes[i] = DeliveryOutcome.ok(batch.get(i).key());
            } catch (Values.BadValue e) {
                outcomes[i] = DeliveryOutcome.failed(e.getMessage()); // not reached: values bound once already
            } catch (SQLException e) {
                if (SqlErrors.isTransient(e)) {
                    rollback(c);
                    throw e;
                }
                c.rollback(savepoint);
                outcomes[i] = DeliveryOutcome.failed("rejected by the database: " + Texts.describe(e));
            }
        }
        c.commit();
    }

    private static void bind(PreparedStatement ps, Table table, List<Column> columns, SyncRecord r)
            throws SQLException, Values.BadValue {
        for (int p = 0; p < columns.size(); p++) {
            Column column = columns.get(p);
            Object value = null;
            for (String field : column.fields) {
                value = r.fields().get(field);
                if (value != null) {
                    break;
                }
            }
            if (value == null && column.index == table.key) {
                value = r.key();
            }
            String name = table.columns.get(column.index);
            Values.bind(ps, p + 1, name, value, table.types[column.index], table.typeNames[column.index]);
        }
    }

    /** The table's columns that the batch has values for, the key first, each with the fields that fill it. */
    private List<Column> columnsFor(Table table, EntityDescriptor entity, List<SyncRecord> batch) {
        Identifiers names = identifiers();
        Map<Integer, List<String>> fieldsByColumn = new TreeMap<>();
        fieldsByColumn.put(table.key, new ArrayList<>(List.of(entity.keyField())));
        Set<String> seen = new HashSet<>(Set.of(entity.keyField()));
        List<String> unmatched = new ArrayList<>();
        for (SyncRecord r : batch) {
            for (String field : r.fields().keySet()) {
                if (seen.add(field)) {
                    int index = names.indexOf(table.columns, field, TABLES);
                    if (index < 0) {
                        unmatched.add(field);
                    } else {
                        fieldsByColumn.computeIfAbsent(index, i -> new ArrayList<>()).add(field);
                    }
                }
            }
        }
        if (!unmatched.isEmpty() && table.warned.compareAndSet(false, true)) {
            LOG.warn("Table {} has no column for fields {} of entity {}; they are not written", Texts.oneLine(table.sql),
                    Texts.shorten(String.join(", ", unmatched), 300), Texts.oneLine(entity.name()));
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(table.key, List.copyOf(fieldsByColumn.remove(table.key))));
        fieldsByColumn.forEach((index, fields) -> columns.add(new Column(index, List.copyOf(fields))));
        return columns;
    }

    private Table table(EntityDescriptor entity, List<SyncRecord> batch) {
        Table known = tables.get(entity.name());
        if (known != null) {
            return known;
        }
        String configured = tableName(entity);
        Identifiers names = identifiers();
        Table table = settings.run(pool(), "reading the columns of table '" + Texts.shorten(configured, 80) + "'", c -> {
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

    private Table probe(Connection c, String quoted, EntityDescriptor entity, Identifiers names) throws SQLException {
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
                return new Table(quoted, List.copyOf(columns), columns.stream().map(names::quote).toList(), types, typeNames,
                        key, new AtomicBoolean());
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
                definitions.add(names.quote(column) + " " + dialect.columnType(type) + (column.equals(key) ? " NOT NULL" : ""));
            } else {
                LOG.warn("Field '{}' of entity {} is blank, holds a NUL or names a column made already; no column is"
                        + " created for it", Texts.shorten(field, 80), Texts.oneLine(entity.name()));
            }
        });
        try (Statement s = c.createStatement()) {
            settings.timeout(s);
            s.executeUpdate(dialect.createTable(quoted, definitions, names.quote(key)));
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

    private ConnectionPool pool() {
        return connected().pool();
    }

    private Identifiers identifiers() {
        return connected().identifiers();
    }

    private JdbcSettings.Connected connected() {
        JdbcSettings.Connected c = connected;
        if (c == null) {
            throw new IllegalStateException("the destination is not open");
        }
        return c;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed: {}", Texts.describe(e));
        }
    }

    @Override
    public String toString() {
        return "JdbcDestination[" + settings + ", " + dialect.name() + "]";
    }

    /**
     * A destination table as the database describes it.
     *
     * @param sql     the table as written in SQL: quoted, maybe qualified
     * @param columns the stored column names
     * @param quoted  the same, quoted
     * @param key     the index of the key column
     */
    private record Table(String sql, List<String> columns, List<String> quoted, int[] types, String[] typeNames, int key,
                         AtomicBoolean warned) {
    }

    /** A column written by a batch, and the record fields that fill it, first non-null value first. */
    private record Column(int index, List<String> fields) {
    }

    /** Builds a {@link JdbcDestination}; each setting is checked as it is given. Not thread-safe. */
    public static final class Builder {
        private final JdbcSettings.Builder connection = new JdbcSettings.Builder("jdbc");
        private SqlDialect dialect;
        private boolean createTables;
        private final Map<String, String> tables = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param url the JDBC URL, e.g. {@code jdbc:h2:./data/sync}; the driver must be on the class path
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
        public Builder password(Secret password) {
            connection.password(password);
            return this;
        }

        /**
         * @param timeout the longest a statement may run before it fails (transient); default 5 minutes
         * @return this builder
         */
        public Builder queryTimeout(Duration timeout) {
            connection.queryTimeout(timeout);
            return this;
        }

        /**
         * @param name the destination system's name shown in reports, not blank (default {@code jdbc})
         * @return this builder
         */
        public Builder systemName(String name) {
            connection.systemName(name);
            return this;
        }

        /**
         * @param dialect how SQL is written for the database, not null; default: {@link SqlDialect#forUrl told
         *                from the URL}
         * @return this builder
         */
        public Builder dialect(SqlDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
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
         * @throws ConfigurationException naming {@code url} when it is missing, or {@code dialect} when it cannot
         *                                be told from the URL
         */
        public JdbcDestination build() {
            return new JdbcDestination(this);
        }
    }
}
