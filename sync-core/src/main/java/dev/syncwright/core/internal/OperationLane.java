package dev.syncwright.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations one after another, in the order they were enqueued: an operation starts when
 * the one before it has ended, however it ended. Thread-safe.
 */
final class OperationLane {
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /**
     * @param operation starts the operation and returns its future; called on the thread that ended the
     *                  previous operation, or on the caller's thread when the lane is idle, so it must only
     *                  start work, not do it
     * @return the operation's future; exceptional when the operation or its start failed
     */
    synchronized <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = tail.handle((ignored, failure) -> null).thenCompose(ignored -> {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        tail = result;
        return result;
    }
}
