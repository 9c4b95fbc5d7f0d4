package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.core.journal.Runs;
import dev.syncwright.core.journal.SyncBusyException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs and their claims on syncs: the runs table and, per sync, its holder. A claim locks the sync's holder row
 * and the holder's run row, so claims, renewals, progress and checkpoint checks of one sync never interleave;
 * run records change only through {@link Runs}, as in every journal. Thread-safe.
 */
final class RunsTable {
    private static final String RUN_COLUMNS = "run_id, sync_name, system, owner, started_at, lease_until, status,"
            + " ended_at, failure, entities";

    private final Db db;
    private final Tables t;

    RunsTable(Db db, Tables t) {
        this.db = db;
        this.t = t;
    }

    Optional<RunRecord> claim(RunRecord run, Instant now, String replacing) {
        String entities = ProgressJson.write(run.entities());
        return db.write("claim sync '" + run.syncName() + "' for run " + run.runId(), c -> {
            String holder = null;
            try (PreparedStatement q = c.prepareStatement("SELECT run_id FROM " + t.holders()
                    + " WHERE sync_name = ? FOR UPDATE")) {
                q.setString(1, run.syncName());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        holder = rs.getString(1);
                    }
                }
            }
            if (run.runId().equals(holder)) {
                return Optional.<RunRecord>empty(); // this claim committed before its connection broke: tried again
            }
            RunRecord abandoned = null;
            if (holder != null) {
                RunRecord held = select(c, holder, true).orElse(null);
                if (held != null && held.isRunning()) {
                    boolean expired = held.leaseUntil().isBefore(now);
                    if (!expired && !held.runId().equals(replacing)) {
                        throw new SyncBusyException(run.syncName(), held.runId(), held.owner(), held.leaseUntil());
                    }
                    abandoned = Runs.abandon(held, run, now);
                    update(c, abandoned);
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t.runs() + " (" + RUN_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Values.bind(c, ins, List.of(run.runId(), run.syncName(), run.system(), run.owner(), run.startedAt(),
                        run.leaseUntil()));
                ins.setString(7, run.status() == null ? null : run.status().name());
                ins.setObject(8, Values.utc(run.endedAt()));
                ins.setString(9, run.failure());
                ins.setString(10, entities);
                ins.executeUpdate();
            }
            String sql = holder == null
                    ? "INSERT INTO " + t.holders() + " (run_id, sync_name) VALUES (?, ?)"
                    : "UPDATE " + t.holders() + " SET run_id = ? WHERE sync_name = ?";
            try (PreparedStatement h = c.prepareStatement(sql)) {
                h.setString(1, run.runId());
                h.setString(2, run.syncName());
                h.executeUpdate(); // a concurrent first claim makes this insert fail: the write is tried again
            }
            return Optional.ofNullable(abandoned);
        });
    }

    boolean renew(String syncName, String runId, Instant leaseUntil) {
        return db.write("renew the lease of run " + runId, c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + t.runs() + " SET lease_until = ? WHERE run_id = ?"
                    + " AND status IS NULL AND run_id = (SELECT h.run_id FROM " + t.holders() + " h WHERE h.sync_name = ?)")) {
                Values.bind(c, up, List.of(leaseUntil, runId, syncName));
                return up.executeUpdate() == 1;
            }
        });
    }

    void recordProgress(String runId, List<EntityProgress> entities) {
        change("record the progress of run " + runId, runId, r -> Runs.withProgress(r, entities));
    }

    void ended(String runId, RunStatus status, Instant endedAt, String failure, List<EntityProgress> entities) {
        change("record the end of run " + runId, runId,
                r -> Runs.ended(Runs.withProgress(r, entities), status, endedAt, failure));
    }

    /** Changes a running run's record; an ended (or unknown) run is left as it is. */
    private void change(String what, String runId, UnaryOperator<RunRecord> how) {
        db.write(what, c -> {
            Optional<RunRecord> r = select(c, runId, true);
            if (r.isPresent() && r.get().isRunning()) {
                update(c, how.apply(r.get()));
            }
            return null;
        });
    }

    Optional<RunRecord> run(String runId) {
        return db.read("read run " + runId, c -> select(c, runId, false));
    }

    List<RunRecord> runs(String syncName) {
        return db.read("read the runs of sync '" + syncName + "'", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM " + t.runs()
                    + " WHERE sync_name = ? ORDER BY seq DESC")) {
                q.setString(1, syncName);
                List<RunRecord> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(rs));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    private Optional<RunRecord> select(Connection c, String runId, boolean lock) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM " + t.runs() + " WHERE run_id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        }
    }

    private void update(Connection c, RunRecord r) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE " + t.runs() + " SET lease_until = ?, status = ?,"
                + " ended_at = ?, failure = ?, entities = ? WHERE run_id = ?")) {
            up.setObject(1, Values.utc(r.leaseUntil()));
            up.setString(2, r.status() == null ? null : r.status().name());
            up.setObject(3, Values.utc(r.endedAt()));
            up.setString(4, r.failure());
            up.setString(5, ProgressJson.write(r.entities()));
            up.setString(6, r.runId());
            up.executeUpdate();
        }
    }

    private static RunRecord record(ResultSet rs) throws SQLException {
        String status = rs.getString(7);
        return new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Values.instant(rs, 5),
                Values.instant(rs, 6), status == null ? null : RunStatus.valueOf(status), Values.instant(rs, 8),
                rs.getString(9), ProgressJson.read(rs.getString(10)));
    }
}
