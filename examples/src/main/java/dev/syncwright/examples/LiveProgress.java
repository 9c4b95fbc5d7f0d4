package dev.syncwright.examples;

import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncResult;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Draws a run's progress in the terminal until it ends, and turns Ctrl+C into a graceful cancel: batches
 * being written commit, then the final state is drawn before the JVM exits. Used by the examples.
 */
final class LiveProgress {
    private LiveProgress() {
    }

    /**
     * Draws the run's progress until it ends: redrawn in place on a terminal, one frame a second otherwise (output
     * redirected to a file or a pipe gets no escape codes). Nothing is drawn before the run knows its entities.
     *
     * @return the run's result, after drawing its final state
     */
    static SyncResult follow(SyncExecution run, PrintStream out) throws InterruptedException {
        boolean ansi = ProgressView.isTerminal();
        CountDownLatch shown = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            run.cancel();
            try {
                shown.await(10, TimeUnit.SECONDS); // let the main thread draw the final state first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "syncwright-example-cancel");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            boolean drawn = false;
            while (!run.completion().isDone()) {
                SyncProgress now = run.progress();
                if (ProgressView.hasEntities(now)) {
                    out.print((ansi ? ProgressView.REDRAW : "") + ProgressView.render(now));
                    out.flush();
                    drawn = true;
                }
                try {
                    run.await(Duration.ofMillis(ansi || !drawn ? 200 : 1000));
                } catch (TimeoutException stillRunning) {
                    // draw again
                }
            }
            SyncResult result = run.await();
            if (ProgressView.hasEntities(result.progress())) {
                out.print((ansi ? ProgressView.REDRAW : drawn ? "\n" : "") + ProgressView.render(result.progress()));
            } else {
                out.printf("%s — %s before any entity started%s%n", result.progress().syncName(), result.status(),
                        result.failure() == null ? "" : ": " + result.failure());
            }
            return result;
        } finally {
            shown.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl+C was pressed: the hook is running
            }
        }
    }
}
