package dev.syncwright.store.jdbc.internal;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Purges in bounded batches, each its own short transaction, so a purge of millions of entries never holds
 * long locks and writers go on between batches. An open entry is not deleted but marked purged: it leaves the
 * report, and the journal still hands it to the next run of its sync; a later purge deletes it once a write closed
 * it and that write too is older than the cutoff. Thread-safe.
 */
final class Retention {
    private final Db db;
    private final Tables t;
    private final boolean rollsUp;
    private final int batchSize;

    Retention(Db db, Dialect dialect, int batchSize) {
        this.db = db;
        this.t = dialect.tables;
        this.rollsUp = dialect.rollsUpCounts();
        this.batchSize = batchSize;
    }

    /** @return how many entries left the report */
    long purgeOlderThan(Instant cutoff) {
        long removed = db.write("mark open report entries purged", c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + t.entries() + " SET purged = TRUE"
                    + " WHERE open AND NOT purged AND created < ?")) {
                Values.bind(c, up, List.of(cutoff));
                return (long) up.executeUpdate();
            }
        });
        removed += inBatches("purge report entries", "DELETE FROM " + t.entries() + " WHERE id IN (SELECT id FROM "
                + t.entries() + " WHERE NOT purged AND NOT open AND created < ? FETCH FIRST ? ROWS ONLY)", cutoff);
        // a purged entry closed since goes once its last write is older than the cutoff too, so a late write of it
        // finds it still there, purged, as in every report store, instead of adding it as new
        inBatches("delete purged entries closed since", "DELETE FROM " + t.entries() + " WHERE id IN (SELECT id FROM "
                + t.entries() + " WHERE purged AND NOT open AND updated < ? FETCH FIRST ? ROWS ONLY)", cutoff);
        inBatches("purge the sync log", "DELETE FROM " + t.syncLog() + " WHERE seq IN (SELECT seq FROM " + t.syncLog()
                + " WHERE time < ? FETCH FIRST ? ROWS ONLY)", cutoff);
        if (rollsUp) {
            db.write("drop emptied counts", c -> {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.entryCounts()
                        + " WHERE n = 0 AND bucket < ?")) {
                    Values.bind(c, d, List.of(cutoff.truncatedTo(ChronoUnit.HOURS)));
                    return d.executeUpdate();
                }
            });
        }
        return removed;
    }

    /** Runs a batch delete until a batch deletes fewer rows than the batch size; @return rows deleted */
    private long inBatches(String what, String sql, Instant cutoff) {
        long total = 0;
        while (true) {
            int n = db.write(what, c -> {
                try (PreparedStatement d = c.prepareStatement(sql)) {
                    d.setObject(1, Values.utc(cutoff));
                    d.setInt(2, batchSize);
                    return d.executeUpdate();
                }
            });
            total += n;
            if (n < batchSize) {
                return total;
            }
        }
    }
}
