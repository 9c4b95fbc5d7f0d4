package dev.syncwright.core.internal;

import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/** What a connection does with its connectors outside an engine run: probe, read metadata, remove data. */
final class Connectors {
    private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);

    private Connectors() {
    }

    /** @return the check's verdict; a check that throws or answers null counts as UNREACHABLE */
    static ConnectionCheck probe(Supplier<ConnectionCheck> check) {
        try {
            ConnectionCheck verdict = check.get();
            return verdict == null ? ConnectionCheck.unreachable("the check answered nothing") : verdict;
        } catch (RuntimeException e) {
            return ConnectionCheck.unreachable(Texts.describe(e));
        }
    }

    /**
     * Opens the home, lists its entities and closes it.
     *
     * @throws RuntimeException what the home threw
     */
    static List<EntityDescriptor> readEntities(SourceConnector home) {
        home.open();
        try {
            List<EntityDescriptor> entities = home.entities();
            if (entities == null) {
                throw new IllegalStateException("home " + home.systemName() + " listed no entities (null)");
            }
            return List.copyOf(entities);
        } finally {
            closeQuietly(home, "home " + home.systemName());
        }
    }

    /**
     * Opens the companion, removes the data of each entity, and closes it.
     *
     * @throws RuntimeException what the companion threw; entities after the failing one are not removed
     */
    static void removeData(DestinationConnector companion, List<EntityDescriptor> entities) {
        if (entities.isEmpty()) {
            return;
        }
        companion.open(() -> (deliveryId, outcome) -> { });
        try {
            for (EntityDescriptor entity : entities) {
                companion.removeEntityData(entity);
            }
        } finally {
            closeQuietly(companion, "companion " + companion.systemName());
        }
    }

    static void closeQuietly(AutoCloseable connector, String role) {
        try {
            connector.close();
        } catch (Exception e) {
            LOG.warn("Closing the {} failed: {}", Texts.oneLine(role), Texts.describe(e));
        }
    }
}
