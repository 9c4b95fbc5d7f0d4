package dev.syncwright.spi;

/** Where one record's delivery to the destination stands. */
public enum DeliveryStatus {
    /** Written and confirmed durable by the destination. Final. */
    OK,
    /** Handed to a destination that confirms later (e.g. a pushed file); becomes OK on confirmation. */
    SENT,
    /** Not delivered yet (destination down, throttling); will be retried, then FAILED if retries run out. */
    PENDING,
    /** Permanently rejected, or retries exhausted. Final; carries the reason. */
    FAILED;

    /** @return true for a state no further attempt of this run will change (OK, FAILED) */
    public boolean isFinal() {
        return this == OK || this == FAILED;
    }
}
