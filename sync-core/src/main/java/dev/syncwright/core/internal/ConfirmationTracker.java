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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a run's SENT deliveries until the destination settles them: pushed through {@link #confirm}, or
 * answered when {@link #tick()} polls the destination. A delivery not settled within the confirmation
 * timeout is settled as PENDING, so its records are re-sent. Thread-safe.
 *
 * <p>The engine's scheduler only ticks: it times out deliveries (cheap) and hands the poll to the engine's
 * poll threads, one poll of a run at a time, so a destination whose poll hangs delays only its own run's
 * confirmations, never another run's retry timers or polls.
 *
 * <p>A destination may confirm a delivery before its {@code write} call has even returned; such an early
 * confirmation is kept (until the timeout) and applied when the engine tracks the delivery.
 */
final class ConfirmationTracker implements ConfirmationSink {
    private static final Logger LOG = LoggerFactory.getLogger(ConfirmationTracker.class);
    private static final int POLL_CHUNK = 1000;

    private record Tracked(EntityTask task, RecordState state, Instant sentAt) {
    }

    /** Either records waiting for a delivery's confirmation, or a confirmation that came before them. */
    private static final class Slot {
        final ConcurrentLinkedQueue<Tracked> waiting = new ConcurrentLinkedQueue<>();
        final DeliveryOutcome early;
        final Instant since;

        Slot(DeliveryOutcome early, Instant since) {
            this.early = early;
            this.since = since;
        }
    }

    private final RunExecution run;
    private final Clock clock;
    private final Duration timeout;
    private final Duration pollInterval;
    /** Several records may share one delivery id (e.g. one pushed file); settling it settles them all. */
    private final Map<String, Slot> outstanding = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    /** When the last poll that completed had started: a delivery times out only after a poll found it unsettled. */
    private volatile Instant lastPollStarted;
    private ScheduledFuture<?> ticker;
    private boolean stopped;

    ConfirmationTracker(RunExecution run, Clock clock, Duration timeout, Duration pollInterval) {
        this.run = run;
        this.clock = clock;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    /**
     * @param sentAt when the delivery was handed over; the confirmation timeout counts from here (a delivery
     *               carried over from an earlier run keeps its time)
     */
    void track(String deliveryId, EntityTask task, RecordState state, Instant sentAt) {
        Instant now = clock.instant();
        Tracked tracked = new Tracked(task, state, sentAt);
        DeliveryOutcome[] early = new DeliveryOutcome[1];
        // one atomic step per id, so a confirmation racing with this call is never lost
        outstanding.compute(deliveryId, (id, slot) -> {
            if (slot != null && slot.early != null) {
                early[0] = slot.early;
                return slot; // kept for the other records of the same delivery, purged at the timeout
            }
            Slot s = slot != null ? slot : new Slot(null, sentAt.isBefore(now) ? sentAt : now);
            s.waiting.add(tracked);
            return s;
        });
        if (early[0] != null) {
            task.confirmed(deliveryId, state, early[0]);
        }
        startTicker();
    }

    @Override
    public void confirm(String deliveryId, DeliveryOutcome outcome) {
        if (deliveryId == null || outcome == null || outcome.status() == DeliveryStatus.SENT) {
            return; // nothing settled
        }
        Slot[] settled = new Slot[1];
        outstanding.compute(deliveryId, (id, slot) -> {
            if (slot == null) {
                return new Slot(outcome, clock.instant()); // came before the write returned
            }
            if (slot.early != null) {
                return slot; // a repeated confirmation
            }
            settled[0] = slot;
            return null;
        });
        if (settled[0] != null) {
            for (Tracked t : settled[0].waiting) {
                t.task().confirmed(deliveryId, t.state(), outcome);
            }
        } else {
            startTicker(); // so the early confirmation is purged at the timeout
        }
    }

    /** On the scheduler: times out the deliveries waiting too long, and starts a poll unless one is going. */
    void tick() {
        if (outstanding.isEmpty()) {
            return;
        }
        timeOut();
        if (polling.compareAndSet(false, true)) {
            try {
                run.executePoll(this::pollOnce);
            } catch (RuntimeException e) {
                polling.set(false);
                LOG.warn("Could not start a confirmation poll: {}", Texts.describe(e));
            }
        }
    }

    private void pollOnce() {
        Instant started = clock.instant();
        try {
            poll();
            lastPollStarted = started;
        } catch (RuntimeException e) {
            LOG.warn("Confirmation poll failed", e);
        } finally {
            polling.set(false);
        }
    }

    /** Asks the destination about every outstanding delivery, in chunks; runs on a poll thread. */
    private void poll() {
        List<String> ids = new ArrayList<>();
        outstanding.forEach((id, slot) -> {
            if (slot.early == null) {
                ids.add(id);
            }
        });
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
    }

    /**
     * Times out the deliveries a poll has had a chance to settle: those sent a timeout before the last completed
     * poll started. A poll that is late (a busy machine) does not make them time out unasked; one that hangs
     * longer than the timeout no longer holds them back.
     */
    private void timeOut() {
        Instant now = clock.instant();
        Instant asked = lastPollStarted;
        Instant reference = asked == null || asked.isBefore(now.minus(timeout)) ? now : asked;
        Instant deadline = reference.minus(timeout);
        for (Map.Entry<String, Slot> e : outstanding.entrySet()) {
            Slot slot = e.getValue();
            if (!slot.since.isAfter(deadline) && outstanding.remove(e.getKey(), slot) && slot.early == null) {
                DeliveryOutcome retry = DeliveryOutcome.retry("delivery " + e.getKey() + " not confirmed within " + timeout);
                for (Tracked t : slot.waiting) {
                    t.task().confirmed(e.getKey(), t.state(), retry);
                }
            }
        }
    }

    private synchronized void startTicker() {
        if (ticker == null && !stopped) {
            ticker = run.scheduleRepeating(this::safeTick, pollInterval.toMillis());
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
