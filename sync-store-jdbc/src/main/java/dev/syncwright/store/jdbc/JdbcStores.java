package dev.syncwright.store.jdbc;

import dev.syncwright.core.connection.ConnectionStore;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.store.jdbc.internal.Db;
import dev.syncwright.store.jdbc.internal.Dialect;
import dev.syncwright.store.jdbc.internal.JdbcConnectionStore;
import dev.syncwright.store.jdbc.internal.JdbcReportStore;
import dev.syncwright.store.jdbc.internal.Schema;
import dev.syncwright.store.jdbc.internal.StoreSettings;
import dev.syncwright.store.jdbc.internal.Tables;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

/**
 * Syncwright's state in a database: the run journal with the sync report ({@link #reportStore()}: every record's
 * delivery, the checkpoints, the runs and their leases, the sync log) and the connection store
 * ({@link #connectionStore()}), on a {@link DataSource} the host gives. H2 (embedded, file-based) and PostgreSQL
 * are supported, each with its own versioned DDL shipped as resources.
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource)   // a pooled DataSource (HikariCP, ...): a store call takes a connection
 *         .tablePrefix("syncwright_")                  // the default
 *         .createSchemaIfMissing(true)                 // default false: missing tables are an error
 *         .build();                                    // checks the schema version (and creates the tables)
 * SyncEngine engine = SyncEngine.builder().journal(stores.reportStore()).build();
 * ConnectionManager connections = ConnectionManager.builder().engine(engine).store(stores.connectionStore()).build();
 * }</pre>
 *
 * <p>Tables are named {@code <prefix><name>} (quoted, so exactly so) in the given schema, or in the connection's
 * current schema. Every value is bound as a parameter; the schema and prefix are checked to be plain names.
 * {@link Builder#build()} fails with a {@link SchemaVersionException} naming the versions and how to create the tables
 * when they are missing (without {@link Builder#createSchemaIfMissing}) or of another version.
 *
 * <p><b>The report store</b> behaves as {@code ReportStore} says, with these database specifics: a journal write is
 * one transaction (a run that lost its sync has its whole write refused); times are kept to the microsecond on
 * PostgreSQL (nanosecond on H2); an export stream reads the entries as they were when it was made (one snapshot,
 * through a cursor that holds one connection until the stream is closed or read to its end); a purge deletes in
 * batches of {@link Builder#purgeBatchSize}, each its own transaction, and keeps an open entry (out of the report)
 * until a write closes it.
 *
 * <p><b>H2</b> writes a commit to its file up to its {@code WRITE_DELAY} (500 ms) after the commit returns, and a
 * killed process loses what was not written: {@link Builder#build()} sets the delay to 0 on the open database when
 * the user may (and logs a warning when not); {@code ;WRITE_DELAY=0} in the URL keeps it however the database is
 * opened. Use H2 2.4.240 or later: 2.3.232 files were found corrupted after a {@code kill -9}.
 *
 * <p>Immutable and thread-safe, as are its stores. It owns no resource: the host closes its data source.
 */
public final class JdbcStores {
    /** The table prefix when none is given. */
    public static final String DEFAULT_TABLE_PREFIX = "syncwright_";
    /** Entry ids taken from the database at once when no size is given: 10 000. */
    public static final int DEFAULT_ID_BLOCK_SIZE = 10_000;
    /** Entries deleted per transaction by a purge when no size is given: 10 000. */
    public static final int DEFAULT_PURGE_BATCH_SIZE = 10_000;
    /** Rows an export reads per round trip when no size is given: 2 000. */
    public static final int DEFAULT_FETCH_SIZE = 2_000;

    private final JdbcDialect dialect;
    private final int schemaVersion;
    private final boolean referenceSearchIndexed;
    private final ReportStore reportStore;
    private final ConnectionStore connectionStore;

    private JdbcStores(Builder b, JdbcDialect dialect, Tables tables) {
        this.dialect = dialect;
        Dialect sql = Dialect.of(dialect, tables);
        Db db = new Db(b.dataSource, sql.consistentReadSql());
        this.referenceSearchIndexed = Schema.ensure(db, dialect, tables, b.createSchemaIfMissing);
        this.schemaVersion = Schema.VERSION;
        StoreSettings settings = new StoreSettings(b.idBlockSize, b.purgeBatchSize, b.fetchSize);
        this.reportStore = new JdbcReportStore(db, sql, b.clock, settings);
        this.connectionStore = new JdbcConnectionStore(db, sql, b.clock);
    }

