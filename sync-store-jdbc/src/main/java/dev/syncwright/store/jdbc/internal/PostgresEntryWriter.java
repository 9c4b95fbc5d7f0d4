package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.journal.JournalWrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One statement per batch: the columns go as arrays (numbers as binary arrays) and the server unnests them into
 * an {@code INSERT ... ON CONFLICT (id) DO UPDATE}, so a page of entries costs one round trip and one plan.
 * Times go as microseconds since the epoch, PostgreSQL's own precision.
 */
final class PostgresEntryWriter implements EntryWriter {
    private final String sql;

    PostgresEntryWriter(Tables t) {
        sql = "INSERT INTO " + t.entries() + " AS e (id, created, updated, attempts, status, passed, open, sync_name,"
                + " run_id, last_run_id, system, system_lc, entity, reference, reference_lc, source_id, endpoint_id,"
                + " message, message_lc, delivery_id)"
                + " SELECT u.id, u.at, u.at, u.attempts, u.status, u.passed, u.open, ?, ?, NULL, ?, ?, ?, u.reference,"
                + " u.reference_lc, u.source_id, u.endpoint_id, u.message, u.message_lc, u.delivery_id"
                + " FROM (SELECT r.*, timestamptz '1970-01-01 00:00:00+00' + r.micros * interval '1 microsecond' AS at"
                + " FROM unnest(?::int8[], ?::int8[], ?::int4[], ?::int2[], ?::bool[], ?::bool[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS r(id, micros, attempts, status, passed, open,"
                + " reference, reference_lc, source_id, endpoint_id, message, message_lc, delivery_id)) AS u"
                + " ON CONFLICT (id) DO UPDATE SET updated = excluded.updated, attempts = excluded.attempts,"
                + " status = excluded.status, passed = excluded.passed, open = excluded.open,"
                + " last_run_id = NULLIF(?, e.run_id), message = excluded.message, message_lc = excluded.message_lc,"
                + " delivery_id = excluded.delivery_id, endpoint_id = COALESCE(excluded.endpoint_id, e.endpoint_id)";
    }

    @Override
    public void write(Connection c, JournalWrite w, EntryBatch b) throws SQLException {
        long[] micros = new long[b.size];
        for (int i = 0; i < b.size; i++) {
            micros[i] = micros(b.times[i]);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            ps.setString(p++, w.syncName());
            ps.setString(p++, w.runId());
            ps.setString(p++, w.system());
            ps.setString(p++, EntryBatch.systemLc(w.system()));
            ps.setString(p++, w.entity());
            ps.setObject(p++, b.ids); // the driver sends primitive arrays in binary
            ps.setObject(p++, micros);
            ps.setObject(p++, b.attempts);
            ps.setObject(p++, b.statuses);
            ps.setObject(p++, b.passed);
            ps.setObject(p++, b.open);
            ps.setArray(p++, c.createArrayOf("text", b.references));
            ps.setArray(p++, c.createArrayOf("text", b.referencesLc));
            ps.setArray(p++, c.createArrayOf("text", b.sourceIds));
            ps.setArray(p++, c.createArrayOf("text", b.endpointIds));
            ps.setArray(p++, c.createArrayOf("text", b.messages));
            ps.setArray(p++, c.createArrayOf("text", b.messagesLc));
            ps.setArray(p++, c.createArrayOf("text", b.deliveryIds));
            ps.setString(p, w.runId());
            ps.executeUpdate();
        }
    }

    /** @return microseconds since the epoch, the sub-microsecond part dropped */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
