package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.jdbc.SqlDialect;
import dev.syncwright.spi.FieldType;

import java.util.List;

/** The dialects shipped, as {@link SqlDialect#H2} and {@link SqlDialect#POSTGRESQL}. Immutable and thread-safe. */
public enum BuiltInDialect implements SqlDialect {
    /** {@code MERGE INTO .. KEY (..)}. */
    H2 {
        @Override
        public String upsert(String table, String key, List<String> columns) {
            return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + key + ") VALUES ("
                    + Sql.parameters(columns.size()) + ")";
        }

        @Override
        public String columnType(FieldType type) {
            return Sql.columnType(type, "VARCHAR", "VARBINARY");
        }
    },

    /** {@code INSERT .. ON CONFLICT (..) DO UPDATE}. */
    POSTGRESQL {
        @Override
        public String upsert(String table, String key, List<String> columns) {
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + Sql.parameters(columns.size()) + ")" + Sql.onConflict(key, columns);
        }

        @Override
        public String columnType(FieldType type) {
            return Sql.columnType(type, "TEXT", "BYTEA");
        }
    };

    /**
     * @param productName what the driver's {@link java.sql.DatabaseMetaData#getDatabaseProductName()} says
     * @return the built-in dialect of that database, or null when none is built in
     */
    public static SqlDialect forProduct(String productName) {
        if ("H2".equalsIgnoreCase(productName)) {
            return H2;
        }
        if ("PostgreSQL".equalsIgnoreCase(productName)) {
            return POSTGRESQL;
        }
        return null;
    }
}
