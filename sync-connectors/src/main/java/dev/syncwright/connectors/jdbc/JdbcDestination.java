package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.ConnectionPool;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upserts records into database tables by key, one table per entity ({@code tables} maps entity names to
 * table names; by default the table is named after the entity). Each batch is one transaction of batched
 * statements: {@code MERGE INTO .. KEY (..)} on H2, {@code INSERT .. ON CONFLICT (..) DO UPDATE} on
 * PostgreSQL, so a record written twice is stored once. Values are converted to the column types (a CSV
 * string {@code "12.50"} into a NUMERIC column); a value that does not fit FAILS that record only.
 *
 * <p>When the batch fails on one row (a constraint violation, a bad value), it is rolled back and written
 * again row by row inside one transaction with a savepoint per row: the bad rows are FAILED with the
 * database's message, the others OK. A lost connection, a serialization failure or a deadlock (SQLSTATE
 * 08xxx, 40001, 40P01) is transient: the whole batch is retried by the engine. With {@code createTables}, a
 * missing table is created from the entity's fields, with the key as primary key. Fields without a column
 * are not written (logged once per entity).
 *
 * <p>Thread-safe: batches of different entities are written at once, each on its own pooled connection.
 */
public final class JdbcDestination implements DestinationConnector {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDestination.class);

    private final JdbcSettings settings;
    private final SqlDialect dialect;
    private final boolean createTables;
    private final Map<String, String> tableNames;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private volatile ConnectionPool pool;

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
     * Connects once to check the URL and credentials.
     *
     * @throws ConfigurationException naming {@code url} or {@code password} when retrying cannot help
     * @throws ConnectorException     (transient) when the database cannot be reached now
     */
    @Override
    public void open(DestinationContext context) {
        pool = settings.openPool();
    }

    /**
     * @throws ConnectorException transient when the connection is lost or the transaction could not be
     *                            serialized; permanent when the table is missing or lacks the key column
     */
    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        Table table = table(entity, batch);
        List<String> columns = columnsFor(table, entity, batch);
        String sql = Sql.upsert(dialect, table.name, table.columns.get(table.key), columns);
        return settings.run(pool(), "writing entity '" + entity.name() + "'", c -> {
            DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
            List<Integer> bound = new ArrayList<>(batch.size());
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                settings.timeout(ps);
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        bind(ps, table, columns, entity, batch.get(i));
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
                        rowByRow(c, ps, table, columns, entity, batch, bound, outcomes);
                    }
                }
            }
            return Arrays.asList(outcomes);
        });
    }

    /** Deletes every row of the entity's table; a missing table has nothing to delete. */
    @Override
    public void removeEntityData(EntityDescriptor entity) {
        String name = tableName(entity);
        settings.run(pool(), "removing the data of entity '" + entity.name() + "'", c -> {
            try (Statement s = c.createStatement()) {
                settings.timeout(s);
                return s.executeUpdate("DELETE FROM " + name);
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
        ConnectionPool p = pool;
        if (p != null) {
            p.close();
        }
    }

    private void rowByRow(Connection c, PreparedStatement ps, Table table, List<String> columns, EntityDescriptor entity,
                          List<SyncRecord> batch, List<Integer> bound, DeliveryOutcome[] outcomes) throws SQLException {
        ps.clearBatch();
        for (int i : bound) {
            Savepoint savepoint = c.setSavepoint();
            try {
                bind(ps, table, columns, entity, batch.get(i));
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

    private void bind(PreparedStatement ps, Table table, List<String> columns, EntityDescriptor entity, SyncRecord r)
            throws SQLException, Values.BadValue {
        Map<String, Object> byColumn = new HashMap<>();
        r.fields().forEach((name, value) -> byColumn.put(name.toLowerCase(Locale.ROOT), value));
        String keyName = entity.keyField().toLowerCase(Locale.ROOT);
        if (byColumn.get(keyName) == null) {
            byColumn.put(keyName, r.key());
        }
        for (int p = 0; p < columns.size(); p++) {
            int col = table.index(columns.get(p));
            Values.bind(ps, p + 1, columns.get(p), byColumn.get(columns.get(p).toLowerCase(Locale.ROOT)),
                    table.types[col], table.typeNames[col]);
        }
    }

    /** The table's columns that the batch has values for, the key first. */
    private List<String> columnsFor(Table table, EntityDescriptor entity, List<SyncRecord> batch) {
        Map<String, String> present = new LinkedHashMap<>();
        for (SyncRecord r : batch) {
            for (String f : r.fields().keySet()) {
                present.putIfAbsent(f.toLowerCase(Locale.ROOT), f);
            }
        }
        List<String> columns = new ArrayList<>();
        columns.add(table.columns.get(table.key));
        for (String column : table.columns) {
            if (present.remove(column.toLowerCase(Locale.ROOT)) != null && !columns.contains(column)) {
                columns.add(column);
            }
        }
        present.remove(entity.keyField().toLowerCase(Locale.ROOT));
        if (!present.isEmpty() && table.warned.compareAndSet(false, true)) {
            LOG.warn("Table {} has no column for fields {} of entity {}; they are not written", Texts.oneLine(table.name),
                    Texts.shorten(String.join(", ", present.values()), 300), Texts.oneLine(entity.name()));
        }
        return columns;
    }

    private Table table(EntityDescriptor entity, List<SyncRecord> batch) {
        Table known = tables.get(entity.name());
        if (known != null) {
            return known;
        }
        String name = tableName(entity);
        Table table = settings.run(pool(), "reading the columns of table '" + name + "'", c -> {
            try {
                return probe(c, name, entity);
            } catch (SQLException e) {
                if (!SqlErrors.isMissingTable(e)) {
                    throw e;
                }
                if (!createTables) {
                    throw ConnectorException.permanent("table '" + name + "' does not exist; create it, or set createTables", e);
                }
                create(c, name, entity, batch);
                return probe(c, name, entity);
            }
        });
        tables.put(entity.name(), table);
        return table;
    }

    private Table probe(Connection c, String name, EntityDescriptor entity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + name + " WHERE 1 = 0")) {
            settings.timeout(ps);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                int[] types = new int[md.getColumnCount()];
                String[] typeNames = new String[types.length];
                int key = -1;
                for (int i = 0; i < types.length; i++) {
                    columns.add(md.getColumnName(i + 1));
                    types[i] = md.getColumnType(i + 1);
                    typeNames[i] = md.getColumnTypeName(i + 1);
                    if (columns.get(i).equalsIgnoreCase(entity.keyField())) {
                        key = i;
                    }
                }
                if (key < 0) {
                    throw ConnectorException.permanent("table '" + name + "' has no column for the key field '"
                            + entity.keyField() + "' of entity '" + entity.name() + "'", null);
                }
                return new Table(name, List.copyOf(columns), types, typeNames, key, new java.util.concurrent.atomic.AtomicBoolean());
            }
        }
    }

    private void create(Connection c, String name, EntityDescriptor entity, List<SyncRecord> batch) throws SQLException {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        fields.put(entity.keyField(), entity.field(entity.keyField()).map(FieldDescriptor::type).orElse(FieldType.STRING));
        for (FieldDescriptor f : entity.fields()) {
            fields.putIfAbsent(f.name(), f.type());
        }
        for (SyncRecord r : batch) {
            r.fields().keySet().forEach(f -> fields.putIfAbsent(f, FieldType.STRING));
        }
        List<String> definitions = new ArrayList<>();
        fields.forEach((field, type) -> {
            if (Sql.isPlainName(field)) {
                definitions.add(field + " " + Sql.columnType(dialect, type) + (field.equals(entity.keyField()) ? " NOT NULL" : ""));
            } else {
                LOG.warn("Field '{}' of entity {} is not a plain column name; no column is created for it",
                        Texts.shorten(field, 80), Texts.oneLine(entity.name()));
            }
        });
        Sql.column("keyField", entity.keyField());
        String ddl = "CREATE TABLE IF NOT EXISTS " + name + " (" + String.join(", ", definitions)
                + ", PRIMARY KEY (" + entity.keyField() + "))";
        try (Statement s = c.createStatement()) {
            settings.timeout(s);
            s.executeUpdate(ddl);
        }
        LOG.info("Created table {} for entity {}", Texts.oneLine(name), Texts.oneLine(entity.name()));
    }

    private String tableName(EntityDescriptor entity) {
        String name = tableNames.getOrDefault(entity.name(), entity.name());
        try {
            return Sql.table("tables", name);
        } catch (ConfigurationException e) {
            throw ConnectorException.permanent("entity '" + Texts.shorten(entity.name(), 80)
                    + "' has no plain table name; map it to one with tables", e);
        }
    }

    private ConnectionPool pool() {
        ConnectionPool p = pool;
        if (p == null) {
            throw new IllegalStateException("the destination is not open");
        }
        return p;
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
        return "JdbcDestination[" + settings + ", " + dialect + "]";
    }

    /** A destination table as the database describes it. */
    private record Table(String name, List<String> columns, int[] types, String[] typeNames, int key,
                         java.util.concurrent.atomic.AtomicBoolean warned) {
        int index(String column) {
            return columns.indexOf(column);
        }
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
         * @param dialect the upsert flavour; default: told from the URL
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
         * @throws ConfigurationException naming {@code tables} when the table name is not a plain SQL name
         */
        public Builder table(String entity, String table) {
            tables.put(Objects.requireNonNull(entity, "entity"), Sql.table("tables." + entity, table));
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
