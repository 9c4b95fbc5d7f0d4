package dev.syncwright.store.jdbc.internal;

import dev.syncwright.store.jdbc.JdbcDialect;

/**
 * What differs between the databases: how entries are upserted in bulk, a few upserts, how a row is locked for a
 * check, whether counts are rolled up. Everything else is the same SQL. Immutable and thread-safe.
 */
public abstract class Dialect {
    final Tables tables;

    Dialect(Tables tables) {
        this.tables = tables;
    }

    /** @return the dialect of that kind over these tables */
    public static Dialect of(JdbcDialect kind, Tables tables) {
        return switch (kind) {
            case H2 -> new H2Dialect(tables);
            case POSTGRESQL -> new PostgresDialect(tables);
        };
    }

    /** @return which database */
    public abstract JdbcDialect kind();

    /** @return the statement that makes a transaction a read-only REPEATABLE READ one, or null for the JDBC setters */
    public abstract String consistentReadSql();

    /** @return the writer of entries in bulk */
    abstract EntryWriter entryWriter();

    /** @return the upsert of a checkpoint: sync_name, entity, position, complete, last_complete */
    abstract String upsertCheckpointSql();

    /** @return the upsert of a connection: id, state, saved_at; a new id comes last in the order of first saves */
    abstract String upsertConnectionSql();

    /**
     * @return the query of a sync's holder, its run and that run's status (sync_name bound), locking the holder's
     *         row until the transaction ends, so that no claim changes it meanwhile
     */
    String holderCheckSql() {
        return "SELECT h.run_id, r.run_id, r.status FROM " + tables.holders() + " h LEFT JOIN " + tables.runs()
                + " r ON r.run_id = h.run_id WHERE h.sync_name = ?" + lockForCheck();
    }

    /** @return the locking clause of {@link #holderCheckSql()}: as weak as the database allows */
    abstract String lockForCheck();

    /**
     * @return true when a page of a text search is read from all its matches found first (a materialized common
     *         table expression), rather than by walking an index in the page's order
     */
    abstract boolean pagesSearchesFromAllMatches();

    /** @return true when the entries' counts per hour and status are rolled up by the database */
    abstract boolean rollsUpCounts();
}
