package dev.syncwright.store.jdbc.internal;

import dev.syncwright.store.jdbc.JdbcDialect;
import dev.syncwright.store.jdbc.SchemaVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versioned DDL shipped per dialect ({@code dev/syncwright/store/jdbc/<dialect>/V<n>.sql}), and the check
 * that the database holds the tables of the version this release uses, creating them when asked. Stateless.
 */
public final class Schema {
    /** The schema version this release reads and writes. */
    public static final int VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
    private static final Pattern NAME = Pattern.compile("\\{\\{(#?)([a-z_]+)}}");
    /** "Undefined table" or "invalid schema name" on PostgreSQL, "table not found" or "schema not found" on H2. */
    private static final Set<String> NO_TABLE = Set.of("42P01", "3F000", "42S02", "42S04", "90079");
    private static final String REFERENCE_INDEX = "entries_reference_trgm";

    private Schema() {
    }

    /** @return the script of the schema version this release uses, names replaced */
    public static String script(JdbcDialect dialect, Tables tables) {
        return script(dialect, "V" + VERSION + ".sql", tables);
    }

    private static String script(JdbcDialect dialect, String file, Tables tables) {
        String path = "/dev/syncwright/store/jdbc/" + dialect.resourceFolder() + "/" + file;
        String text;
        try (InputStream in = Schema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the DDL resource " + path + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the DDL resource " + path, e);
        }
        Matcher m = NAME.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).isEmpty() ? tables.table(m.group(2)) : tables.local(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(name));
        }
        return m.appendTail(out).toString();
    }

    /**
     * @param script SQL statements ended by {@code ;}, with {@code --} comments and PostgreSQL's dollar-quoted
     *               bodies (which may hold {@code ;})
     * @return the statements, without comments
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String dollar = null;
        boolean quoted = false;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if (dollar != null) {
                if (script.startsWith(dollar, i)) {
                    current.append(dollar);
                    i += dollar.length() - 1;
                    dollar = null;
                } else {
                    current.append(ch);
                }
            } else if (quoted) {
                current.append(ch);
                quoted = ch != '\'';
            } else if (ch == '\'') {
                current.append(ch);
                quoted = true;
            } else if (ch == '-' && script.startsWith("--", i)) {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end - 1;
            } else if (ch == '$' && script.indexOf('$', i + 1) > 0) {
                int end = script.indexOf('$', i + 1);
                dollar = script.substring(i, end + 1);
                current.append(dollar);
                i = end;
            } else if (ch == ';') {
                add(out, current);
            } else {
                current.append(ch);
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        statement.setLength(0);
    }

    /**
     * Checks (and when asked creates) the tables.
     *
     * @param create whether to create missing tables
     * @return true when "reference contains" searches have an index
     * @throws SchemaVersionException when the tables are missing (and not to be created) or of another version
     */
    public static boolean ensure(Db db, JdbcDialect dialect, Tables tables, boolean create) {
        int found = installedVersion(db, tables);
        if (found == 0 && create) {
            db.write("create the Syncwright tables in " + where(tables), c -> {
                if (dialect == JdbcDialect.POSTGRESQL) {
                    lockCreation(c, tables);
                    if (installedVersion(c, tables) != 0) {
                        return null; // another process created them meanwhile
                    }
                }
                try (Statement s = c.createStatement()) {
                    if (tables.schema() != null) {
                        s.execute("CREATE SCHEMA IF NOT EXISTS \"" + tables.schema() + "\"");
                    }
                    for (String sql : statements(script(dialect, tables))) {
                        s.execute(sql);
                    }
                }
                return null;
            });
            LOG.info("Created the Syncwright tables (schema version {}) in {}", VERSION, where(tables));
            found = installedVersion(db, tables);
        }
        if (found != VERSION) {
            throw mismatch(found, dialect, tables);
        }
        if (dialect == JdbcDialect.H2) {
            writeCommitsThrough(db);
        }
        if (dialect != JdbcDialect.POSTGRESQL) {
            return false;
        }
        boolean indexed = hasReferenceIndex(db, tables);
        if (!indexed && create) {
            indexed = createReferenceIndex(db, tables);
        }
        return indexed;
    }

    private static SchemaVersionException mismatch(int found, JdbcDialect dialect, Tables tables) {
        String how = "create them with JdbcStores.builder(dataSource).createSchemaIfMissing(true), or run the DDL that"
                + " JdbcStores.ddl(JdbcDialect." + dialect + ", " + quoted(tables.schema()) + ", " + quoted(tables.prefix())
                + ") gives (resource dev/syncwright/store/jdbc/" + dialect.resourceFolder() + "/V" + VERSION + ".sql)";
        if (found == 0) {
            return new SchemaVersionException("no Syncwright tables in " + where(tables) + " (table "
                    + tables.plain("schema_version") + " is missing or empty); this release uses schema version "
                    + VERSION + ": " + how, 0, VERSION);
        }
        return new SchemaVersionException("the Syncwright tables in " + where(tables) + " are of schema version " + found
                + ", but this release uses schema version " + VERSION + (found > VERSION
                ? ": they were made by a newer release; use that release, or other tables (another tablePrefix or schema)"
                : ": migrate them to version " + VERSION + " first"), found, VERSION);
    }

    private static String quoted(String s) {
        return s == null ? "null" : '"' + s + '"';
    }

    private static String where(Tables tables) {
        return (tables.schema() == null ? "the connection's schema" : "schema " + tables.schema())
                + " with table prefix '" + tables.prefix() + "'";
    }

    /** @return the installed schema version, 0 when the tables are missing */
    private static int installedVersion(Db db, Tables tables) {
        return db.read("read the schema version of the Syncwright tables", c -> installedVersion(c, tables));
    }

    private static int installedVersion(Connection c, Tables tables) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            if (!autoCommit) {
                s.execute("SAVEPOINT syncwright_version"); // a missing table must not end the transaction
            }
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + tables.schemaVersion())) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                if (!NO_TABLE.contains(e.getSQLState())) {
                    throw e;
                }
                if (!autoCommit) {
                    s.execute("ROLLBACK TO SAVEPOINT syncwright_version");
                }
                return 0;
            }
        }
    }

    private static void lockCreation(Connection c, Tables tables) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            q.setString(1, "syncwright:" + tables.schemaVersion());
            q.execute();
        }
    }

    private static boolean hasReferenceIndex(Db db, Tables tables) {
        return db.read("look for the reference search index", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_indexes"
                    + " WHERE schemaname = COALESCE(?, current_schema()) AND indexname = ?")) {
                q.setString(1, tables.schema());
                q.setString(2, tables.plain(REFERENCE_INDEX));
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * H2 writes a commit to its file up to {@code WRITE_DELAY} (500 ms by default) after it returns: a process killed
     * in that time loses the commit, and with it checkpoints and outcomes of records the destination already has.
     * Sets the delay to 0 on the open database (a database setting, kept while any connection is open: a URL with
     * {@code ;WRITE_DELAY=0} keeps it for good), or says why it could not.
     */
    private static void writeCommitsThrough(Db db) {
        try {
            db.read("make H2 write each commit to its file", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SET WRITE_DELAY 0");
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("H2 may write commits to its file up to its WRITE_DELAY late, and this user cannot change it ({});"
                    + " a process killed in that time loses them: add ;WRITE_DELAY=0 to the JDBC URL", e.getMessage());
        }
    }

    /** Creates the optional trigram index; @return true when it exists afterwards */
    private static boolean createReferenceIndex(Db db, Tables tables) {
        try {
            db.write("create the reference search index", c -> {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(script(JdbcDialect.POSTGRESQL, "V1-reference-search.sql", tables))) {
                        s.execute(sql);
                    }
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            LOG.warn("No trigram index for \"reference contains\" searches (the pg_trgm extension could not be created:"
                    + " {}); such searches read every entry of their time window. See V1-reference-search.sql.",
                    e.getMessage());
            return hasReferenceIndex(db, tables);
        }
    }
}
