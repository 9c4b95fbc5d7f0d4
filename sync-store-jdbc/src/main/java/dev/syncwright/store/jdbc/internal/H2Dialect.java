package dev.syncwright.store.jdbc.internal;

import dev.syncwright.store.jdbc.JdbcDialect;

/** H2 2.x: standard MERGE for upserts, exclusive row locks, counts read from the entries. */
final class H2Dialect extends Dialect {
    H2Dialect(Tables tables) {
        super(tables);
    }

    @Override
    public JdbcDialect kind() {
        return JdbcDialect.H2;
    }

    @Override
    public String consistentReadSql() {
        return null;
    }

    @Override
    EntryWriter entryWriter() {
        return new H2EntryWriter(tables);
    }

    @Override
    String upsertCheckpointSql() {
        return "MERGE INTO " + tables.checkpoints() + " (sync_name, entity, position, complete, last_complete)"
                + " KEY (sync_name, entity) VALUES (?, ?, ?, ?, ?)";
    }

    @Override
    String upsertConnectionSql() {
        return "MERGE INTO " + tables.connections() + " c USING (VALUES (CAST(? AS CHARACTER VARYING),"
                + " CAST(? AS CHARACTER LARGE OBJECT), CAST(? AS TIMESTAMP(9) WITH TIME ZONE))) s(id, state, saved_at)"
                + " ON c.id = s.id WHEN MATCHED THEN UPDATE SET state = s.state, saved_at = s.saved_at"
                + " WHEN NOT MATCHED THEN INSERT (id, state, saved_at) VALUES (s.id, s.state, s.saved_at)";
    }

    @Override
    String lockForCheck() {
        return " FOR UPDATE"; // H2 has no shared row locks
    }

    @Override
    boolean pagesSearchesFromAllMatches() {
        return false;
    }

    @Override
    boolean rollsUpCounts() {
        return false;
    }
}
