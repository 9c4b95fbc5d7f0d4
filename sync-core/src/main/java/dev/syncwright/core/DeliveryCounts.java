package dev.syncwright.core;

import dev.syncwright.spi.DeliveryStatus;

/**
 * How many records are in each delivery status. Each record is counted once, in its current status,
 * however many times it was retried. Immutable.
 *
 * @param ok      written and confirmed
 * @param sent    handed over, awaiting confirmation
 * @param pending waiting for a retry (or left waiting by a cancel)
 * @param failed  permanently failed or out of retries
 */
public record DeliveryCounts(long ok, long sent, long pending, long failed) {
    /** No records. */
    public static final DeliveryCounts ZERO = new DeliveryCounts(0, 0, 0, 0);

    /**
     * @param status a delivery status, not null
     * @return the number of records in the given status
     */
    public long of(DeliveryStatus status) {
        return switch (status) {
            case OK -> ok;
            case SENT -> sent;
            case PENDING -> pending;
            case FAILED -> failed;
        };
    }

    /** @return all records counted */
    public long total() {
        return ok + sent + pending + failed;
    }

    /**
     * @param other the counts to add, not null
     * @return the sum of both counts
     */
    public DeliveryCounts plus(DeliveryCounts other) {
        return new DeliveryCounts(ok + other.ok, sent + other.sent, pending + other.pending, failed + other.failed);
    }
}
