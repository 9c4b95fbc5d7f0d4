package dev.syncwright.core.connection;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ConnectionStore} a test steers: it hands every call to a target store, and on demand holds saves
 * until released, fails them, or — once the test declares the process dead — drops them. Thread-safe.
 */
final class SteerableConnectionStore implements ConnectionStore {
    private final ConnectionStore target;
    private final CountDownLatch saveHeld = new CountDownLatch(1);
    private volatile CountDownLatch gate;
    private volatile RuntimeException failure;
    private volatile boolean dead;

    SteerableConnectionStore(ConnectionStore target) {
        this.target = target;
    }

    /** Makes every later save wait, before saving, until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held saves and later ones through. */
    void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** @return true once a save is waiting at the gate; false when none came within the timeout */
    boolean awaitHeldSave(Duration timeout) throws InterruptedException {
        return saveHeld.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Makes every later save throw {@code failure}; null makes saves work again. */
    void failSaves(RuntimeException failure) {
        this.failure = failure;
    }

    /** The process that used this store died: nothing it saves or deletes from now on reaches the target. */
    void die() {
        dead = true;
    }

    @Override
    public void save(ConnectionState state) {
        CountDownLatch g = gate;
        if (g != null) {
            saveHeld.countDown();
            ConnectionFixture.awaitLatch(g, "the release of a held save");
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        if (!dead) {
            target.save(state);
        }
    }

    @Override
    public Optional<ConnectionState> load(String connectionId) {
        return target.load(connectionId);
    }

    @Override
    public List<ConnectionState> loadAll() {
        return target.loadAll();
    }

    @Override
    public void delete(String connectionId) {
        if (!dead) {
            target.delete(connectionId);
        }
    }
}
