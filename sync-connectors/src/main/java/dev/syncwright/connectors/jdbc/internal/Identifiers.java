package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.SqlDialect;
import dev.syncwright.spi.ConfigurationException;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Matches the names a configuration or a record gives to the names a database stores, and quotes them. A
 * given name stands for, in this order: the stored name equal to it; else the stored name equal to it as the
 * database folds unquoted names (upper case on H2, lower case on PostgreSQL, as its metadata says), which is
 * what hand-written SQL would find; else the one stored name equal to it ignoring case. When several stored
 * names equal it ignoring case and none of the first two rules picks one, the name is ambiguous: a
 * {@link ConfigurationException} asks for the exact one. Immutable and thread-safe.
 */
public final class Identifiers {
    private final SqlDialect dialect;
    private final Fold fold;

    /** How a database stores a name written unquoted. */
    private enum Fold {
        UPPER, LOWER, NONE;

        String apply(String name) {
            return switch (this) {
                case UPPER -> name.toUpperCase(Locale.ROOT);
                case LOWER -> name.toLowerCase(Locale.ROOT);
                case NONE -> name;
            };
        }
    }

    /** A table as the database stores it: its schema (null for the connection's search path) and name. */
    public record Table(String schema, String name) {
    }

    private Identifiers(SqlDialect dialect, Fold fold) {
        this.dialect = dialect;
        this.fold = fold;
    }

    /**
     * @param c       a connection to the database
     * @param dialect how identifiers are quoted
     * @return the identifiers of that database
     * @throws SQLException when its metadata cannot be read
     */
    public static Identifiers of(Connection c, SqlDialect dialect) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        Fold fold = md.storesUpperCaseIdentifiers() ? Fold.UPPER : md.storesLowerCaseIdentifiers() ? Fold.LOWER : Fold.NONE;
        return new Identifiers(dialect, fold);
    }

    /** @return the dialect names are quoted by */
    public SqlDialect dialect() {
        return dialect;
    }

    /** @return the name quoted by the dialect */
    public String quote(String name) {
        return dialect.quote(name);
    }

    /** @return the table quoted by the dialect, qualified by its schema when it has one */
    public String quote(Table table) {
        return table.schema() == null ? quote(table.name()) : quote(table.schema()) + "." + quote(table.name());
    }

    /**
     * @return the name a new table or column gets: a plain name ({@link Sql#isPlainName}) folded as the database
     *         folds unquoted names, so that hand-written SQL finds it unquoted; any other name as given
     */
    public String newName(String name) {
        return Sql.isPlainName(name) ? fold.apply(name) : name;
    }

    /** @return a table that does not exist yet, named by {@link #newName}; a given schema is found as a stored one */
    public Table newTable(Connection c, String configured, String setting) throws SQLException {
        int dot = configured.indexOf('.');
        if (dot < 0) {
            return new Table(null, newName(configured));
        }
        String schema = configured.substring(0, dot);
        return new Table(find(schemas(c), schema, setting).orElse(newName(schema)), newName(configured.substring(dot + 1)));
    }

    /**
     * @return the stored table the configured name stands for ({@link #findTable}); when the database has none
     *         of that name, the one a create would make ({@link #newTable}), which unquoted SQL would name too
     * @throws ConfigurationException naming {@code setting} when the name is ambiguous
     * @throws SQLException           when the metadata cannot be read
     */
    public Table table(Connection c, String configured, String setting) throws SQLException {
        Optional<Table> found = findTable(c, configured, setting);
        return found.isPresent() ? found.get() : newTable(c, configured, setting);
    }

    /**
     * Finds a table by the name a configuration gives: {@code table} or {@code schema.table}. An unqualified
     * name is looked for in the connection's current schema first, then in every schema, and is left for the
     * database to find on its search path.
     *
     * @return the table as stored, or empty when the database has none of that name
     * @throws ConfigurationException naming {@code setting} when the name is ambiguous
     * @throws SQLException           when the metadata cannot be read
     */
    public Optional<Table> findTable(Connection c, String configured, String setting) throws SQLException {
        int dot = configured.indexOf('.');
        if (dot >= 0) {
            Optional<String> schema = find(schemas(c), configured.substring(0, dot), setting);
            if (schema.isEmpty()) {
                return Optional.empty();
            }
            return find(tables(c, schema.get()), configured.substring(dot + 1), setting).map(t -> new Table(schema.get(), t));
        }
        String current = currentSchema(c);
        Optional<String> here = current == null ? Optional.empty() : find(tables(c, current), configured, setting);
        if (here.isPresent()) {
            return here.map(t -> new Table(null, t));
        }
        return find(tables(c, null), configured, setting).map(t -> new Table(null, t));
    }

    /**
     * @param stored the names the database stores, e.g. a table's columns
     * @param wanted the name given
     * @return the index in {@code stored} of the name {@code wanted} stands for, or -1 when there is none
     * @throws ConfigurationException naming {@code setting} when it is ambiguous
     */
    public int indexOf(List<String> stored, String wanted, String setting) {
        int exact = stored.indexOf(wanted);
        if (exact >= 0) {
            return exact;
        }
        int folded = stored.indexOf(fold.apply(wanted));
        if (folded >= 0) {
            return folded;
        }
        int found = -1;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).equalsIgnoreCase(wanted)) {
                if (found >= 0) {
                    throw new ConfigurationException(setting, "'" + Texts.shorten(wanted, 80) + "' could be '"
                            + Texts.shorten(stored.get(found), 80) + "' or '" + Texts.shorten(stored.get(i), 80)
                            + "', which differ only in case; give the exact name");
                }
                found = i;
            }
        }
        return found;
    }

    private Optional<String> find(List<String> stored, String wanted, String setting) {
        int i = indexOf(stored, wanted, setting);
        return i < 0 ? Optional.empty() : Optional.of(stored.get(i));
    }

    private static List<String> schemas(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getSchemas(c.getCatalog(), null)) {
            return distinct(rs, "TABLE_SCHEM");
        }
    }

    /** @return the names of the tables and views in a schema, or in every schema when it is null */
    private static List<String> tables(Connection c, String schema) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(c.getCatalog(), schema == null ? null : escape(schema, md), null, null)) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                // a driver that cannot escape a pattern may list neighbours too: keep the schema asked for only
                if (schema == null || schema.equals(rs.getString("TABLE_SCHEM"))) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
            return List.copyOf(new LinkedHashSet<>(names));
        }
    }

    private static List<String> distinct(ResultSet rs, String column) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        while (rs.next()) {
            names.add(rs.getString(column));
        }
        return List.copyOf(names);
    }

    /** @return the name as a metadata search pattern that matches only itself, when the driver can escape */
    private static String escape(String name, DatabaseMetaData md) throws SQLException {
        String escape = md.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private static String currentSchema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null; // a driver older than JDBC 4.1: every schema is searched
        }
    }
}
