package dev.syncwright.kafka.connect.internal;

import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.SyncMode;
import dev.syncwright.kafka.connect.ConnectorSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The connectors' settings, read and checked from their Kafka Connect configuration. */
public final class Settings {
    private Settings() {
    }

    /**
     * The source connector's settings.
     *
     * @param sync          the sync's name
     * @param run           the run's id
     * @param sourceType    the source's connector type
     * @param sourceConfig  the source's JSON settings
     * @param journalType   the journal's type
     * @param journalConfig the journal's JSON settings
     * @param entities      the entities asked for, empty for all
     * @param mode          FULL or INCREMENTAL
     * @param topic         where records go
     * @param partitions    partitions of the topic used
     * @param batchSize     records per read
     * @param retryPolicy   retries of transient read failures
     * @param lease         the run's claim
     * @param idBlock       entry ids reserved at once
     */
    public record Source(String sync, String run, String sourceType, String sourceConfig, String journalType,
                         String journalConfig, List<String> entities, SyncMode mode, String topic, int partitions,
                         int batchSize, RetryPolicy retryPolicy, Duration lease, int idBlock) {
        /**
         * @param props the connector's (or task's) configuration
         * @return the settings
         * @throws ConfigException naming a missing or wrong setting
         */
        public static Source of(Map<String, String> props) {
            AbstractConfig c = new AbstractConfig(ConnectorSettings.sourceDefinition(), props, false);
            return new Source(c.getString(ConnectorSettings.SYNC), c.getString(ConnectorSettings.RUN),
                    c.getString(ConnectorSettings.SOURCE_TYPE), c.getPassword(ConnectorSettings.SOURCE_CONFIG).value(),
                    c.getString(ConnectorSettings.JOURNAL_TYPE), c.getPassword(ConnectorSettings.JOURNAL_CONFIG).value(),
                    List.copyOf(c.getList(ConnectorSettings.ENTITIES)), SyncMode.valueOf(c.getString(ConnectorSettings.MODE)),
                    c.getString(ConnectorSettings.TOPIC), c.getInt(ConnectorSettings.TOPIC_PARTITIONS),
                    c.getInt(ConnectorSettings.BATCH_SIZE), policyOf(c),
                    Duration.ofMillis(c.getLong(ConnectorSettings.LEASE_MS)), c.getInt(ConnectorSettings.ENTRY_ID_BLOCK));
        }
    }

    /**
     * The sink connector's settings.
     *
     * @param sync                 the sync's name
     * @param destinationType      the destination's connector type
     * @param destinationConfig    the destination's JSON settings
     * @param journalType          the journal's type
     * @param journalConfig        the journal's JSON settings
     * @param batchSize            records per write
     * @param retryPolicy          retries of PENDING records
     * @param confirmationTimeout  how long a SENT delivery may await its confirmation
     * @param pollInterval         how often SENT deliveries are polled
     * @param maxOutstanding       the most records held whose delivery is not final
     * @param progressInterval     the least time between two progress writes of an entity
     */
    public record Sink(String sync, String destinationType, String destinationConfig, String journalType,
                       String journalConfig, int batchSize, RetryPolicy retryPolicy, Duration confirmationTimeout,
                       Duration pollInterval, int maxOutstanding, Duration progressInterval) {
        /**
         * @param props the connector's (or task's) configuration
         * @return the settings
         * @throws ConfigException naming a missing or wrong setting
         */
        public static Sink of(Map<String, String> props) {
            AbstractConfig c = new AbstractConfig(ConnectorSettings.sinkDefinition(), props, false);
            return new Sink(c.getString(ConnectorSettings.SYNC), c.getString(ConnectorSettings.DESTINATION_TYPE),
                    c.getPassword(ConnectorSettings.DESTINATION_CONFIG).value(), c.getString(ConnectorSettings.JOURNAL_TYPE),
                    c.getPassword(ConnectorSettings.JOURNAL_CONFIG).value(), c.getInt(ConnectorSettings.BATCH_SIZE),
                    policyOf(c), Duration.ofMillis(c.getLong(ConnectorSettings.CONFIRMATION_TIMEOUT_MS)),
                    Duration.ofMillis(c.getLong(ConnectorSettings.CONFIRMATION_POLL_INTERVAL_MS)),
                    c.getInt(ConnectorSettings.MAX_OUTSTANDING_RECORDS),
                    Duration.ofMillis(c.getLong(ConnectorSettings.PROGRESS_INTERVAL_MS)));
        }
    }

    private static RetryPolicy policyOf(AbstractConfig c) {
        try {
            return RetryPolicy.builder().maxRetries(c.getInt(ConnectorSettings.RETRY_MAX))
                    .initialBackoff(Duration.ofMillis(c.getLong(ConnectorSettings.RETRY_INITIAL_BACKOFF_MS)))
                    .maxBackoff(Duration.ofMillis(c.getLong(ConnectorSettings.RETRY_MAX_BACKOFF_MS)))
                    .multiplier(c.getDouble(ConnectorSettings.RETRY_MULTIPLIER))
                    .jitter(c.getDouble(ConnectorSettings.RETRY_JITTER)).build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ConfigException(ConnectorSettings.RETRY_MAX_BACKOFF_MS + ": " + e.getMessage());
        }
    }
}
