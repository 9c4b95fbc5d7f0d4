package dev.syncwright.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The handle of a running sync. Thread-safe: every method may be called from any thread at any time.
 */
public interface SyncExecution {

    /** @return the sync's name, as given in the request */
    String syncName();

    /** @return this run's unique id */
    String runId();

    /** @return a consistent snapshot of the run now; cheap enough to poll several times a second */
    SyncProgress progress();

    /**
     * Asks the run to stop gracefully and returns at once. Every batch already being written finishes and
     * its checkpoint is committed; no new batch or entity starts; records waiting for a retry stay PENDING.
     * The run then ends {@link RunStatus#CANCELLED}. Calling it again, or after the end, does nothing.
     */
    void cancel();

    /** @return true once {@link #cancel()} was called */
    boolean isCancelled();

    /**
     * @return a future completed with the result when the run is over; it never completes exceptionally
     *         (a run that could not start completes with {@link RunStatus#FAILED}). Cancelling the future
     *         does not cancel the run; use {@link #cancel()}.
     */
    CompletableFuture<SyncResult> completion();

    /**
     * Waits for the end of the run.
     *
     * @return the result
     * @throws InterruptedException if the waiting thread is interrupted (the run goes on)
     */
    SyncResult await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the end of the run.
     *
     * @param timeout how long to wait at most, not null
     * @return the result
     * @throws InterruptedException if the waiting thread is interrupted (the run goes on)
     * @throws TimeoutException     if the run is still going after {@code timeout}
     */
    SyncResult await(Duration timeout) throws InterruptedException, TimeoutException;
}
