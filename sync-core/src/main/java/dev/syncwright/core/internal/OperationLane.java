package dev.syncwright.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations one after another, in the order they were enqueued: an operation starts when
 * the one before it has ended, however it ended. Thread-safe; its lock is held only to link an operation
 * into the lane, never while one starts, so starting may call user code.
 */
final class OperationLane {
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /**
     * @param operation starts the operation and returns its future; called on the thread that ended the
     *                  previous operation, or on the caller's thread when the lane is idle, so it must only
     *                  start work, not do it
     * @return the operation's outcome; exceptional when the operation or its start failed. Completing or
     *         cancelling it does not end the operation, and so does not let the next one start early.
     */
    <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = tail;
            tail = ended;
        }
        previous.whenComplete((ignored, failure) -> {
            CompletableFuture<T> started;
            try {
                started = operation.get();
            } catch (RuntimeException | Error e) { // the lane must go on, or every later operation would hang
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((value, error) -> {
                // the lane moves on first, so that whoever sees the outcome finds the lane free for new work
                ended.complete(null);
                if (error == null) {
                    outcome.complete(value);
                } else {
                    outcome.completeExceptionally(error);
                }
            });
        });
        return outcome;
    }
}
