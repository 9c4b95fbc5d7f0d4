package dev.syncwright.core.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.metrics.SyncMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Hands every call to the host's metrics; one that throws is logged and ignored, never breaking the run. */
final class SafeMetrics implements SyncMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(SafeMetrics.class);
    private final SyncMetrics metrics;

    SafeMetrics(SyncMetrics metrics) {
        this.metrics = metrics;
    }

    private void guard(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Metrics {} threw from {}; ignored", metrics.getClass().getName(), what, e);
        }
    }

    @Override
    public void runStarted(RunInfo run) {
        guard("runStarted", () -> metrics.runStarted(run));
    }

    @Override
    public void runFinished(RunInfo run, RunStatus status, Duration elapsed) {
        guard("runFinished", () -> metrics.runFinished(run, status, elapsed));
    }

    @Override
    public void entityStatusChanged(RunInfo run, String entity, EntityStatus from, EntityStatus to) {
        guard("entityStatusChanged", () -> metrics.entityStatusChanged(run, entity, from, to));
    }

    @Override
    public void deliveriesChanged(RunInfo run, String entity, DeliveryCounts entered, DeliveryCounts left) {
        guard("deliveriesChanged", () -> metrics.deliveriesChanged(run, entity, entered, left));
    }

    @Override
    public void batchWritten(RunInfo run, String entity, int records, Duration latency, boolean failed) {
        guard("batchWritten", () -> metrics.batchWritten(run, entity, records, latency, failed));
    }

    @Override
    public void retryScheduled(RunInfo run, String entity, int records, Duration backoff) {
        guard("retryScheduled", () -> metrics.retryScheduled(run, entity, records, backoff));
    }
}
