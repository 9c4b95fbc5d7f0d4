package dev.syncwright.core.internal;

import dev.syncwright.core.DeliveryCounts;
import dev.syncwright.spi.DeliveryStatus;

/**
 * The status changes of one batch of records (a write's outcomes, a round of confirmations): how many records
 * entered and left each status. Progress counts and metrics both apply these same transitions, so they cannot
 * drift apart. Not thread-safe: filled by one entity's task.
 */
final class Transitions {
    private long okIn, sentIn, pendingIn, failedIn;
    private long okOut, sentOut, pendingOut, failedOut;

    /** Records one record moving from {@code from} (null: its first status) to {@code to}. */
    void move(DeliveryStatus from, DeliveryStatus to) {
        if (from != null) {
            switch (from) {
                case OK -> okOut++;
                case SENT -> sentOut++;
                case PENDING -> pendingOut++;
                case FAILED -> failedOut++;
            }
        }
        switch (to) {
            case OK -> okIn++;
            case SENT -> sentIn++;
            case PENDING -> pendingIn++;
            case FAILED -> failedIn++;
        }
    }

    boolean isEmpty() {
        return okIn + sentIn + pendingIn + failedIn + okOut + sentOut + pendingOut + failedOut == 0;
    }

    /** @return how many records entered each status */
    DeliveryCounts entered() {
        return new DeliveryCounts(okIn, sentIn, pendingIn, failedIn);
    }

    /** @return how many records left each status */
    DeliveryCounts left() {
        return new DeliveryCounts(okOut, sentOut, pendingOut, failedOut);
    }

    /** @return {@code counts} after these transitions */
    DeliveryCounts applyTo(DeliveryCounts counts) {
        return new DeliveryCounts(counts.ok() + okIn - okOut, counts.sent() + sentIn - sentOut,
                counts.pending() + pendingIn - pendingOut, counts.failed() + failedIn - failedOut);
    }
}
