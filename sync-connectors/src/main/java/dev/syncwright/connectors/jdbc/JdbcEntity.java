package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.Sql;
import dev.syncwright.spi.ConfigurationException;

/**
 * One entity of a {@link JdbcSource}: a table or a query, read in key order. Immutable.
 *
 * <p>Names are matched to the names the database stores as the {@linkplain dev.syncwright.connectors.jdbc package
 * documentation} says, and always quoted in the SQL the source writes, so they may hold any character but NUL:
 * spaces, quotes, mixed case, reserved words.
 *
 * @param name            the entity name, not blank
 * @param table           the table, {@code table} or {@code schema.table} (the first dot separates the schema),
 *                        or null when {@code query} is set
 * @param query           a SELECT whose rows are the entity, or null when {@code table} is set; it is
 *                        wrapped as {@code SELECT * FROM (query) q WHERE .. ORDER BY ..}, so it must not
 *                        have its own ORDER BY or LIMIT
 * @param keyColumn       the column that identifies a row, unique and not null; rows are paged by it
 * @param updatedAtColumn for incremental syncs: a not-null column that grows whenever a row changes; rows
 *                        are then read in (updated-at, key) order and an INCREMENTAL run reads only rows
 *                        changed since the last complete run. May be null
 * @param referenceColumn a column shown as the record's reference in reports, may be null (the key is used)
 */
public record JdbcEntity(String name, String table, String query, String keyColumn, String updatedAtColumn,
                         String referenceColumn) {
    /**
     * @param name the entity's name
     * @param table the table it is read from, or null when {@code query} is set
     * @param query the query it is read from, or null when {@code table} is set
     * @param keyColumn the column holding each record's key
     * @param updatedAtColumn the column an incremental run reads from, or null
     * @param referenceColumn the column shown as the record's reference, or null
     * @throws ConfigurationException naming the setting when a name is blank or holds a NUL character, or
     *                                when not exactly one of table and query is set
     */
    public JdbcEntity {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("entities.name", "must not be blank");
        }
        if ((table == null) == (query == null)) {
            throw new ConfigurationException("entities.table", "entity '" + Texts.shorten(name, 80)
                    + "' needs exactly one of table and query");
        }
        if (table != null) {
            Sql.table("entities.table", table);
        }
        if (query != null && query.isBlank()) {
            throw new ConfigurationException("entities.query", "must not be blank");
        }
        Sql.name("entities.keyColumn", keyColumn);
        if (updatedAtColumn != null) {
            Sql.name("entities.updatedAtColumn", updatedAtColumn);
        }
        if (referenceColumn != null) {
            Sql.name("entities.referenceColumn", referenceColumn);
        }
    }

    /**
     * @param name the entity's name
     * @param table the table it is read from
     * @param keyColumn the column holding each record's key
     * @return an entity read from a whole table, with no incremental column and no reference column
     */
    public static JdbcEntity table(String name, String table, String keyColumn) {
        return new JdbcEntity(name, table, null, keyColumn, null, null);
    }

    /**
     * @param column the updated-at column
     * @return a copy read incrementally by the given updated-at column
     */
    public JdbcEntity withUpdatedAt(String column) {
        return new JdbcEntity(name, table, query, keyColumn, column, referenceColumn);
    }

    /**
     * @param column the reference column
     * @return a copy showing the given column as reference
     */
    public JdbcEntity withReference(String column) {
        return new JdbcEntity(name, table, query, keyColumn, updatedAtColumn, column);
    }
}
