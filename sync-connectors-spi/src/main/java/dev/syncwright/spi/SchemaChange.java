package dev.syncwright.spi;

import java.util.Objects;

/**
 * One change of a source's metadata (its entity definitions and their fields) that a destination is asked
 * to apply with {@link DestinationConnector#applySchemaChange}. Immutable and thread-safe.
 *
 * <p>Dispatch on {@link #kind()} with a {@code switch}, or on the record type with {@code instanceof}.
 */
public sealed interface SchemaChange {

    /** What a change does. */
    enum Kind {
        /** A new entity, with all its fields ({@link EntityAdded}). */
        ENTITY_ADDED,
        /** An entity no longer exists at the source ({@link EntityRemoved}). */
        ENTITY_REMOVED,
        /** An entity gained a field ({@link FieldAdded}). */
        FIELD_ADDED,
        /** An entity lost a field ({@link FieldRemoved}). */
        FIELD_REMOVED,
        /** A field of an entity changed its type ({@link FieldTypeChanged}). */
        FIELD_TYPE_CHANGED
    }

    /** @return what this change does */
    Kind kind();

    /** @return the name of the entity the change is about */
    String entity();

    /** @return the change in one line, for logs and error logs, e.g. {@code field 'priority' (INTEGER) added to entity 'orders'} */
    String describe();

    /**
     * An entity appeared at the source.
     *
     * @param descriptor the new entity with its fields, not null
     */
    record EntityAdded(EntityDescriptor descriptor) implements SchemaChange {
        /**
         * Creates the value, checking its components.
         *
         * @param descriptor the new entity with its fields, not null
         */
        public EntityAdded {
            Objects.requireNonNull(descriptor, "descriptor must not be null");
        }

        @Override
        public Kind kind() {
            return Kind.ENTITY_ADDED;
        }

        @Override
        public String entity() {
            return descriptor.name();
        }

        @Override
        public String describe() {
            return "entity '" + descriptor.name() + "' added with " + descriptor.fields().size() + " field"
                    + (descriptor.fields().size() == 1 ? "" : "s");
        }
    }

    /**
     * An entity disappeared from the source.
     *
     * @param entity the entity's name, not blank
     */
    record EntityRemoved(String entity) implements SchemaChange {
        /**
         * Creates the value, checking its components.
         *
         * @param entity the entity's name, not blank
         */
        public EntityRemoved {
            requireName(entity, "entity");
        }

        @Override
        public Kind kind() {
            return Kind.ENTITY_REMOVED;
        }

        @Override
        public String describe() {
            return "entity '" + entity + "' removed";
        }
    }

    /**
     * An entity gained a field.
     *
     * @param entity the entity's name, not blank
     * @param field  the new field, not null
     */
    record FieldAdded(String entity, FieldDescriptor field) implements SchemaChange {
        /**
         * Creates the value, checking its components.
         *
         * @param entity the entity's name, not blank
         * @param field the new field, not null
         */
        public FieldAdded {
            requireName(entity, "entity");
            Objects.requireNonNull(field, "field must not be null");
        }

        @Override
        public Kind kind() {
            return Kind.FIELD_ADDED;
        }

        @Override
        public String describe() {
            return "field '" + field.name() + "' (" + field.type() + ") added to entity '" + entity + "'";
        }
    }

    /**
     * An entity lost a field.
     *
     * @param entity the entity's name, not blank
     * @param field  the field as it was, not null
     */
    record FieldRemoved(String entity, FieldDescriptor field) implements SchemaChange {
        /**
         * Creates the value, checking its components.
         *
         * @param entity the entity's name, not blank
         * @param field the field as it was, not null
         */
        public FieldRemoved {
            requireName(entity, "entity");
            Objects.requireNonNull(field, "field must not be null");
        }

        @Override
        public Kind kind() {
            return Kind.FIELD_REMOVED;
        }

        @Override
        public String describe() {
            return "field '" + field.name() + "' (" + field.type() + ") removed from entity '" + entity + "'";
        }
    }

    /**
     * A field changed its type.
     *
     * @param entity  the entity's name, not blank
     * @param field   the field's name, not blank
     * @param oldType the type it had, not null
     * @param newType the type it has now, not null and not {@code oldType}
     */
    record FieldTypeChanged(String entity, String field, FieldType oldType, FieldType newType) implements SchemaChange {
        /**
         * Creates the value, checking its components.
         *
         * @param entity the entity's name, not blank
         * @param field the field's name, not blank
         * @param oldType the type it had, not null
         * @param newType the type it has now, not null and not {@code oldType}
         */
        public FieldTypeChanged {
            requireName(entity, "entity");
            requireName(field, "field");
            Objects.requireNonNull(oldType, "oldType must not be null");
            Objects.requireNonNull(newType, "newType must not be null");
            if (oldType == newType) {
                throw new IllegalArgumentException("field '" + field + "' of entity '" + entity
                        + "' keeps its type " + oldType + "; that is no change");
            }
        }

        @Override
        public Kind kind() {
            return Kind.FIELD_TYPE_CHANGED;
        }

        @Override
        public String describe() {
            return "field '" + field + "' of entity '" + entity + "' changed type from " + oldType + " to " + newType;
        }
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
