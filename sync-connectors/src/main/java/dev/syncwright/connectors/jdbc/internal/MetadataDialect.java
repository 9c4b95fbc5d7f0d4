package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.connectors.jdbc.SqlDialect;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.FieldType;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * What a source reading a database with no built-in dialect uses: identifiers quoted with the quote string the
 * driver reports (a back quote on MySQL, for one), rows limited by {@code LIMIT ?}. It cannot write: a
 * destination needs a real dialect. Immutable and thread-safe.
 */
public final class MetadataDialect implements SqlDialect {
    private final String quote;

    private MetadataDialect(String quote) {
        this.quote = quote;
    }

    /**
     * @param md the database's metadata
     * @return a dialect quoting as the driver says; one that leaves names unquoted when the driver has no quote
     * @throws SQLException when the metadata cannot be read
     */
    public static MetadataDialect of(DatabaseMetaData md) throws SQLException {
        String q = md.getIdentifierQuoteString();
        return new MetadataDialect(q == null ? "" : q.strip());
    }

    @Override
    public String name() {
        return "JDBC";
    }

    @Override
    public String quote(String identifier) {
        return quote.isEmpty() ? identifier : quote + identifier.replace(quote, quote + quote) + quote;
    }

    @Override
    public String upsert(String table, String key, List<String> columns) {
        throw cannotWrite();
    }

    @Override
    public String columnType(FieldType type) {
        throw cannotWrite();
    }

    private static ConfigurationException cannotWrite() {
        return new ConfigurationException("dialect", "writing needs a SQL dialect: use H2, POSTGRESQL or your own SqlDialect");
    }

    @Override
    public String toString() {
        return name() + "[quote=" + quote + "]";
    }
}
