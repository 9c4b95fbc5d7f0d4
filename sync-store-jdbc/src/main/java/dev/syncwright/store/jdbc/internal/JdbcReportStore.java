package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.EntityCheckpoint;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.core.journal.SyncBusyException;
import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import dev.syncwright.reporting.PageRequest;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportPage;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run journal and the sync report in a database. A journal write is one transaction: the entries upserted in
 * bulk, the checkpoint, and the check that the writing run still holds its sync, made last so that the holder's
 * row is locked only until the commit. Open entries are found through an index of open entries per sync and
 * entity. Thread-safe: every call uses its own connection from the data source.
 */
public final class JdbcReportStore implements ReportStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcReportStore.class);

    private final Db db;
    private final Tables t;
    private final Dialect dialect;
    private final Clock clock;
    private final EntryWriter writer;
    private final IdBlocks ids;
    private final RunsTable runs;
    private final ReportReads reads;
    private final Retention retention;
    private final String upsertCheckpoint;
    private final String holderCheck;

    /**
     * @param db        the database, through the host's data source
     * @param dialect   its dialect, over the store's tables
     * @param clock     where "now" of relative query windows comes from
     * @param settings  block and batch sizes
     */
    public JdbcReportStore(Db db, Dialect dialect, Clock clock, StoreSettings settings) {
        this.db = db;
        this.t = dialect.tables;
        this.dialect = dialect;
        this.clock = clock;
        this.writer = dialect.entryWriter();
        this.ids = new IdBlocks(db, t, settings.idBlockSize());
        this.runs = new RunsTable(db, t);
        this.reads = new ReportReads(db, dialect, settings.fetchSize());
        this.retention = new Retention(db, dialect, settings.purgeBatchSize());
        this.upsertCheckpoint = dialect.upsertCheckpointSql();
        this.holderCheck = dialect.holderCheckSql();
    }

    // ---- the journal

    @Override
    public long reserveEntryIds(int count) {
        return ids.reserve(count);
    }

    @Override
    public void write(JournalWrite write) {
        Objects.requireNonNull(write, "write must not be null");
        List<EntryBatch> batches = EntryBatch.of(write.entries()); // copied now: the entries are views
        EntityCheckpoint checkpoint = write.checkpoint();
        if (batches.isEmpty() && checkpoint == null) {
            return;
        }
        db.write("write the journal of sync '" + write.syncName() + "', entity '" + write.entity() + "'", c -> {
            for (EntryBatch b : batches) {
                writer.write(c, write, b);
            }
            if (checkpoint != null) {
                try (PreparedStatement up = c.prepareStatement(upsertCheckpoint)) {
                    up.setString(1, write.syncName());
                    up.setString(2, write.entity());
                    up.setString(3, checkpoint.position().value());
                    up.setBoolean(4, checkpoint.complete());
                    up.setString(5, checkpoint.lastComplete().value());
                    up.executeUpdate();
                }
                refuseUnlessHolder(c, write.syncName(), write.runId()); // rolls the whole write back
            }
            return null;
        });
    }

    private void refuseUnlessHolder(Connection c, String syncName, String runId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(holderCheck)) {
            q.setString(1, syncName);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return; // never claimed: a journal used without runs
                }
                String holder = rs.getString(1);
                boolean known = rs.getString(2) != null;
                boolean running = known && rs.getString(3) == null;
                if (!holder.equals(runId) || !running) {
                    throw new SyncBusyException("run " + runId + " no longer holds sync '" + syncName + "' (held by run "
                            + holder + (known && !running ? ", ended" : "") + "); its checkpoint was not written", holder);
                }
            }
        }
    }

    @Override
    public Map<String, EntityCheckpoint> checkpoints(String syncName) {
        Objects.requireNonNull(syncName, "syncName must not be null");
        return db.readConsistent("read the checkpoints of sync '" + syncName + "'", c -> {
            Map<String, EntityCheckpoint> out = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT entity, position, complete, last_complete FROM "
                    + t.checkpoints() + " WHERE sync_name = ? ORDER BY entity")) {
                q.setString(1, syncName);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new EntityCheckpoint(rs.getString(1), Checkpoint.of(rs.getString(2)),
                                rs.getBoolean(3), Checkpoint.of(rs.getString(4))));
                    }
                }
            }
            Map<String, List<OutstandingDelivery>> open = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + EntryRows.OPEN_COLUMNS + " FROM " + t.entries()
                    + " WHERE sync_name = ? AND open ORDER BY id")) {
                q.setString(1, syncName);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        OutstandingDelivery d = EntryRows.outstanding(rs);
                        if (d == null) {
                            LOG.warn("Open journal entry {} of sync {} has no source id; it cannot be finished", rs.getLong(2),
                                    oneLine(syncName));
                            continue;
                        }
                        open.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(d);
                    }
                }
            }
            open.forEach((entity, deliveries) -> out.put(entity, out.getOrDefault(entity,
                    new EntityCheckpoint(entity, Checkpoint.START, false, Checkpoint.START)).withOutstanding(deliveries)));
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public List<StoredEntry> entries(Collection<Long> ids) {
        Objects.requireNonNull(ids, "ids must not be null");
        return reads.byIds("read journal entries", EntryRows.STORED_COLUMNS, ids, EntryRows::stored);
    }

    @Override
    public void reset(String syncName) {
        Objects.requireNonNull(syncName, "syncName must not be null");
        db.write("reset sync '" + syncName + "'", c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + t.checkpoints() + " WHERE sync_name = ?")) {
                d.setString(1, syncName);
                d.executeUpdate();
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE " + t.entries() + " SET open = FALSE"
                    + " WHERE sync_name = ? AND open")) {
                up.setString(1, syncName);
                up.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void appendLog(List<SyncLogEvent> events) {
        Objects.requireNonNull(events, "events must not be null");
        if (events.isEmpty()) {
            return;
        }
        List<SyncLogEvent> copy = List.copyOf(events);
        db.write("append to the sync log", c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t.syncLog()
                    + " (time, level, run_id, system, entity, kind, message, error_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SyncLogEvent e : copy) {
                    ins.setObject(1, Values.utc(e.time()));
                    ins.setString(2, e.level().name());
                    ins.setString(3, e.runId());
                    ins.setString(4, e.system());
                    ins.setString(5, e.entity());
                    ins.setString(6, e.kind().name());
                    ins.setString(7, e.message());
                    ins.setString(8, e.errorClass());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<RunRecord> claim(RunRecord run, Instant now, String replacing) {
        Objects.requireNonNull(run, "run must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return runs.claim(run, now, replacing);
    }

    @Override
    public boolean renew(String syncName, String runId, Instant leaseUntil) {
        return runs.renew(syncName, runId, leaseUntil);
    }

    @Override
    public void recordProgress(String runId, List<EntityProgress> entities) {
        runs.recordProgress(runId, List.copyOf(entities));
    }

    @Override
    public void runEnded(String runId, RunStatus status, Instant endedAt, String failure, List<EntityProgress> entities) {
        runs.ended(runId, status, endedAt, failure, List.copyOf(entities));
    }

    @Override
    public Optional<RunRecord> run(String runId) {
        return runs.run(runId);
    }

    @Override
    public List<RunRecord> runs(String syncName) {
        return runs.runs(syncName);
    }

    // ---- the report

    @Override
    public List<ReportEntry> getAll(Collection<Long> syncIds) {
        Objects.requireNonNull(syncIds, "syncIds must not be null");
        return reads.getAll(syncIds);
    }

    @Override
    public ReportPage query(ReportFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter must not be null");
        Objects.requireNonNull(page, "page must not be null");
        return reads.page(filter, page, clock.instant());
    }

    @Override
    public long count(ReportFilter filter) {
        Objects.requireNonNull(filter, "filter must not be null");
        return reads.count(filter, clock.instant());
    }

    @Override
    public Map<DeliveryStatus, Long> countByStatus(ReportFilter filter) {
        Objects.requireNonNull(filter, "filter must not be null");
        return reads.countByStatus(filter, clock.instant());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the entries are read through a database cursor in one read-only transaction, which holds a
     * connection until the stream is closed or read to its end: they are the entries as they were when the stream
     * was made.
     */
    @Override
    public Stream<ReportEntry> stream(ReportFilter filter, ReportSort sort) {
        Objects.requireNonNull(filter, "filter must not be null");
        Objects.requireNonNull(sort, "sort must not be null");
        return reads.stream(filter, sort, clock.instant());
    }

    @Override
    public long purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff must not be null");
        return retention.purgeOlderThan(cutoff);
    }

    @Override
    public long size() {
        return reads.size();
    }

    @Override
    public List<SyncLogEvent> syncLog(String runId) {
        Objects.requireNonNull(runId, "runId must not be null");
        return selectLog("run_id = ?", List.of(runId));
    }

    @Override
    public List<SyncLogEvent> syncLog(Instant from, Instant to) {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        return selectLog("time >= ? AND time < ?", List.of(from, to));
    }

    private List<SyncLogEvent> selectLog(String where, List<Object> params) {
        return db.read("read the sync log", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT time, level, run_id, system, entity, kind, message,"
                    + " error_class FROM " + t.syncLog() + " WHERE " + where + " ORDER BY time, seq")) {
                Values.bind(c, q, params);
                List<SyncLogEvent> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SyncLogEvent(Values.instant(rs, 1), SyncLogLevel.valueOf(rs.getString(2)),
                                rs.getString(3), rs.getString(4), rs.getString(5), SyncLogKind.valueOf(rs.getString(6)),
                                rs.getString(7), rs.getString(8)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    private static String oneLine(String text) {
        return dev.syncwright.core.internal.Texts.oneLine(text);
    }

    @Override
    public String toString() {
        return "JdbcReportStore[" + dialect.kind() + ", tables " + t + "]";
    }
}
