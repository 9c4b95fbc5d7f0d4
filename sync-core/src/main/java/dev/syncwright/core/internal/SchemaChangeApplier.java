package dev.syncwright.core.internal;

import dev.syncwright.core.connection.MetadataErrorLog;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SchemaChange;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Applies a metadata round's changes to a companion, one by one, collecting the failures; never throws. */
final class SchemaChangeApplier {
    static final String CANNOT_CHANGE_SCHEMA = "destination cannot change schema";

    private SchemaChangeApplier() {
    }

    /**
     * Opens the companion, applies each change (a failed one does not stop the others), and closes it. A
     * companion that does not support schema changes is not opened: each change fails with
     * {@value #CANNOT_CHANGE_SCHEMA}.
     *
     * @param applied called with each change the companion applied, in order
     * @return the changes that failed, with their reasons, in order
     */
    static List<MetadataErrorLog.Failure> apply(DestinationConnector companion, List<SchemaChange> changes,
                                                Clock clock, Consumer<SchemaChange> applied) {
        List<MetadataErrorLog.Failure> failures = new ArrayList<>();
        if (changes.isEmpty()) {
            return failures;
        }
        if (!companion.supportsSchemaChanges()) {
            String reason = CANNOT_CHANGE_SCHEMA + ": " + Texts.oneLine(companion.systemName())
                    + " does not support schema changes";
            changes.forEach(c -> failures.add(new MetadataErrorLog.Failure(c, reason, clock.instant())));
            return failures;
        }
        try {
            companion.open(() -> (deliveryId, outcome) -> { });
        } catch (RuntimeException e) {
            String reason = "companion " + Texts.oneLine(companion.systemName()) + " failed to open: "
                    + Texts.describe(e);
            changes.forEach(c -> failures.add(new MetadataErrorLog.Failure(c, reason, clock.instant())));
            return failures;
        }
        try {
            for (SchemaChange change : changes) {
                try {
                    companion.applySchemaChange(change);
                    applied.accept(change);
                } catch (UnsupportedOperationException e) {
                    failures.add(new MetadataErrorLog.Failure(change, CANNOT_CHANGE_SCHEMA + ": " + Texts.describe(e),
                            clock.instant()));
                } catch (RuntimeException e) {
                    failures.add(new MetadataErrorLog.Failure(change, Texts.describe(e), clock.instant()));
                }
            }
        } finally {
            Connectors.closeQuietly(companion, "companion " + companion.systemName());
        }
        return failures;
    }
}
