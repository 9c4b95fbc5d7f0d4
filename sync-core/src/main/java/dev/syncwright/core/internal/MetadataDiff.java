package dev.syncwright.core.internal;

import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.SchemaChange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Derives the schema changes between two sets of entity descriptors, and applies one change to a set. */
final class MetadataDiff {
    private MetadataDiff() {
    }

    /**
     * @param synced what the companion was last given, by entity name
     * @param home   what the home lists now
     * @param scope  the entities to compare, in order; others are ignored
     * @return the changes that turn {@code synced} into {@code home} for those entities: per entity, either
     *         entity added, entity removed, or its field removals, additions and type changes
     */
    static List<SchemaChange> changes(Map<String, EntityDescriptor> synced, List<EntityDescriptor> home,
                                      Collection<String> scope) {
        Map<String, EntityDescriptor> now = new LinkedHashMap<>();
        for (EntityDescriptor d : home) {
            now.put(d.name(), d);
        }
        List<SchemaChange> changes = new ArrayList<>();
        for (String entity : scope) {
            EntityDescriptor before = synced.get(entity);
            EntityDescriptor after = now.get(entity);
            if (before == null && after != null) {
                changes.add(new SchemaChange.EntityAdded(after));
            } else if (before != null && after == null) {
                changes.add(new SchemaChange.EntityRemoved(entity));
            } else if (before != null) {
                fieldChanges(before, after, changes);
            }
        }
        return changes;
    }

    private static void fieldChanges(EntityDescriptor before, EntityDescriptor after, List<SchemaChange> out) {
        String entity = before.name();
        for (FieldDescriptor f : before.fields()) {
            if (after.field(f.name()).isEmpty()) {
                out.add(new SchemaChange.FieldRemoved(entity, f));
            }
        }
        for (FieldDescriptor f : after.fields()) {
            Optional<FieldDescriptor> was = before.field(f.name());
            if (was.isEmpty()) {
                out.add(new SchemaChange.FieldAdded(entity, f));
            } else if (was.get().type() != f.type()) {
                out.add(new SchemaChange.FieldTypeChanged(entity, f.name(), was.get().type(), f.type()));
            }
        }
    }

    /** Records in {@code synced} that the companion applied {@code change}. */
    static void apply(Map<String, EntityDescriptor> synced, SchemaChange change) {
        String entity = change.entity();
        if (change instanceof SchemaChange.EntityAdded added) {
            synced.put(entity, added.descriptor());
            return;
        }
        if (change instanceof SchemaChange.EntityRemoved) {
            synced.remove(entity);
            return;
        }
        EntityDescriptor before = synced.get(entity);
        if (before == null) {
            return;
        }
        List<FieldDescriptor> fields = new ArrayList<>(before.fields());
        if (change instanceof SchemaChange.FieldAdded added) {
            fields.removeIf(f -> f.name().equals(added.field().name()));
            fields.add(added.field());
        } else if (change instanceof SchemaChange.FieldRemoved removed) {
            fields.removeIf(f -> f.name().equals(removed.field().name()));
        } else if (change instanceof SchemaChange.FieldTypeChanged retyped) {
            fields.replaceAll(f -> f.name().equals(retyped.field()) ? new FieldDescriptor(f.name(), retyped.newType()) : f);
        }
        synced.put(entity, new EntityDescriptor(entity, before.keyField(), fields, before.estimatedCount()));
    }
}
