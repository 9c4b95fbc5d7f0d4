package dev.syncwright.store.jdbc;

import java.util.Locale;
import java.util.Optional;

/** The databases the JDBC stores run on, each with its own shipped DDL and SQL. */
public enum JdbcDialect {
    /**
     * H2 2.x, embedded and file-based (the examples' default). Counts read the entries (no rolled-up counts), and
     * texts sort by UTF-16 code unit, which differs from Unicode code point order only between characters above
     * U+FFFF and characters from U+E000 to U+FFFF.
     */
    H2("h2"),
    /**
     * PostgreSQL 14 or later. Counts over a time window add up rolled-up counts per hour, and "reference
     * contains" uses a trigram index when the {@code pg_trgm} extension could be created.
     */
    POSTGRESQL("postgresql");

    private final String resourceFolder;

    JdbcDialect(String resourceFolder) {
        this.resourceFolder = resourceFolder;
    }

    /** @return the folder of this dialect's DDL scripts below {@code dev/syncwright/store/jdbc/} on the class path */
    public String resourceFolder() {
        return resourceFolder;
    }

    /**
     * @param databaseProductName what {@link java.sql.DatabaseMetaData#getDatabaseProductName()} says
     * @return the dialect of that database, empty when it is none of the supported ones
     */
    public static Optional<JdbcDialect> fromProductName(String databaseProductName) {
        if (databaseProductName == null) {
            return Optional.empty();
        }
        String name = databaseProductName.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return Optional.of(H2);
        }
        if (name.contains("postgresql")) {
            return Optional.of(POSTGRESQL);
        }
        return Optional.empty();
    }
}
