package dev.syncwright.store.jdbc.internal;

import dev.syncwright.reporting.ReportEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An export's rows, read ahead: a thread of its own reads the cursor slice by slice into a queue of two slices
 * while the caller consumes (formats, writes) the one before, so reading and writing overlap. At most four slices
 * exist at once, whatever the export's size. Only that thread touches the cursor; the connection is let go when
 * the rows are read to the end or the stream is closed, once the thread has stopped. Used by one consumer.
 */
final class ReadAhead extends Spliterators.AbstractSpliterator<ReportEntry> {
    /** The end of the rows, or a failure to rethrow. */
    private record End(RuntimeException failure) {
    }

    private final Db.Held held;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final int slice;
    private final BlockingQueue<Object> slices = new ArrayBlockingQueue<>(2);
    private final Thread reader;
    private volatile boolean stop;
    private List<ReportEntry> current = List.of();
    private int next;
    private boolean ended;
    private boolean closed;

    private ReadAhead(Db.Held held, PreparedStatement statement, ResultSet rows, int slice) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.held = held;
        this.statement = statement;
        this.rows = rows;
        this.slice = slice;
        this.reader = new Thread(this::read, "syncwright-export-reader");
        reader.setDaemon(true);
    }

    /** Runs the query on a connection held in a consistent read and starts reading ahead. */
    static ReadAhead open(Db db, String sql, List<Object> params, int fetchSize) throws SQLException {
        Db.Held held = db.beginConsistent();
        try {
            Connection c = held.connection();
            PreparedStatement q = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            try {
                q.setFetchSize(fetchSize); // in a transaction, PostgreSQL reads through a server-side cursor
                Values.bind(c, q, params);
                ReadAhead r = new ReadAhead(held, q, q.executeQuery(), fetchSize);
                r.reader.start();
                return r;
            } catch (SQLException | RuntimeException e) {
                q.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private void read() {
        Object last;
        try {
            while (true) {
                List<ReportEntry> batch = new ArrayList<>(slice);
                while (batch.size() < slice && !stop && rows.next()) {
                    batch.add(EntryRows.report(rows));
                }
                if (stop) {
                    return;
                }
                if (batch.isEmpty()) {
                    last = new End(null);
                    break;
                }
                if (!offer(batch)) {
                    return;
                }
            }
        } catch (SQLException e) {
            last = new End(Db.failure("read the report for export", e));
        } catch (RuntimeException e) {
            last = new End(e);
        }
        offer(last);
    }

    /** @return false when the stream was closed meanwhile */
    private boolean offer(Object item) {
        try {
            while (!stop) {
                if (slices.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public boolean tryAdvance(Consumer<? super ReportEntry> action) {
        while (next >= current.size()) {
            if (ended) {
                return false;
            }
            Object item;
            try {
                item = slices.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while exporting the report", e);
            }
            if (item instanceof End end) {
                ended = true;
                close();
                if (end.failure() != null) {
                    throw end.failure();
                }
                return false;
            }
            @SuppressWarnings("unchecked")
            List<ReportEntry> batch = (List<ReportEntry>) item;
            current = batch;
            next = 0;
        }
        action.accept(current.get(next++));
        return true;
    }

    /** Stops the reader, then closes the rows and lets the connection go; repeated calls do nothing. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop = true;
        slices.clear(); // a reader waiting to hand over a slice sees the stop within its wait
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try (held; statement; rows) {
            // closes the rows, the statement, then ends the transaction and lets the connection go
        } catch (SQLException e) {
            throw Db.failure("end an export's read of the report", e);
        }
    }
}
