package dev.syncwright.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Identifies the run a callback is about. Immutable.
 *
 * @param syncName          the sync's name
 * @param runId             the run's unique id
 * @param sourceSystem      the source connector's system name
 * @param destinationSystem the destination connector's system name
 * @param startedAt         when the run started, by the engine's clock
 */
public record RunInfo(String syncName, String runId, String sourceSystem, String destinationSystem, Instant startedAt) {
    /**
     * Creates the value, checking its components.
     *
     * @param syncName the sync's name
     * @param runId the run's unique id
     * @param sourceSystem the source connector's system name
     * @param destinationSystem the destination connector's system name
     * @param startedAt when the run started, by the engine's clock
     */
    public RunInfo {
        Objects.requireNonNull(syncName, "syncName");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(sourceSystem, "sourceSystem");
        Objects.requireNonNull(destinationSystem, "destinationSystem");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** @return "source → destination", the system column of a report */
    public String system() {
        return sourceSystem + " → " + destinationSystem;
    }
}
