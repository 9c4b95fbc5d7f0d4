package dev.syncwright.core.connection;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A named group of entities shared over a connection as one unit. Immutable and thread-safe.
 *
 * @param name     the data space's name, unique within a connection, not blank
 * @param entities the names of its entities at the home system, in order; not empty, no blanks or
 *                 duplicates; an unmodifiable copy
 */
public record DataSpace(String name, List<String> entities) {
    /**
     * Creates the value, checking its components.
     *
     * @param name the data space's name, unique within a connection, not blank
     * @param entities the names of its entities at the home system, in order; not empty, no blanks or duplicates; an
     *                 unmodifiable copy
     */
    public DataSpace {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("data space name must not be blank");
        }
        Objects.requireNonNull(entities, () -> "entities of data space '" + name + "' must not be null");
        if (entities.isEmpty()) {
            throw new IllegalArgumentException("data space '" + name + "' must have at least one entity");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String entity : entities) {
            if (entity == null || entity.isBlank()) {
                throw new IllegalArgumentException("data space '" + name + "' lists a blank entity: " + entities);
            }
            if (!unique.add(entity)) {
                throw new IllegalArgumentException("data space '" + name + "' lists entity '" + entity + "' twice");
            }
        }
        entities = List.copyOf(entities);
    }

    /**
     * @param name the data space's name
     * @param entities the entities it groups
     * @return a data space of these entities
     */
    public static DataSpace of(String name, String... entities) {
        return new DataSpace(name, List.of(Objects.requireNonNull(entities, "entities must not be null")));
    }
}
