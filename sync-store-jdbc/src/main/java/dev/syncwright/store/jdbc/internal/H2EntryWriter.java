package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.journal.JournalWrite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A standard MERGE per entry, sent as one JDBC batch (H2 runs in the JVM: no round trips to save). */
final class H2EntryWriter implements EntryWriter {
    private final String sql;

    H2EntryWriter(Tables t) {
        sql = "MERGE INTO " + t.entries() + " e USING (VALUES (CAST(? AS BIGINT), CAST(? AS TIMESTAMP(9) WITH TIME ZONE),"
                + " CAST(? AS INTEGER), CAST(? AS SMALLINT), CAST(? AS BOOLEAN), CAST(? AS BOOLEAN),"
                + " CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING),"
                + " CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING),"
                + " CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING),"
                + " CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING), CAST(? AS CHARACTER VARYING),"
                + " CAST(? AS CHARACTER VARYING))) s(id, at, attempts, status, passed, open, sync_name, run_id, system,"
                + " system_lc, entity, reference, reference_lc, source_id, endpoint_id, message, message_lc,"
                + " delivery_id, last_run_id) ON e.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET updated = s.at, attempts = s.attempts, status = s.status,"
                + " passed = s.passed, open = s.open, last_run_id = NULLIF(s.last_run_id, e.run_id), message = s.message,"
                + " message_lc = s.message_lc, delivery_id = s.delivery_id,"
                + " endpoint_id = COALESCE(s.endpoint_id, e.endpoint_id)"
                + " WHEN NOT MATCHED THEN INSERT (id, created, updated, attempts, status, passed, open, sync_name, run_id,"
                + " last_run_id, system, system_lc, entity, reference, reference_lc, source_id, endpoint_id, message,"
                + " message_lc, delivery_id) VALUES (s.id, s.at, s.at, s.attempts, s.status, s.passed, s.open,"
                + " s.sync_name, s.run_id, NULL, s.system, s.system_lc, s.entity, s.reference, s.reference_lc,"
                + " s.source_id, s.endpoint_id, s.message, s.message_lc, s.delivery_id)";
    }

    @Override
    public void write(Connection c, JournalWrite w, EntryBatch b) throws SQLException {
        String systemLc = EntryBatch.systemLc(w.system());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < b.size; i++) {
                ps.setLong(1, b.ids[i]);
                ps.setObject(2, Values.utc(b.times[i]));
                ps.setInt(3, b.attempts[i]);
                ps.setShort(4, b.statuses[i]);
                ps.setBoolean(5, b.passed[i]);
                ps.setBoolean(6, b.open[i]);
                ps.setString(7, w.syncName());
                ps.setString(8, w.runId());
                ps.setString(9, w.system());
                ps.setString(10, systemLc);
                ps.setString(11, w.entity());
                ps.setString(12, b.references[i]);
                ps.setString(13, b.referencesLc[i]);
                ps.setString(14, b.sourceIds[i]);
                ps.setString(15, b.endpointIds[i]);
                ps.setString(16, b.messages[i]);
                ps.setString(17, b.messagesLc[i]);
                ps.setString(18, b.deliveryIds[i]);
                ps.setString(19, w.runId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
