package dev.syncwright.kafka.connect;

import dev.syncwright.kafka.connect.internal.Plugins;
import dev.syncwright.kafka.connect.internal.RunPlan;
import dev.syncwright.kafka.connect.internal.Settings;
import dev.syncwright.kafka.connect.internal.SourceOffset;
import dev.syncwright.kafka.connect.internal.Version;
import dev.syncwright.spi.SourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Syncwright source connector run by Kafka Connect: reads the entities of a Syncwright {@link SourceConnector}
 * (a connector type and its JSON configuration, see {@link ConnectorSettings}) into a topic, one source partition
 * per entity ({@code {"sync": ..., "entity": ...}}) whose source offset is the entity's checkpoint.
 *
 * <p>When it starts a run (a new {@link ConnectorSettings#RUN}), it plans the run as the embedded engine does (a new
 * pass, or the entities an interrupted run left) and claims the sync in the run journal; tasks then get the
 * entities dealt out. Tasks resume each entity from its stored offset, read one page per poll and renew the run's
 * claim. Each record carries sync, run, entity, reference and its journal entry id in headers; the end of an entity
 * is a record of its own.
 *
 * <p>Exactly-once source delivery (KIP-618) is supported: a poll's page and its offset are one transaction.
 * {@link #alterOffsets} checks offsets set through the REST API; an entity's offset reset to null starts it over
 * from its first record.
 *
 * <p>Kafka Connect creates and calls it; it is not meant to be used directly.
 */
public class SyncwrightSourceConnector extends org.apache.kafka.connect.source.SourceConnector {
    private Map<String, String> props;
    private Settings.Source settings;
    private List<String> entities;

    /** Made by Kafka Connect. */
    public SyncwrightSourceConnector() {
    }

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
        this.settings = Settings.Source.of(props);
        ClassLoader loader = getClass().getClassLoader();
        try (JournalFactory.Opened journal = Plugins.journal(settings.journalType(), settings.journalConfig(),
                ConnectorSettings.JOURNAL_CONFIG, loader);
             SourceConnector source = Plugins.source(settings.sourceType(), settings.sourceConfig(),
                     ConnectorSettings.SOURCE_CONFIG, loader)) {
            source.open();
            entities = RunPlan.entities(settings, source, journal.journal(),
                    partitions -> context().offsetStorageReader().offsets(partitions),
                    "kafka-connect/" + settings.sync() + "-source", Clock.systemUTC());
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SyncwrightSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return RunPlan.taskConfigs(props, entities, maxTasks, settings.partitions());
    }

    @Override
    public void stop() {
        // nothing held between calls: start() opens and closes what it needs
    }

    @Override
    public ConfigDef config() {
        return ConnectorSettings.sourceDefinition();
    }

    /** @return {@link ExactlyOnceSupport#SUPPORTED}: a page and its offset are written in one transaction */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** @return {@link ConnectorTransactionBoundaries#UNSUPPORTED}: a transaction per poll, one page */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /**
     * Checks offsets a user sets: each partition must be {@code {"sync": <this sync>, "entity": <name>}}; each
     * offset null (the entity starts over) or an object with a text {@code checkpoint} and only the fields this
     * connector writes, well-formed.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException saying what is wrong
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        String sync = connectorConfig.get(ConnectorSettings.SYNC);
        offsets.forEach((partition, offset) -> SourceOffset.validate(sync, partition, offset));
        return true;
    }
}
