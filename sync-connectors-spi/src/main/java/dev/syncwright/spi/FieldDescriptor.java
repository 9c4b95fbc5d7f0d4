package dev.syncwright.spi;

import java.util.Objects;

/**
 * One field of an entity. Immutable.
 *
 * @param name the field name, not blank
 * @param type the field type, not null
 */
public record FieldDescriptor(String name, FieldType type) {
    /**
     * Creates the value, checking its components.
     *
     * @param name the field name, not blank
     * @param type the field type, not null
     */
    public FieldDescriptor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field name must not be blank");
        }
        Objects.requireNonNull(type, () -> "type of field '" + name + "' must not be null");
    }

    /**
     * @param name the field's name
     * @return a field of type {@link FieldType#STRING}
     */
    public static FieldDescriptor string(String name) {
        return new FieldDescriptor(name, FieldType.STRING);
    }
}
