package dev.syncwright.store.jdbc;

/**
 * A JDBC store could not do what was asked: the database refused or could not be reached (the cause is the
 * {@link java.sql.SQLException}), or its tables are missing or of another version ({@link SchemaVersionException}).
 * Messages name the operation and the database's answer, never a password or a connection URL's secrets.
 */
public class JdbcStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, not null
     * @param cause   the database's error, may be null
     */
    public JdbcStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
