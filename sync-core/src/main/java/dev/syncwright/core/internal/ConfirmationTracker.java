package dev.syncwright.core.internal;

import dev.syncwright.spi.ConfirmationSink;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;

/**
 * Keeps a run's SENT deliveries until the destination settles them: pushed through {@link #confirm}, or
 * answered when {@link #tick()} polls the destination. A delivery not settled within the confirmation
 * timeout is settled as PENDING, so its records are re-sent. Thread-safe.
 */
final class ConfirmationTracker implements ConfirmationSink {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmationTracker.class);
    private static final int POLL_CHUNK = 1000;

    private record Tracked(EntityTask task, RecordState state, Instant sentAt) {
    }

    private final RunExecution run;
    private final Clock clock;
    private final Duration timeout;
    private final Duration pollInterval;
    /** Several records may share one delivery id (e.g. one pushed file); settling it settles them all. */
    private final Map<String, ConcurrentLinkedQueue<Tracked>> outstanding = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticker;
    private boolean stopped;

    ConfirmationTracker(RunExecution run, Clock clock, Duration timeout, Duration pollInterval) {
        this.run = run;
        this.clock = clock;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    void track(String deliveryId, EntityTask task, RecordState state) {
        outstanding.computeIfAbsent(deliveryId, id -> new ConcurrentLinkedQueue<>())
                .add(new Tracked(task, state, clock.instant()));
        startTicker();
    }

    @Override
    public void confirm(String deliveryId, DeliveryOutcome outcome) {
        if (deliveryId == null || outcome == null || outcome.status() == DeliveryStatus.SENT) {
            return; // nothing settled
        }
        ConcurrentLinkedQueue<Tracked> settled = outstanding.remove(deliveryId);
        if (settled != null) {
            for (Tracked t : settled) {
                t.task().confirmed(t.state(), outcome);
            }
        }
    }

    /** Polls the destination for outstanding deliveries, then times out the ones waiting too long. */
    void tick() {
        if (outstanding.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(outstanding.keySet());
        for (int from = 0; from < ids.size(); from += POLL_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + POLL_CHUNK));
            try {
                Map<String, DeliveryOutcome> answers = run.destination().pollDeliveries(List.copyOf(chunk));
                if (answers != null) {
                    answers.forEach(this::confirm);
                }
            } catch (RuntimeException e) {
                LOG.warn("Polling {} deliveries for confirmation failed: {}", chunk.size(), Texts.describe(e));
            }
        }
        Instant deadline = clock.instant().minus(timeout);
        for (Iterator<Map.Entry<String, ConcurrentLinkedQueue<Tracked>>> it = outstanding.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ConcurrentLinkedQueue<Tracked>> e = it.next();
            Tracked first = e.getValue().peek();
            if (first != null && !first.sentAt().isAfter(deadline) && outstanding.remove(e.getKey(), e.getValue())) {
                DeliveryOutcome retry = DeliveryOutcome.retry("delivery " + e.getKey() + " not confirmed within " + timeout);
                for (Tracked t : e.getValue()) {
                    t.task().confirmed(t.state(), retry);
                }
            }
        }
    }

    private synchronized void startTicker() {
        if (ticker == null && !stopped) {
            long millis = pollInterval.toMillis();
            ticker = run.scheduleRepeating(this::safeTick, millis);
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Confirmation check failed", e);
        }
    }

    /** Stops polling; deliveries still outstanding stay SENT. */
    synchronized void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        outstanding.clear();
    }
}
