package dev.syncwright.core.connection;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one data space of a connection. Immutable and thread-safe.
 *
 * @param dataSpace the data space, not null
 * @param status    its initialization status, not null
 * @param reason    why it is in this status (for ERROR: what failed); may be null
 * @param since     when it entered this status, from the manager's clock; not null
 * @param syncName  the sync name its initial sync runs under in the engine (checkpoints, reports); not null
 */
public record DataSpaceState(DataSpace dataSpace, DataSpaceStatus status, String reason, Instant since, String syncName) {
    /**
     * Creates the value, checking its components.
     *
     * @param dataSpace the data space, not null
     * @param status its initialization status, not null
     * @param reason why it is in this status (for ERROR: what failed); may be null
     * @param since when it entered this status, from the manager's clock; not null
     * @param syncName the sync name its initial sync runs under in the engine (checkpoints, reports); not null
     */
    public DataSpaceState {
        Objects.requireNonNull(dataSpace, "dataSpace");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(syncName, "syncName");
    }

    /** @return the data space's name */
    public String name() {
        return dataSpace.name();
    }

    /**
     * @param newStatus the status now
     * @param newReason why, or null
     * @param at when it changed
     * @return a copy in another status
     */
    public DataSpaceState with(DataSpaceStatus newStatus, String newReason, Instant at) {
        return new DataSpaceState(dataSpace, newStatus, newReason, at, syncName);
    }
}
