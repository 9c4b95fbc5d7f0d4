package dev.syncwright.examples;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.testkit.ControllableDestination;
import dev.syncwright.testkit.InMemorySource;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Syncs six entities of 30,000 records each, three at a time, and draws the live progress in the
 * terminal. Ctrl+C cancels gracefully: in-flight batches commit, and the final state is shown.
 */
public final class Quickstart {

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        boolean ansi = System.console() != null;
        InMemorySource source = InMemorySource.builder().entities(6, 30_000).systemName("crm").build();
        ControllableDestination destination = new ControllableDestination();
        destination.latency(Duration.ofMillis(40)); // a destination that takes its time, so progress is visible

        try (SyncEngine engine = SyncEngine.builder().parallelism(3).batchSize(500).build()) {
            SyncExecution run = engine.start(SyncRequest.builder("quickstart").source(source).destination(destination).build());

            CountDownLatch shown = new CountDownLatch(1);
            Thread onCtrlC = new Thread(() -> {
                run.cancel();
                try {
                    shown.await(10, TimeUnit.SECONDS); // let main print the final state before the JVM exits
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "quickstart-cancel");
            Runtime.getRuntime().addShutdownHook(onCtrlC);

            while (!run.completion().isDone()) {
                out.print((ansi ? ProgressView.REDRAW : "") + ProgressView.render(run.progress()));
                out.flush();
                try {
                    run.await(Duration.ofMillis(ansi ? 200 : 1000));
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // redraw
                }
            }
            SyncResult result = run.await();
            out.print((ansi ? ProgressView.REDRAW : "\n") + ProgressView.render(result.progress()));
            out.printf("%nRun %s ended %s: %,d records delivered to %s, %d of %d entities complete.%n",
                    result.progress().runId(), result.status(), result.progress().deliveries().ok(),
                    destination.systemName(), result.completed().size(), result.progress().total());
            shown.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl+C was pressed: the hook is running
            }
        }
    }
}
