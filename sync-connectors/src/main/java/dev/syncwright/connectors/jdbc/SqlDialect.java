package dev.syncwright.connectors.jdbc;

import dev.syncwright.spi.ConfigurationException;

/** The SQL flavours the JDBC destination can write an upsert in. */
public enum SqlDialect {
    /** H2: {@code MERGE INTO t (..) KEY (k) VALUES (..)}. */
    H2,
    /** PostgreSQL: {@code INSERT INTO t (..) VALUES (..) ON CONFLICT (k) DO UPDATE SET ..}. */
    POSTGRESQL;

    /**
     * @param url a JDBC URL, not null
     * @return the dialect of the URL's database
     * @throws ConfigurationException naming {@code dialect} when the URL is of another database
     */
    public static SqlDialect forUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new ConfigurationException("dialect", "cannot tell the SQL dialect of this URL; set dialect to H2 or POSTGRESQL");
    }
}
