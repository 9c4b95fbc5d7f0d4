package dev.syncwright.examples;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples' live view: no empty "0 of 0" frame while the run opens, no escape codes into a redirected output. */
class LiveProgressTest {

    private static SyncProgress progress(int total, List<EntityProgress> entities, boolean finished) {
        int done = (int) entities.stream().filter(e -> e.status() == EntityStatus.COMPLETE).count();
        int active = (int) entities.stream().filter(e -> e.status() == EntityStatus.PROCESSING).count();
        return new SyncProgress("orders", "run-1", total, total - done - active, active, done, 0, done * 10L,
                new DeliveryCounts(done * 10L, 0, 0, 0), Duration.ofSeconds(2), finished ? 100 : 0, finished, entities);
    }

    private static EntityProgress entity(EntityStatus status) {
        return new EntityProgress("customers", status, status == EntityStatus.COMPLETE ? 10 : 0, Duration.ofSeconds(1),
                new DeliveryCounts(status == EntityStatus.COMPLETE ? 10 : 0, 0, 0, 0), -1, null, false);
    }

    private static String follow(FakeRun run) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LiveProgress.follow(run, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noFrameIsDrawnBeforeTheRunKnowsItsEntities() throws Exception {
        SyncProgress opening = progress(0, List.of(), false);
        SyncProgress working = progress(1, List.of(entity(EntityStatus.PROCESSING)), false);
        SyncProgress finished = progress(1, List.of(entity(EntityStatus.COMPLETE)), true);
        FakeRun run = new FakeRun(new SyncResult(RunStatus.COMPLETED, finished, List.of("customers"), List.of(), null),
                opening, opening, working);

        String shown = follow(run);

        assertThat(shown).doesNotContain("0 of 0").contains("orders — 0 of 1 entities processed")
                .contains("orders — 1 of 1 entities processed").doesNotContain(ProgressView.REDRAW);
    }

    @Test
    void aRunThatEndsBeforeAnyEntityIsToldInOneLine() throws Exception {
        SyncProgress opening = progress(0, List.of(), false);
        SyncProgress over = progress(0, List.of(), true);
        FakeRun run = new FakeRun(new SyncResult(RunStatus.FAILED, over, List.of(), List.of(),
                "source crm failed to open: refused"), opening);

        String shown = follow(run);

        assertThat(shown).isEqualTo("orders — FAILED before any entity started: source crm failed to open: refused"
                + System.lineSeparator());
    }

    /** A run that shows the given snapshots, one per look, then ends with the result; it never waits. */
    private static final class FakeRun implements SyncExecution {
        private final Deque<SyncProgress> snapshots;
        private final SyncResult result;
        private final CompletableFuture<SyncResult> completion = new CompletableFuture<>();

        FakeRun(SyncResult result, SyncProgress... snapshots) {
            this.result = result;
            this.snapshots = new ArrayDeque<>(List.of(snapshots));
        }

        @Override
        public String syncName() {
            return "orders";
        }

        @Override
        public String runId() {
            return "run-1";
        }

        @Override
        public synchronized SyncProgress progress() {
            SyncProgress next = snapshots.poll();
            if (snapshots.isEmpty()) {
                completion.complete(result); // the last snapshot was shown: the run is over
            }
            return next;
        }

        @Override
        public void cancel() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public CompletableFuture<SyncResult> completion() {
            return completion;
        }

        @Override
        public SyncResult await() {
            return completion.join();
        }

        @Override
        public SyncResult await(Duration timeout) throws TimeoutException {
            if (!completion.isDone()) {
                throw new TimeoutException("still running");
            }
            return completion.join();
        }
    }
}
