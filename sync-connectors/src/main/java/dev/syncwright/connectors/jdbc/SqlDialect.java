package dev.syncwright.connectors.jdbc;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.connectors.jdbc.internal.BuiltInDialect;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.FieldType;

import java.util.List;
import java.util.Locale;

/**
 * How the JDBC connectors write SQL for one kind of database: how an identifier is quoted, how many rows a
 * query returns at most, what an upsert and a new table look like. {@link #H2} and {@link #POSTGRESQL} are
 * built in and chosen from the JDBC URL, or from the database's product name when the connectors are given a
 * {@code DataSource}; to use another database, implement this interface and give it to
 * {@link JdbcConnectorBuilder#dialect} of {@link JdbcDestination.Builder} and {@link JdbcSource.Builder}. PostgreSQL's
 * bulk path ({@link JdbcDestination.WriteMethod#COPY}) writes its own SQL; batches the database rejects are still
 * written row by row with {@link #upsert}.
 *
 * <p>The connectors quote every identifier they put into SQL with {@link #quote}, using the name the database
 * stores (see the package documentation for how configured names are matched to stored ones), and bind every
 * value as a parameter. The methods that build statements receive identifiers already quoted, a table possibly
 * qualified by its schema ({@code "sales"."orders"}); they only arrange them.
 *
 * <p>Implementations must be immutable and thread-safe; no method returns null.
 */
public interface SqlDialect {
    /** H2: {@code MERGE INTO t (..) KEY (k) VALUES (..)}. */
    SqlDialect H2 = BuiltInDialect.H2;

    /** PostgreSQL: {@code INSERT INTO t (..) VALUES (..) ON CONFLICT (k) DO UPDATE SET ..}. */
    SqlDialect POSTGRESQL = BuiltInDialect.POSTGRESQL;

    /** @return the dialect's name as used in configurations and messages, e.g. {@code H2} */
    String name();

    /**
     * Quotes one identifier (a schema, table or column name) so that the database reads it exactly as given,
     * whatever characters it holds. The default is standard SQL: enclosed in double quotes, with every double
     * quote inside doubled.
     *
     * @param identifier the name as the database stores it, not null
     * @return the quoted identifier
     */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * @param orderedSelect a SELECT ending with its ORDER BY
     * @return the SELECT returning at most the number of rows given by one more parameter, bound after all of
     *         the select's own; the default appends {@code LIMIT ?}
     */
    default String limit(String orderedSelect) {
        return orderedSelect + " LIMIT ?";
    }

    /**
     * @param table   the table, quoted
     * @param key     the key column, quoted; the table has a primary key or unique constraint on it
     * @param columns the columns written, quoted, the key among them
     * @return a statement that inserts one row, or updates the row with the same key, with one parameter per
     *         column in the order given
     */
    String upsert(String table, String key, List<String> columns);

    /**
     * @param type a field's type
     * @return the column type a new table gets for fields of that type
     */
    String columnType(FieldType type);

    /**
     * @param table   the table, quoted
     * @param columns the column definitions ({@code "name" TYPE [NOT NULL]}), key first
     * @param key     the key column, quoted: the primary key
     * @return a statement that creates the table unless it exists; the default is
     *         {@code CREATE TABLE IF NOT EXISTS t (.., PRIMARY KEY (k))}
     */
    default String createTable(String table, List<String> columns, String key) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", columns) + ", PRIMARY KEY (" + key + "))";
    }

    /**
     * @param url a JDBC URL, not null
     * @return the built-in dialect of the URL's database
     * @throws ConfigurationException naming {@code dialect} when the URL is of another database
     */
    static SqlDialect forUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new ConfigurationException("dialect", "cannot tell the SQL dialect of this URL; set dialect to H2 or POSTGRESQL");
    }

    /**
     * @param name {@code H2} or {@code POSTGRESQL}, in any case
     * @return the built-in dialect of that name
     * @throws ConfigurationException naming {@code dialect} for any other name
     */
    static SqlDialect named(String name) {
        String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
        if (upper.equals(H2.name())) {
            return H2;
        }
        if (upper.equals(POSTGRESQL.name())) {
            return POSTGRESQL;
        }
        throw new ConfigurationException("dialect", "must be H2 or POSTGRESQL, was '" + Texts.shorten(name, 40) + "'");
    }
}
