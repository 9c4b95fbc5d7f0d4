package dev.syncwright.kafka.connect;

import dev.syncwright.kafka.connect.internal.Settings;
import dev.syncwright.kafka.connect.internal.Version;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Syncwright sink connector run by Kafka Connect: writes the records a {@link SyncwrightSourceConnector} put on
 * its topic to a Syncwright destination (a connector type and its JSON configuration, see {@link ConnectorSettings}),
 * and commits each record's delivery (OK, SENT, PENDING, FAILED) to the run journal under the entry id the source
 * gave it.
 *
 * <p>PENDING records are retried with the configured retry policy; SENT ones are confirmed (pushed or polled) or sent
 * again after the confirmation timeout; FAILED ones also go to Kafka Connect's errant-record reporter, so to the
 * dead-letter topic when one is configured ({@code errors.tolerance=all},
 * {@code errors.deadletterqueue.topic.name}). A partition's offset is committed only up to its first record whose
 * delivery is not final.
 *
 * <p>Kafka Connect creates and calls it; it is not meant to be used directly.
 */
public class SyncwrightSinkConnector extends SinkConnector {
    private Map<String, String> props;

    /** Made by Kafka Connect. */
    public SyncwrightSinkConnector() {
    }

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        Settings.Sink.of(props); // fails now, naming the setting, rather than in every task
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SyncwrightSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public ConfigDef config() {
        return ConnectorSettings.sinkDefinition();
    }

    /**
     * Any offset may be set: records before it are not read again (their journal entries stay as they are), records
     * after it are read and looked up in the journal, so those final already are not written again.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        return true;
    }
}
