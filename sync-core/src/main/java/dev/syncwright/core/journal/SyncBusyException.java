package dev.syncwright.core.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * A run could not claim its sync: another run of the same sync name holds it, and its lease has not expired.
 * The engine ends the refused run FAILED with this message.
 */
public class SyncBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The run that holds the sync, or null. */
    private final String holder;

    /**
     * @param syncName   the sync
     * @param holder     the run that holds it
     * @param owner      where that run runs
     * @param leaseUntil until when its lease holds
     */
    public SyncBusyException(String syncName, String holder, String owner, Instant leaseUntil) {
        super("sync '" + syncName + "' is being run by run " + holder + " (" + owner + ", lease until " + leaseUntil
                + "); one run of a sync goes on at a time");
        this.holder = Objects.requireNonNull(holder, "holder");
    }


    /**
     * @param message what was refused, naming the sync
     * @param holder  the run that holds the sync, or null when none does
     */
    public SyncBusyException(String message, String holder) {
        super(Objects.requireNonNull(message, "message"));
        this.holder = holder;
    }

    /** @return the id of the run that holds the sync, or null when none does */
    public String holder() {
        return holder;
    }
}
