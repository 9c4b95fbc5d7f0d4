package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.reporting.LatestSyncInfo;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.spi.DeliveryStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The entries table's rows as the journal's and the report's values. Stateless. */
final class EntryRows {
    private static final DeliveryStatus[] STATUSES = DeliveryStatus.values();

    /** The columns {@link #report} reads, in order. */
    static final String REPORT_COLUMNS = "id, run_id, system, entity, reference, source_id, endpoint_id, status, attempts,"
            + " message, created, updated, last_run_id";
    /** How many columns {@link #report} reads. */
    static final int REPORT_COLUMN_COUNT = 13;
    /** The columns {@link #stored} reads, in order. */
    static final String STORED_COLUMNS = "id, sync_name, run_id, entity, source_id, reference, status, attempts";
    /** The columns {@link #outstanding} reads, in order (after the entity, column 1). */
    static final String OPEN_COLUMNS = "entity, id, source_id, reference, delivery_id, attempts, updated, passed";

    private EntryRows() {
    }

    static ReportEntry report(ResultSet rs) throws SQLException {
        DeliveryStatus status = STATUSES[rs.getShort(8)];
        Instant updated = Values.instant(rs, 12);
        String runId = rs.getString(2);
        String lastRunId = rs.getString(13); // null while it is the entry's own run: not read twice
        return new ReportEntry(rs.getLong(1), runId, rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), status, rs.getInt(9), rs.getString(10), Values.instant(rs, 11),
                updated, new LatestSyncInfo(updated, status, lastRunId == null ? runId : lastRunId));
    }

    static StoredEntry stored(ResultSet rs) throws SQLException {
        return new StoredEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), STATUSES[rs.getShort(7)], rs.getInt(8));
    }

    /** @return the open entry as the delivery a next run must finish, or null when it has no key to finish it by */
    static OutstandingDelivery outstanding(ResultSet rs) throws SQLException {
        String key = rs.getString(3);
        if (key == null) {
            return null;
        }
        return new OutstandingDelivery(rs.getLong(2), key, rs.getString(4), rs.getString(5), rs.getInt(6),
                Values.instant(rs, 7), rs.getBoolean(8));
    }
}
