package dev.syncwright.examples.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.connection.Connection;
import dev.syncwright.core.connection.ConnectionListener;
import dev.syncwright.core.connection.ConnectionStatus;
import dev.syncwright.core.connection.DataSpace;
import dev.syncwright.core.connection.DataSpaceStatus;
import dev.syncwright.core.connection.MetadataSyncStatus;
import dev.syncwright.core.connection.StatusChange;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Turns the SDK's callbacks into server-sent events for the console's pages. Register it as the engine's
 * {@link SyncListener} and the connection manager's {@link ConnectionListener}; the {@link WebConsole} serves its
 * streams.
 *
 * <p><b>Callbacks never wait for a browser.</b> A callback only marks what changed ("the progress", "the
 * connections") for each open stream and wakes the stream's own thread, which then reads a fresh snapshot from
 * the SDK ({@link dev.syncwright.core.SyncExecution#progress()}, {@link Connection#state()}) and writes it.
 * Changes that come while a stream is still writing are folded into one snapshot, so a slow or stalled browser
 * gets fewer, newer events and costs the engine nothing. Run notices (a run started or finished) are queued per
 * stream, at most {@value #MAX_NOTICES}; a stream that falls further behind loses the oldest.
 *
 * <p>Thread-safe: callbacks may come from any number of threads at once.
 */
public final class LiveEvents implements SyncListener, ConnectionListener {
    static final int MAX_NOTICES = 100;
    private static final long KEEP_ALIVE_SECONDS = 15;

    /** What a stream may follow; each is one event name. */
    enum Topic {
        /** The console's current run: a snapshot of its progress. */
        PROGRESS("progress"),
        /** Every connection, its data spaces and its metadata sync. */
        CONNECTIONS("connections"),
        /** A notice per run (any run: the console's, resyncs, initial syncs) that started or finished. */
        RUNS("run");

        private final String event;

        Topic(String event) {
            this.event = event;
        }

        String event() {
            return event;
        }

        int bit() {
            return 1 << ordinal();
        }
    }

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<Topic, Supplier<String>> snapshots = new EnumMap<>(Topic.class);

    /** Creates the events, with no stream open yet. */
    public LiveEvents() {
    }

    /**
     * Says where the data of a topic's events comes from; called by the console before it serves streams.
     *
     * @param topic    PROGRESS or CONNECTIONS
     * @param snapshot makes the event's JSON from the SDK's state now; called on a stream's thread
     */
    synchronized void snapshots(Topic topic, Supplier<String> snapshot) {
        snapshots.put(topic, snapshot);
    }

    private synchronized Supplier<String> snapshot(Topic topic) {
        return snapshots.get(topic);
    }

    @Override
    public void onRunStarted(RunInfo run, SyncProgress progress) {
        changed(Topic.PROGRESS);
        notice(run, "started", null);
    }

    @Override
    public void onEntityStarted(RunInfo run, EntityProgress entity) {
        changed(Topic.PROGRESS);
    }

    @Override
    public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
        changed(Topic.PROGRESS); // confirmations (SENT becoming OK) change the figures without a batch
    }

    @Override
    public void onBatchCommitted(RunInfo run, EntityProgress entity, int batchRecords) {
        changed(Topic.PROGRESS);
    }

    @Override
    public void onEntityFinished(RunInfo run, EntityProgress entity) {
        changed(Topic.PROGRESS);
    }

    @Override
    public void onRunFinished(RunInfo run, SyncResult result) {
        changed(Topic.PROGRESS);
        notice(run, "finished", result.status().name());
    }

    @Override
    public void onConnectionStatus(Connection connection, StatusChange<ConnectionStatus> change) {
        changed(Topic.CONNECTIONS);
    }

    @Override
    public void onDataSpaceStatus(Connection connection, String dataSpace, StatusChange<DataSpaceStatus> change) {
        changed(Topic.CONNECTIONS);
    }

    @Override
    public void onDataSpaceRemoved(Connection connection, DataSpace dataSpace) {
        changed(Topic.CONNECTIONS);
    }

    @Override
    public void onMetadataSyncStatus(Connection connection, StatusChange<MetadataSyncStatus> change) {
        changed(Topic.CONNECTIONS);
    }

    /**
     * Marks a topic changed for every stream that follows it. Never blocks.
     *
     * @param topic what changed
     */
    void changed(Topic topic) {
        for (Stream s : streams) {
            s.mark(topic);
        }
    }

    private void notice(RunInfo run, String what, String status) {
        ObjectNode n = Http.JSON.createObjectNode().put("runId", run.runId()).put("syncName", run.syncName())
                .put("state", what);
        n.put("status", status);
        String json = n.toString();
        for (Stream s : streams) {
            s.notice(json);
        }
    }

    /** @return how many streams are open */
    int openStreams() {
        return streams.size();
    }

    /**
     * Serves one event stream on the calling thread until the client goes away or {@link #endStreams()}: first the
     * current snapshot of each topic followed, then an event whenever one changes, and a comment line every 15 s
     * of quiet so that a closed connection is noticed.
     *
     * @param topics what the stream follows, not empty
     * @param out    the response body, headers already sent; not closed here
     * @throws IOException when the client went away (a normal end)
     */
    void serve(Set<Topic> topics, OutputStream out) throws IOException {
        Stream stream = new Stream(Set.copyOf(topics));
        streams.add(stream);
        try {
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            for (Topic t : topics) {
                stream.mark(t);
            }
            while (!stream.ended) {
                int changed = stream.next();
                if (stream.ended) {
                    break;
                }
                if (changed == 0) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                }
                for (Topic t : Topic.values()) {
                    if ((changed & t.bit()) != 0) {
                        write(out, t, stream);
                    }
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(stream);
        }
    }

    private void write(OutputStream out, Topic topic, Stream stream) throws IOException {
        if (topic == Topic.RUNS) {
            for (String notice = stream.notices.poll(); notice != null; notice = stream.notices.poll()) {
                stream.queued.decrementAndGet();
                out.write(event(topic, notice));
            }
            return;
        }
        Supplier<String> snapshot = snapshot(topic);
        if (snapshot != null) {
            out.write(event(topic, snapshot.get()));
        }
    }

    private static byte[] event(Topic topic, String json) {
        // JSON from Jackson holds no raw line break, so one data line carries it
        return ("event: " + topic.event() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Ends every open stream (their threads return from {@link #serve}); new ones may still be opened. */
    void endStreams() {
        for (Stream s : streams) {
            s.end();
        }
    }

    /** One open event stream: what changed since it last wrote, and its queued run notices. */
    private static final class Stream {
        private final Set<Topic> topics;
        private final AtomicInteger changed = new AtomicInteger();
        private final Semaphore wake = new Semaphore(0);
        private final Queue<String> notices = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private volatile boolean ended;

        Stream(Set<Topic> topics) {
            this.topics = topics;
        }

        void mark(Topic topic) {
            if (topics.contains(topic) && changed.getAndUpdate(m -> m | topic.bit()) == 0) {
                wake.release(); // only on the first change since the last write: permits stay bounded
            }
        }

        void notice(String json) {
            if (!topics.contains(Topic.RUNS)) {
                return;
            }
            notices.add(json);
            if (queued.incrementAndGet() > MAX_NOTICES && notices.poll() != null) {
                queued.decrementAndGet();
            }
            mark(Topic.RUNS);
        }

        /** @return the topics changed since the last call, or 0 after 15 s of quiet */
        int next() throws InterruptedException {
            if (wake.tryAcquire(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS)) {
                wake.drainPermits();
            }
            return changed.getAndSet(0);
        }

        void end() {
            ended = true;
            wake.release();
        }
    }
}
