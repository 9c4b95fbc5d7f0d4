package dev.syncwright.kafka.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.spi.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Opens the run journal that every worker of a sync shares, from its type and JSON configuration, the way a
 * {@link dev.syncwright.spi.ConnectorFactory} makes connectors. Source tasks reserve entry ids and renew the run's
 * claim in it; sink tasks commit every record's delivery and each entity's progress to it; hosts read the report and
 * the progress from it. It must therefore be one store that all workers and hosts reach (a database), and the
 * journal should be a {@link dev.syncwright.reporting.ReportStore}, so that the report, its CSV export and resync
 * work as on one machine, and progress counts after a rebalance are read from the committed entries.
 *
 * <p>Implementations are found with {@link ServiceLoader} (list them in
 * {@code META-INF/services/dev.syncwright.kafka.connect.JournalFactory}); they must be stateless and thread-safe.
 */
public interface JournalFactory {

    /** @return the journal type this factory opens, the value of {@link ConnectorSettings#JOURNAL_TYPE} */
    String type();

    /**
     * Opens the journal. Each task opens its own and closes it when it stops.
     *
     * @param config the journal's settings, not null
     * @return the open journal, not null
     * @throws ConfigurationException naming the setting when one is missing or wrong
     * @throws RuntimeException       when the journal cannot be reached
     */
    Opened open(JsonNode config);

    /**
     * Finds the factory of a journal type among those visible to the class loader.
     *
     * @param type        the journal type, not null
     * @param classLoader where to look, may be null for the system class loader
     * @return the factory
     * @throws ConfigurationException naming {@link ConnectorSettings#JOURNAL_TYPE} when no factory opens that type
     */
    static JournalFactory find(String type, ClassLoader classLoader) {
        Objects.requireNonNull(type, "type");
        List<String> known = new ArrayList<>();
        for (JournalFactory factory : ServiceLoader.load(JournalFactory.class, classLoader)) {
            if (factory.type().equals(type)) {
                return factory;
            }
            known.add(factory.type());
        }
        throw new ConfigurationException(ConnectorSettings.JOURNAL_TYPE,
                "no run journal of type '" + type + "' (known: " + known + ")");
    }

    /** An open journal and what it holds (a connection pool): closed by the task that opened it. */
    interface Opened extends AutoCloseable {
        /** @return the journal, thread-safe, not null */
        RunJournal journal();

        /** Releases what the journal holds; the journal is not used afterwards. Never throws. */
        @Override
        void close();
    }
}
