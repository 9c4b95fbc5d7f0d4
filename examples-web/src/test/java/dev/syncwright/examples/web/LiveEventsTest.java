package dev.syncwright.examples.web;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RunInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The fan-out of the SDK's callbacks to event streams: callbacks never wait for a stream, changes are folded. */
class LiveEventsTest {
    private static final RunInfo RUN = new RunInfo("csv-to-h2", "run-1", "csv-files", "h2", Instant.EPOCH);
    private static final EntityProgress CUSTOMERS = new EntityProgress("customers", EntityStatus.PROCESSING, 100,
            Duration.ofSeconds(1), new DeliveryCounts(100, 0, 0, 0), 1_000, null, false);

    @Test
    void aStalledStreamNeverHoldsUpTheEngineAndGetsOneFreshSnapshotWhenItMovesAgain() throws Exception {
        LiveEvents events = new LiveEvents();
        AtomicInteger snapshots = new AtomicInteger();
        events.snapshots(LiveEvents.Topic.PROGRESS, () -> "{\"snapshot\":" + snapshots.incrementAndGet() + "}");
        StalledBrowser browser = new StalledBrowser();
        Thread stream = serve(events, Set.of(LiveEvents.Topic.PROGRESS), browser);
        try {
            browser.blocked.await();

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 100_000; i++) {
                    events.onBatchCommitted(RUN, CUSTOMERS, 100);
                }
            });
            browser.unblock.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> browser.text().contains("event: progress"));
        } finally {
            browser.unblock.countDown();
            events.endStreams();
            stream.join(10_000);
        }
        assertThat(stream.isAlive()).isFalse();
        assertThat(snapshots).as("100,000 callbacks folded into one snapshot").hasValue(1);
        assertThat(browser.text()).contains("data: {\"snapshot\":1}\n\n");
        assertThat(events.openStreams()).isZero();
    }

    @Test
    void runNoticesReachOnlyTheStreamsThatFollowRuns() throws Exception {
        LiveEvents events = new LiveEvents();
        events.snapshots(LiveEvents.Topic.CONNECTIONS, () -> "{\"connections\":[]}");
        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        ByteArrayOutputStream connections = new ByteArrayOutputStream();
        Thread runStream = serve(events, Set.of(LiveEvents.Topic.RUNS), runs);
        Thread connectionStream = serve(events, Set.of(LiveEvents.Topic.CONNECTIONS), connections);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.openStreams() == 2
                    && text(connections).contains("event: connections"));

            SyncProgress end = new SyncProgress("csv-to-h2", "run-1", 1, 0, 0, 1, 0, 100, new DeliveryCounts(100, 0, 0, 0),
                    Duration.ofSeconds(1), 100, true, List.of(CUSTOMERS));
            events.onRunStarted(RUN, end);
            events.onRunFinished(RUN, new SyncResult(RunStatus.COMPLETED, end, List.of("customers"), List.of(), null));

            await().atMost(Duration.ofSeconds(10)).until(() -> text(runs).contains("\"state\":\"finished\""));
        } finally {
            events.endStreams();
            runStream.join(10_000);
            connectionStream.join(10_000);
        }
        assertThat(text(runs)).contains("event: run\ndata: {\"runId\":\"run-1\",\"syncName\":\"csv-to-h2\",\"state\":\"started\"",
                "\"state\":\"finished\",\"status\":\"COMPLETED\"").doesNotContain("event: connections");
        assertThat(text(connections)).doesNotContain("event: run");
    }

    private static Thread serve(LiveEvents events, Set<LiveEvents.Topic> topics, OutputStream out) {
        Thread t = new Thread(() -> {
            try {
                events.serve(topics, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "event-stream");
        t.start();
        return t;
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** A browser that stops reading: its first write blocks until the test lets it go on. */
    private static final class StalledBrowser extends OutputStream {
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch unblock = new CountDownLatch(1);
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            blocked.countDown();
            try {
                unblock.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            synchronized (received) {
                received.write(b, off, len);
            }
        }

        String text() {
            return LiveEventsTest.text(received);
        }
    }
}
