package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.jdbc.SqlDialect;
import dev.syncwright.spi.FieldType;

import java.util.List;
import java.util.stream.Collectors;

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
            String updates = columns.stream().filter(c -> !c.equals(key))
                    .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + Sql.parameters(columns.size()) + ") ON CONFLICT (" + key + ") DO "
                    + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
        }

        @Override
        public String columnType(FieldType type) {
            return Sql.columnType(type, "TEXT", "BYTEA");
        }
    }
}
