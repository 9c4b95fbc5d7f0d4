package dev.syncwright.store.jdbc;

/**
 * The database has no Syncwright tables under the configured schema and prefix, or tables of another schema
 * version than this release uses. The message names the version found, the version expected and how to create
 * or migrate the tables.
 */
public class SchemaVersionException extends JdbcStoreException {
    private static final long serialVersionUID = 1L;
    /** The schema version found in the database, 0 when its tables are missing. */
    private final int found;
    /** The schema version this release uses. */
    private final int expected;

    /**
     * @param message  what is wrong and what to do, not null
     * @param found    the version found, 0 when there are no tables
     * @param expected the version this release uses
     */
    public SchemaVersionException(String message, int found, int expected) {
        super(message, null);
        this.found = found;
        this.expected = expected;
    }

    /** @return the schema version found in the database, 0 when its tables are missing */
    public int found() {
        return found;
    }

    /** @return the schema version this release uses */
    public int expected() {
        return expected;
    }
}
