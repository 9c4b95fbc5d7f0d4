package dev.syncwright.examples;

import dev.syncwright.core.SyncExecution;
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

    /** @return the run's result, after drawing its final state */
    static SyncResult follow(SyncExecution run, PrintStream out) throws InterruptedException {
        boolean ansi = System.console() != null;
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
            while (!run.completion().isDone()) {
                out.print((ansi ? ProgressView.REDRAW : "") + ProgressView.render(run.progress()));
                out.flush();
                try {
                    run.await(Duration.ofMillis(ansi ? 200 : 1000));
                } catch (TimeoutException stillRunning) {
                    // draw again
                }
            }
            SyncResult result = run.await();
            out.print((ansi ? ProgressView.REDRAW : "\n") + ProgressView.render(result.progress()));
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
