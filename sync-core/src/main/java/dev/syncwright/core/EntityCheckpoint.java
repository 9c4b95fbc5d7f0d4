package dev.syncwright.core;

import dev.syncwright.spi.Checkpoint;

import java.util.List;
import java.util.Objects;

/**
 * Where an entity of a sync stands, as its {@link dev.syncwright.core.journal.RunJournal} keeps it. Immutable.
 *
 * <p>The position never passes a record whose delivery is not final unless that record is in
 * {@link #outstanding()}: a run that stops (cancelled, failed, or killed) leaves there every delivery still
 * awaiting a confirmation or a re-send, and the next run finishes them before the entity can complete.
 *
 * @param entity       the entity
 * @param position     the checkpoint after the last committed page of the current (or last) pass
 * @param complete     true when the current pass read the entity to its end and every delivery is final
 * @param lastComplete the position at which the last complete pass ended ({@link Checkpoint#START} if
 *                     none); an INCREMENTAL run starts from here
 * @param outstanding  the entity's open journal entries, an unmodifiable copy (empty in a checkpoint a run
 *                     writes: the journal derives them from its entries)
 */
public record EntityCheckpoint(String entity, Checkpoint position, boolean complete, Checkpoint lastComplete,
                               List<OutstandingDelivery> outstanding) {
    /**
     * Creates the value, checking its components.
     *
     * @param entity the entity
     * @param position the checkpoint after the last committed page of the current (or last) pass
     * @param complete true when the current pass read the entity to its end and every delivery is final
     * @param lastComplete the position at which the last complete pass ended ({@link Checkpoint#START} if none); an
     *                     INCREMENTAL run starts from here
     * @param outstanding the entity's open journal entries, an unmodifiable copy (empty in a checkpoint a run writes:
     *                    the journal derives them from its entries)
     */
    public EntityCheckpoint {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(lastComplete, "lastComplete");
        outstanding = List.copyOf(Objects.requireNonNull(outstanding, "outstanding"));
    }

    /**
     * A checkpoint with no outstanding delivery.
     *
     * @param entity the entity's name
     * @param position where the entity's next run continues
     * @param complete true when the entity's last run completed it
     * @param lastComplete where the last complete run ended, the start of an incremental run
     */
    public EntityCheckpoint(String entity, Checkpoint position, boolean complete, Checkpoint lastComplete) {
        this(entity, position, complete, lastComplete, List.of());
    }

    /**
     * @param deliveries the entity's open deliveries
     * @return this checkpoint with the given outstanding deliveries
     */
    public EntityCheckpoint withOutstanding(List<OutstandingDelivery> deliveries) {
        return new EntityCheckpoint(entity, position, complete, lastComplete, deliveries);
    }
}
