/**
 * JDBC connectors: {@link dev.syncwright.connectors.jdbc.JdbcSource} reads tables or queries by keyset
 * paging (optionally incrementally by an updated-at column); {@link dev.syncwright.connectors.jdbc.JdbcDestination}
 * upserts by key, one transaction per batch, on H2 and PostgreSQL (where batches are {@code COPY}'d), or on another
 * database through a {@link dev.syncwright.connectors.jdbc.SqlDialect} of your own. Both take a JDBC URL, with a
 * small built-in pool, or the host's {@code javax.sql.DataSource}
 * ({@link dev.syncwright.connectors.jdbc.JdbcConnectorBuilder}). Drivers are not brought along: put the one you
 * need on the class path.
 *
 * <h2>Names</h2>
 * Every identifier the connectors put into SQL (schema, table, column, key) is quoted the dialect's way
 * (double quotes with inner double quotes doubled on H2 and PostgreSQL), and every value is bound as a
 * parameter: a name may hold spaces, quotes, mixed case or be a reserved word, and SQL inside a name is only a
 * name. Because quoted names are case-sensitive, a name given in a configuration ({@code table},
 * {@code keyColumn}, {@code updatedAtColumn}, {@code referenceColumn}, the destination's {@code tables}), or as a
 * record's field or key field, is first matched to a name the database stores (its metadata, and the columns of
 * the table or query):
 * <ol>
 * <li>the stored name equal to it, if there is one;</li>
 * <li>else the stored name equal to it as the database stores unquoted names (H2: upper case, PostgreSQL:
 *     lower case, as the driver's {@link java.sql.DatabaseMetaData#storesUpperCaseIdentifiers() metadata}
 *     says), which is the one hand-written SQL would use: {@code customers} finds the table created as
 *     {@code CREATE TABLE customers} on H2 (stored {@code CUSTOMERS});</li>
 * <li>else the only stored name equal to it ignoring case;</li>
 * <li>several names equal to it ignoring case and none of the rules above: a configuration error asks for
 *     the exact name.</li>
 * </ol>
 * A table name may be qualified, {@code schema.table}: the first dot separates the schema, which is matched
 * the same way. An unqualified table is looked for in the connection's current schema, then in every schema,
 * and left to the database's search path. A table not found at all is used as unquoted SQL would name it.
 *
 * <p>Tables and columns the destination creates ({@code createTables}) are named as the database stores
 * unquoted names when their name is plain (letters, digits and {@code _}, not starting with a digit), so
 * hand-written SQL finds them without quotes as it always did; any other name is created exactly as given.
 */
package dev.syncwright.connectors.jdbc;
