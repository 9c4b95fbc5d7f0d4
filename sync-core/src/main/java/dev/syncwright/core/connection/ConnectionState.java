package dev.syncwright.core.connection;

import dev.syncwright.spi.EntityDescriptor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a connection keeps: a snapshot for the host to show, and the unit a {@link ConnectionStore}
 * saves. Immutable and thread-safe.
 *
 * @param id             the connection's id, unique within a store, not blank
 * @param name           the connection's name for humans, not blank
 * @param status         the connection's status, not null
 * @param reason         why it is in this status (for INACTIVE: what the failed check said); may be null
 * @param since          when it entered this status, from the manager's clock, not null
 * @param dataSpaces     the data spaces shared over it, in the order they were shared; an unmodifiable copy
 * @param metadata       the metadata sync's state, not null
 * @param syncedMetadata the entity descriptors the companion was last given, by an initial sync or a metadata
 *                       round: what the next metadata round compares the home against; an unmodifiable copy
 */
public record ConnectionState(String id, String name, ConnectionStatus status, String reason, Instant since,
                              List<DataSpaceState> dataSpaces, MetadataSyncState metadata,
                              List<EntityDescriptor> syncedMetadata) {
    /**
     * Creates the value, checking its components.
     *
     * @param id the connection's id, unique within a store, not blank
     * @param name the connection's name for humans, not blank
     * @param status the connection's status, not null
     * @param reason why it is in this status (for INACTIVE: what the failed check said); may be null
     * @param since when it entered this status, from the manager's clock, not null
     * @param dataSpaces the data spaces shared over it, in the order they were shared; an unmodifiable copy
     * @param metadata the metadata sync's state, not null
     * @param syncedMetadata the entity descriptors the companion was last given, by an initial sync or a metadata
     *                       round: what the next metadata round compares the home against; an unmodifiable copy
     */
    public ConnectionState {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("connection id must not be blank");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("connection name must not be blank");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        dataSpaces = List.copyOf(dataSpaces);
        Objects.requireNonNull(metadata, "metadata");
        syncedMetadata = List.copyOf(syncedMetadata);
    }

    /**
     * @param dataSpaceName the data space's name
     * @return the data space of that name, if shared
     */
    public Optional<DataSpaceState> dataSpace(String dataSpaceName) {
        return dataSpaces.stream().filter(d -> d.name().equals(dataSpaceName)).findFirst();
    }
}
