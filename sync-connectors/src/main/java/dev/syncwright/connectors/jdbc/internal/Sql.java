package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.jdbc.SqlDialect;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.FieldType;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SQL text of the JDBC connectors. Identifiers are never quoted, so each database folds their case as it
 * does for hand-written SQL; they are checked against a strict pattern instead, which keeps injection out.
 */
public final class Sql {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private Sql() {
    }

    /** @return the name, checked to be a plain column name; else a configuration error naming the setting */
    public static String column(String setting, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigurationException(setting, "'" + name + "' is not a plain column name (letters, digits, _)");
        }
        return name;
    }

    /** @return the name, checked to be a plain table name, optionally schema-qualified */
    public static String table(String setting, String name) {
        if (name == null || !QUALIFIED.matcher(name).matches()) {
            throw new ConfigurationException(setting, "'" + name + "' is not a plain table name (letters, digits, _, one '.')");
        }
        return name;
    }

    /** @return true when the name can be used as a column name as it is */
    public static boolean isPlainName(String name) {
        return NAME.matcher(name).matches();
    }

    /** @return the upsert of one row into {@code table}, keyed by {@code key}, with the columns in order */
    public static String upsert(SqlDialect dialect, String table, String key, List<String> columns) {
        String names = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        if (dialect == SqlDialect.H2) {
            return "MERGE INTO " + table + " (" + names + ") KEY (" + key + ") VALUES (" + marks + ")";
        }
        String updates = columns.stream().filter(c -> !c.equalsIgnoreCase(key))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT (" + key + ") DO "
                + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
    }

    /** @return the column type used when creating a table for a field of this type */
    public static String columnType(SqlDialect dialect, FieldType type) {
        boolean pg = dialect == SqlDialect.POSTGRESQL;
        return switch (type) {
            case STRING, JSON -> pg ? "TEXT" : "VARCHAR";
            case INTEGER -> "BIGINT";
            case DECIMAL -> "NUMERIC";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case BINARY -> pg ? "BYTEA" : "VARBINARY";
        };
    }
}
