package dev.syncwright.store.jdbc.internal;

import dev.syncwright.store.jdbc.JdbcDialect;

/** PostgreSQL: INSERT ... ON CONFLICT, entries upserted from arrays, shared row locks, rolled-up counts. */
final class PostgresDialect extends Dialect {
    PostgresDialect(Tables tables) {
        super(tables);
    }

    @Override
    public JdbcDialect kind() {
        return JdbcDialect.POSTGRESQL;
    }

    @Override
    public String consistentReadSql() {
        // the report's reads are short: compiling them (JIT) would cost more than it saves
        return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off";
    }

    @Override
    EntryWriter entryWriter() {
        return new PostgresEntryWriter(tables);
    }

    @Override
    String upsertCheckpointSql() {
        return "INSERT INTO " + tables.checkpoints() + " (sync_name, entity, position, complete, last_complete)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sync_name, entity) DO UPDATE SET position = excluded.position,"
                + " complete = excluded.complete, last_complete = excluded.last_complete";
    }

    @Override
    String upsertConnectionSql() {
        return "INSERT INTO " + tables.connections() + " (id, state, saved_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at";
    }

    @Override
    String lockForCheck() {
        return " FOR SHARE OF h"; // writers of one sync check at once; only a claim waits
    }

    @Override
    boolean pagesSearchesFromAllMatches() {
        return true;
    }

    @Override
    boolean rollsUpCounts() {
        return true;
    }
}
