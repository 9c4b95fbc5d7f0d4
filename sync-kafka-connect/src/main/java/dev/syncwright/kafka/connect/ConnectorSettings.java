package dev.syncwright.kafka.connect;

import dev.syncwright.core.SyncMode;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings of {@link SyncwrightSourceConnector} and {@link SyncwrightSinkConnector}: their names, defaults and
 * meaning. The connectors' Kafka Connect configuration holds them beside Kafka Connect's own ({@code tasks.max},
 * {@code topics}, {@code errors.deadletterqueue.topic.name}, converters, ...).
 *
 * <p>A Syncwright connector is named by a connector type (found with {@link java.util.ServiceLoader} among the
 * {@link dev.syncwright.spi.ConnectorFactory}s on the plugin's class path) and its JSON configuration, as on one
 * machine; so is the run journal the workers share ({@link JournalFactory}). The JSON settings are of Kafka's
 * {@code PASSWORD} type, so Kafka Connect never logs them; keep secrets out of them all the same: the built-in
 * connectors read {@code ${env:NAME}} and {@code ${file:/path}} themselves, and a Kafka config provider of the workers
 * (e.g. {@code ${file:/etc/kafka/secrets.properties:journal.password}}) works for any of them, the {@code jdbc}
 * journal's password included ({@link JdbcJournalFactory}).
 *
 * <p>Constants only; not instantiable.
 */
public final class ConnectorSettings {
    /** The sync's name: the same for the source and the sink connector of one sync, and for all its runs. */
    public static final String SYNC = "syncwright.sync";
    /** The run's id (source connector): a new value starts a new run; the same value continues it. */
    public static final String RUN = "syncwright.run";
    /** The connector type of the Syncwright source (source connector), e.g. {@code jdbc}, {@code csv}. */
    public static final String SOURCE_TYPE = "syncwright.source.type";
    /** The Syncwright source's JSON configuration (source connector). */
    public static final String SOURCE_CONFIG = "syncwright.source.config";
    /** The connector type of the Syncwright destination (sink connector). */
    public static final String DESTINATION_TYPE = "syncwright.destination.type";
    /** The Syncwright destination's JSON configuration (sink connector). */
    public static final String DESTINATION_CONFIG = "syncwright.destination.config";
    /** The run journal's type, a {@link JournalFactory#type()} (both connectors), e.g. {@code jdbc}. */
    public static final String JOURNAL_TYPE = "syncwright.journal.type";
    /** The run journal's JSON configuration (both connectors). */
    public static final String JOURNAL_CONFIG = "syncwright.journal.config";
    /** The entities to sync, comma-separated (source connector); empty for every entity of the source. */
    public static final String ENTITIES = "syncwright.entities";
    /** {@code FULL} or {@code INCREMENTAL} (source connector), as {@link SyncMode}. */
    public static final String MODE = "syncwright.mode";
    /** The topic the source connector writes records to (the sink connector reads it through {@code topics}). */
    public static final String TOPIC = "syncwright.topic";
    /**
     * How many partitions of {@link #TOPIC} the source uses (source connector): entity number {@code i} of the
     * run goes to partition {@code i % partitions}, so that one sink task sees all records of an entity in order.
     * The topic must have at least that many partitions.
     */
    public static final String TOPIC_PARTITIONS = "syncwright.topic.partitions";
    /** Records per read (source) and per write (sink). */
    public static final String BATCH_SIZE = "syncwright.batch.size";
    /** Retries of a record the destination answered PENDING, and of a transient read failure. */
    public static final String RETRY_MAX = "syncwright.retry.max";
    /** The wait before the first retry, in milliseconds. */
    public static final String RETRY_INITIAL_BACKOFF_MS = "syncwright.retry.initial.backoff.ms";
    /** The longest wait between two attempts, in milliseconds; also caps a wait a destination asks for. */
    public static final String RETRY_MAX_BACKOFF_MS = "syncwright.retry.max.backoff.ms";
    /** The growth of the wait per retry, at least 1. */
    public static final String RETRY_MULTIPLIER = "syncwright.retry.multiplier";
    /** The randomization of each wait, in [0, 1). */
    public static final String RETRY_JITTER = "syncwright.retry.jitter";
    /** How long a SENT delivery may await its confirmation before it is sent again, in milliseconds (sink). */
    public static final String CONFIRMATION_TIMEOUT_MS = "syncwright.confirmation.timeout.ms";
    /** How often SENT deliveries are polled, in milliseconds (sink). */
    public static final String CONFIRMATION_POLL_INTERVAL_MS = "syncwright.confirmation.poll.interval.ms";
    /** The most records a sink task holds whose delivery is not final; past it, it reads no further (sink). */
    public static final String MAX_OUTSTANDING_RECORDS = "syncwright.max.outstanding.records";
    /** The least time between two progress writes of an entity to the journal, in milliseconds (sink). */
    public static final String PROGRESS_INTERVAL_MS = "syncwright.progress.interval.ms";
    /** How long a run's claim on its sync holds unless the source tasks renew it, in milliseconds (source). */
    public static final String LEASE_MS = "syncwright.lease.ms";
    /** Entry ids a source task reserves at once per entity (source); see the module's delivery notes. */
    public static final String ENTRY_ID_BLOCK = "syncwright.entry.id.block";

    private ConnectorSettings() {
    }

    /** @return the definition of the source connector's settings: types, defaults, checks and documentation */
    public static ConfigDef sourceDefinition() {
        ConfigDef def = common();
        def.define(RUN, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "The run's id. Starting a run with a new id reads every entity again (FULL) or what changed since the"
                        + " last complete run (INCREMENTAL); an interrupted run with the same id continues.");
        def.define(SOURCE_TYPE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "The Syncwright source's connector type (csv, jsonl, jdbc, or one of your own ConnectorFactory types).");
        def.define(SOURCE_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                "The Syncwright source's settings, as JSON.");
        def.define(ENTITIES, Type.LIST, "", Importance.MEDIUM, "The entities to sync; empty for all of the source.");
        def.define(MODE, Type.STRING, SyncMode.FULL.name(),
                ConfigDef.ValidString.in(SyncMode.FULL.name(), SyncMode.INCREMENTAL.name()), Importance.MEDIUM,
                "FULL reads every entity from its first record in each new run; INCREMENTAL continues from where the"
                        + " last complete run ended.");
        def.define(TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "The topic records are written to.");
        def.define(TOPIC_PARTITIONS, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "Partitions of the topic used: entity i goes to partition i % partitions. The topic must have at"
                        + " least this many.");
        def.define(LEASE_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1_000), Importance.LOW,
                "How long the run's claim on its sync holds unless renewed; the source tasks renew it every third of"
                        + " it. Longer than a failover.");
        def.define(ENTRY_ID_BLOCK, Type.INT, 50_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Journal entry ids reserved at once per entity; a page re-read after a failover gets the same ids"
                        + " within a block.");
        return def;
    }

    /** @return the definition of the sink connector's settings: types, defaults, checks and documentation */
    public static ConfigDef sinkDefinition() {
        ConfigDef def = common();
        def.define(DESTINATION_TYPE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "The Syncwright destination's connector type (jsonl, jdbc, http, or your own).");
        def.define(DESTINATION_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                "The Syncwright destination's settings, as JSON.");
        def.define(CONFIRMATION_TIMEOUT_MS, Type.LONG, 300_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "How long a SENT delivery may await its confirmation before it is sent again.");
        def.define(CONFIRMATION_POLL_INTERVAL_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                "How often SENT deliveries are polled.");
        def.define(MAX_OUTSTANDING_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "The most records a task holds whose delivery is not final; past it, the task reads no further.");
        def.define(PROGRESS_INTERVAL_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "The least time between two progress writes of an entity to the journal.");
        return def;
    }

    private static ConfigDef common() {
        ConfigDef def = new ConfigDef();
        def.define(SYNC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "The sync's name, the same for its source and sink connector.");
        def.define(JOURNAL_TYPE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "The run journal's type: where every record's delivery, the runs and their progress are kept.");
        def.define(JOURNAL_CONFIG, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                "The run journal's settings, as JSON.");
        def.define(BATCH_SIZE, Type.INT, 500, ConfigDef.Range.between(1, 100_000), Importance.MEDIUM,
                "Records per read and per write.");
        def.define(RETRY_MAX, Type.INT, 4, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Retries after the first attempt of a PENDING record or a transient read failure.");
        def.define(RETRY_INITIAL_BACKOFF_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "The wait before the first retry.");
        def.define(RETRY_MAX_BACKOFF_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "The longest wait between two attempts.");
        def.define(RETRY_MULTIPLIER, Type.DOUBLE, 2.0, ConfigDef.Range.atLeast(1), Importance.LOW,
                "The growth of the wait per retry.");
        def.define(RETRY_JITTER, Type.DOUBLE, 0.5, ConfigDef.Range.between(0, 0.999), Importance.LOW,
                "The randomization of each wait.");
        return def;
    }
}
