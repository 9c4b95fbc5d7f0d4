package dev.syncwright.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a source says about one entity (table, object type, stream). Immutable.
 *
 * @param name           the entity name, unique within a source, not blank
 * @param keyField       the field that holds each record's key, not blank
 * @param fields         the entity's fields in order, an unmodifiable copy; may be empty when unknown
 * @param estimatedCount how many records the source expects to deliver, if it can tell cheaply; used
 *                       for percent complete, never trusted for correctness
 */
public record EntityDescriptor(String name, String keyField, List<FieldDescriptor> fields, OptionalLong estimatedCount) {
    /**
     * Creates the value, checking its components.
     *
     * @param name the entity name, unique within a source, not blank
     * @param keyField the field that holds each record's key, not blank
     * @param fields the entity's fields in order, an unmodifiable copy; may be empty when unknown
     * @param estimatedCount how many records the source expects to deliver, if it can tell cheaply; used for percent
     *                       complete, never trusted for correctness
     */
    public EntityDescriptor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("entity name must not be blank");
        }
        if (keyField == null || keyField.isBlank()) {
            throw new IllegalArgumentException("key field of entity '" + name + "' must not be blank");
        }
        fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        Set<String> seen = new HashSet<>();
        for (FieldDescriptor f : fields) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("entity '" + name + "' declares field '" + f.name() + "' twice");
            }
        }
        estimatedCount = estimatedCount == null ? OptionalLong.empty() : estimatedCount;
        if (estimatedCount.isPresent() && estimatedCount.getAsLong() < 0) {
            throw new IllegalArgumentException("estimated count of entity '" + name + "' must not be negative");
        }
    }

    /**
     * @param name the entity's name
     * @param keyField the field holding each record's key
     * @param fields the entity's fields, in order
     * @return a descriptor without an estimated count
     */
    public static EntityDescriptor of(String name, String keyField, List<FieldDescriptor> fields) {
        return new EntityDescriptor(name, keyField, fields, OptionalLong.empty());
    }

    /**
     * @param count how many records the entity is expected to have
     * @return a copy of this descriptor with the given estimated count
     */
    public EntityDescriptor withEstimatedCount(long count) {
        return new EntityDescriptor(name, keyField, fields, OptionalLong.of(count));
    }

    /**
     * @param fieldName the field's name
     * @return the field of that name, if declared
     */
    public Optional<FieldDescriptor> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }
}
