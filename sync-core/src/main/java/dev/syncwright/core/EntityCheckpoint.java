package dev.syncwright.core;

import dev.syncwright.spi.Checkpoint;

import java.util.Objects;

/**
 * What a {@link CheckpointStore} keeps per sync and entity. Immutable.
 *
 * @param entity       the entity
 * @param position     the checkpoint after the last committed batch of the current (or last) pass
 * @param complete     true when the current pass read the entity to its end
 * @param lastComplete the position at which the last complete pass ended ({@link Checkpoint#START} if
 *                     none); an INCREMENTAL run starts from here
 */
public record EntityCheckpoint(String entity, Checkpoint position, boolean complete, Checkpoint lastComplete) {
    public EntityCheckpoint {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(lastComplete, "lastComplete");
    }
}