    /**
     * @param dataSource where connections come from, not null; a pooled one, as every store call takes one
     * @return a builder with the defaults: dialect detected, the connection's schema, prefix
     *         {@value #DEFAULT_TABLE_PREFIX}, no schema creation, the system UTC clock
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * @param dialect     the database, not null
     * @param schema      the schema, or null for the connection's current one
     * @param tablePrefix the table prefix, not null (may be empty)
     * @return the DDL of the schema version this release uses, for a database administrator who creates the
     *         tables: statements ended by {@code ;}
     * @throws IllegalArgumentException when the schema or prefix is not a plain name
     */
    public static String ddl(JdbcDialect dialect, String schema, String tablePrefix) {
        return Schema.script(Objects.requireNonNull(dialect, "dialect must not be null"), new Tables(schema, tablePrefix));
    }

    /**
     * @return the journal and report store: pass it to {@code SyncEngine.Builder#journal}; the same instance every
     *         time; thread-safe
     */
    public ReportStore reportStore() {
        return reportStore;
    }

    /** @return the connection store; the same instance every time; thread-safe */
    public ConnectionStore connectionStore() {
        return connectionStore;
    }

    /** @return the database the stores run on */
    public JdbcDialect dialect() {
        return dialect;
    }

    /** @return the schema version of the tables (this release's) */
    public int schemaVersion() {
        return schemaVersion;
    }

    /**
     * @return true when "reference contains" searches use an index (PostgreSQL with the {@code pg_trgm} extension);
     *         false when they read every entry of their time window (H2, or PostgreSQL without {@code pg_trgm})
     */
    public boolean referenceSearchIndexed() {
        return referenceSearchIndexed;
    }

    @Override
    public String toString() {
        return "JdbcStores[" + dialect + ", schema version " + schemaVersion + "]";
    }

    /** Builds {@link JdbcStores}; checks each setting as it is given. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private JdbcDialect dialect;
        private String schema;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private boolean createSchemaIfMissing;
        private Clock clock = Clock.systemUTC();
        private int idBlockSize = DEFAULT_ID_BLOCK_SIZE;
        private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
        private int fetchSize = DEFAULT_FETCH_SIZE;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * @param dialect the database; by default detected from the database's product name
         * @return this builder
         */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
            return this;
        }

        /**
         * @param schema the schema of the tables, 1 to 30 letters, digits or '_' (not starting with a digit),
         *               used as written (quoted); null (the default) for the connection's current schema
         * @return this builder
         */
        public Builder schema(String schema) {
            new Tables(schema, "");
            this.schema = schema;
            return this;
        }

        /**
         * @param prefix what every table name starts with, up to 30 letters, digits or '_' (not starting with a
         *               digit), used as written (quoted); default {@value #DEFAULT_TABLE_PREFIX}
         * @return this builder
         */
        public Builder tablePrefix(String prefix) {
            new Tables(null, prefix);
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * @param create true to create the tables (and the schema, when one is set) when they are missing
         *               (default false: {@link #build()} fails with a {@link SchemaVersionException} saying how to
         *               create them). On PostgreSQL it also
         *               tries to create the {@code pg_trgm} extension and the trigram index of reference searches,
         *               and goes on without them when it cannot.
         * @return this builder
         */
        public Builder createSchemaIfMissing(boolean create) {
            this.createSchemaIfMissing = create;
            return this;
        }

        /**
         * @param clock where "now" of the report's relative time windows comes from; default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * @param size entry ids taken from the database at once (then given from memory), at least 1; default
         *             {@value #DEFAULT_ID_BLOCK_SIZE}. Ids of a block left when the process stops are never used.
         * @return this builder
         */
        public Builder idBlockSize(int size) {
            this.idBlockSize = positive(size, "idBlockSize");
            return this;
        }

        /**
         * @param size entries deleted per transaction by a purge, at least 1; default {@value #DEFAULT_PURGE_BATCH_SIZE}
         * @return this builder
         */
        public Builder purgeBatchSize(int size) {
            this.purgeBatchSize = positive(size, "purgeBatchSize");
            return this;
        }

        /**
         * @param size rows an export stream reads per round trip, at least 1; default {@value #DEFAULT_FETCH_SIZE}
         * @return this builder
         */
        public Builder fetchSize(int size) {
            this.fetchSize = positive(size, "fetchSize");
            return this;
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }

        /**
         * Connects once to detect the dialect (unless given) and check the schema version, creating the tables
         * when asked.
         *
         * @return the stores
         * @throws SchemaVersionException when the tables are missing (and not to be created) or of another version
         * @throws JdbcStoreException     when the database cannot be reached, or is not H2 or PostgreSQL
         */
        public JdbcStores build() {
            Tables tables = new Tables(schema, tablePrefix);
            JdbcDialect kind = dialect != null ? dialect : detect(dataSource);
            return new JdbcStores(this, kind, tables);
        }

        private static JdbcDialect detect(DataSource dataSource) {
            String product;
            try (Connection c = dataSource.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw Db.failure("connect to detect the database", e);
            }
            return JdbcDialect.fromProductName(product).orElseThrow(() -> new JdbcStoreException("the database is "
                    + product + "; the JDBC stores support H2 and PostgreSQL (set the dialect if it is one of them"
                    + " under another name)", null));
        }
    }
}
