package dev.syncwright.core.internal;

import dev.syncwright.core.connection.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A connection's ordered queue of calls into user code: listener callbacks and store writes. A change posts
 * them while it holds the connection's lock, where posting only queues; the thread that made the change runs
 * them once it has let the lock go ({@link #drain()}). One thread drains at a time, so the calls of a
 * connection run one after another in the order they were posted; a thread that finds another draining leaves
 * its calls to that one, and never waits for it.
 *
 * <p>A save waiting in the queue takes a newer state instead of a second save being queued, so a slow store
 * is handed fewer states, and never one older than a state it was handed before.
 *
 * <p>Thread-safe. Its own lock is held only to queue and take calls, never while one runs.
 */
final class ConnectionOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionOutbox.class);

    private final Object connectionLock;
    private final Consumer<ConnectionState> store;
    private final Queue<Runnable> calls = new ArrayDeque<>();
    private Thread drainer; // null when no thread is draining
    private Save queuedSave;

    /**
     * @param connectionLock the lock of the connection this outbox serves; draining while holding it is a bug
     * @param store          saves a state, throwing when the store failed
     */
    ConnectionOutbox(Object connectionLock, Consumer<ConnectionState> store) {
        this.connectionLock = Objects.requireNonNull(connectionLock, "connectionLock");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Queues a call; it must not throw. */
    synchronized void post(Runnable call) {
        calls.add(call);
    }

    /**
     * Queues a save of {@code state}, or hands {@code state} to a save that is queued and not started yet.
     *
     * @return a future completed when the store has saved this state or a later one; completed exceptionally
     *         with what the store threw when that save failed
     */
    synchronized CompletableFuture<Void> save(ConnectionState state) {
        if (queuedSave == null) {
            queuedSave = new Save();
            calls.add(queuedSave);
        }
        queuedSave.state = state;
        return queuedSave.done;
    }

    /**
     * Runs the queued calls, and those queued meanwhile, until none is left; returns at once when another
     * thread (or an outer drain on this thread, from one of its calls) is draining already. Must not be called
     * while holding the connection's lock: the calls are user code.
     */
    void drain() {
        assert !Thread.holdsLock(connectionLock) : "user code must not run under the connection's lock";
        synchronized (this) {
            if (drainer != null) {
                return;
            }
            drainer = Thread.currentThread();
        }
        boolean emptied = false;
        try {
            Runnable next;
            while ((next = nextOrStop()) != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.warn("A connection's queued call failed; the calls after it still run", e);
                }
            }
            emptied = true;
        } finally {
            if (!emptied) { // a call threw an Error: let the next drain run what is left
                synchronized (this) {
                    drainer = null;
                }
            }
        }
    }

    /**
     * Drains, then waits until a save is done. A thread that is already running this outbox's calls (work
     * started from a listener callback) cannot wait for a save queued behind the call it is in, so it returns
     * at once instead of waiting forever.
     *
     * @param save a future from {@link #save}
     * @throws java.util.concurrent.CompletionException with what the store threw, when the save failed
     */
    void awaitSaved(CompletableFuture<Void> save) {
        drain();
        synchronized (this) {
            if (drainer == Thread.currentThread()) {
                return;
            }
        }
        save.join();
    }

    /**
     * @return the next call; null when none is left, having stopped draining in the same step, so that a call
     *         posted just after is drained by its poster
     */
    private synchronized Runnable nextOrStop() {
        Runnable next = calls.poll();
        if (next == null) {
            drainer = null;
        } else if (next == queuedSave) {
            queuedSave = null; // from now on a change queues a new save, which will run after this one
        }
        return next;
    }

    /** A save of the latest state posted before it started. */
    private final class Save implements Runnable {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private ConnectionState state; // guarded by the outbox

        @Override
        public void run() {
            ConnectionState latest;
            synchronized (ConnectionOutbox.this) {
                latest = state;
            }
            try {
                store.accept(latest);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } catch (Error e) { // whoever waits for this save must not wait forever
                done.completeExceptionally(e);
                throw e;
            }
        }
    }
}
