package dev.syncwright.kafka.connect;

import dev.syncwright.core.SyncMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to sync on a Kafka Connect cluster: the Syncwright source and destination (connector types and their JSON
 * configurations, made on the workers with {@link java.util.ServiceLoader}), the run journal the workers share, and
 * how many tasks. Immutable and thread-safe; build it with {@link #builder(String)}.
 *
 * <pre>{@code
 * KafkaConnectRequest request = KafkaConnectRequest.builder("crm-to-erp")
 *         .source("jdbc", "{\"url\": \"jdbc:postgresql://crm/db\", \"entities\": [...]}")
 *         .destination("jdbc", "{\"url\": \"jdbc:postgresql://erp/db\", \"createTables\": true}")
 *         .journal("jdbc", "{\"url\": \"jdbc:postgresql://ops/syncwright\", \"createSchemaIfMissing\": true}")
 *         .tasks(4)
 *         .build();
 * }</pre>
 */
public final class KafkaConnectRequest {
    private final String syncName;
    private final String sourceType;
    private final String sourceConfig;
    private final String destinationType;
    private final String destinationConfig;
    private final String journalType;
    private final String journalConfig;
    private final List<String> entities;
    private final SyncMode mode;
    private final int tasks;
    private final String topic;
    private final Map<String, String> sourceSettings;
    private final Map<String, String> sinkSettings;

    private KafkaConnectRequest(Builder b) {
        this.syncName = b.syncName;
        this.sourceType = b.sourceType;
        this.sourceConfig = b.sourceConfig;
        this.destinationType = b.destinationType;
        this.destinationConfig = b.destinationConfig;
        this.journalType = b.journalType;
        this.journalConfig = b.journalConfig;
        this.entities = List.copyOf(b.entities);
        this.mode = b.mode;
        this.tasks = b.tasks;
        this.topic = b.topic != null ? b.topic : "syncwright." + b.syncName;
        this.sourceSettings = Map.copyOf(b.sourceSettings);
        this.sinkSettings = Map.copyOf(b.sinkSettings);
    }

    /**
     * @param syncName the sync's name, not blank: runs of the same name continue each other
     * @return a builder; not thread-safe
     */
    public static Builder builder(String syncName) {
        return new Builder(syncName);
    }

    /** @return the sync's name */
    public String syncName() {
        return syncName;
    }

    /**
     * @param runId the run's id
     * @return the source connector's Kafka Connect configuration for a run
     */
    public Map<String, String> sourceConnectorConfig(String runId) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SyncwrightSourceConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        converters(c);
        // Kafka Connect's producer sends one request at a time per task (max.in.flight 1): large, compressed batches
        // make that request carry a page, not a few records
        c.put("producer.override.linger.ms", "10");
        c.put("producer.override.batch.size", "524288");
        c.put("producer.override.compression.type", "lz4");
        c.put("topic.creation.default.partitions", Integer.toString(tasks));
        c.put("topic.creation.default.replication.factor", "-1");
        c.put(ConnectorSettings.SYNC, syncName);
        c.put(ConnectorSettings.RUN, Objects.requireNonNull(runId, "runId"));
        c.put(ConnectorSettings.SOURCE_TYPE, sourceType);
        c.put(ConnectorSettings.SOURCE_CONFIG, sourceConfig);
        c.put(ConnectorSettings.JOURNAL_TYPE, journalType);
        c.put(ConnectorSettings.JOURNAL_CONFIG, journalConfig);
        c.put(ConnectorSettings.ENTITIES, String.join(",", entities));
        c.put(ConnectorSettings.MODE, mode.name());
        c.put(ConnectorSettings.TOPIC, topic);
        c.put(ConnectorSettings.TOPIC_PARTITIONS, Integer.toString(tasks));
        c.putAll(sourceSettings);
        return c;
    }

    /** @return the sink connector's Kafka Connect configuration */
    public Map<String, String> sinkConnectorConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", SyncwrightSinkConnector.class.getName());
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        converters(c);
        // records of a transaction the source aborted (exactly-once delivery) are never written
        c.put("consumer.override.isolation.level", "read_committed");
        c.put(ConnectorSettings.SYNC, syncName);
        c.put(ConnectorSettings.DESTINATION_TYPE, destinationType);
        c.put(ConnectorSettings.DESTINATION_CONFIG, destinationConfig);
        c.put(ConnectorSettings.JOURNAL_TYPE, journalType);
        c.put(ConnectorSettings.JOURNAL_CONFIG, journalConfig);
        c.putAll(sinkSettings);
        return c;
    }

    private static void converters(Map<String, String> c) {
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "true");
        // the headers are texts and numbers the connectors read as such: no type guessing on every record
        c.put("header.converter", "org.apache.kafka.connect.storage.StringConverter");
    }

    @Override
    public String toString() {
        // the JSON configurations may hold secrets: only the types
        return "KafkaConnectRequest[" + syncName + ": " + sourceType + " → " + destinationType + ", journal " + journalType
                + ", " + tasks + " tasks, topic " + topic + "]";
    }

    /** Builds a {@link KafkaConnectRequest}; each setting is checked as it is given. Not thread-safe. */
    public static final class Builder {
        private final String syncName;
        private String sourceType;
        private String sourceConfig;
        private String destinationType;
        private String destinationConfig;
        private String journalType;
        private String journalConfig;
        private final List<String> entities = new ArrayList<>();
        private SyncMode mode = SyncMode.FULL;
        private int tasks = 1;
        private String topic;
        private final Map<String, String> sourceSettings = new LinkedHashMap<>();
        private final Map<String, String> sinkSettings = new LinkedHashMap<>();

        private Builder(String syncName) {
            this.syncName = notBlank(syncName, "syncName");
        }

        /**
         * @param type   a Syncwright connector type the workers have (csv, jsonl, jdbc, or one of your own)
         * @param config its JSON settings
         * @return this builder
         */
        public Builder source(String type, String config) {
            this.sourceType = notBlank(type, "source type");
            this.sourceConfig = notBlank(config, "source config");
            return this;
        }

        /**
         * @param type   a Syncwright connector type the workers have (jsonl, jdbc, http, or one of your own)
         * @param config its JSON settings
         * @return this builder
         */
        public Builder destination(String type, String config) {
            this.destinationType = notBlank(type, "destination type");
            this.destinationConfig = notBlank(config, "destination config");
            return this;
        }

        /**
         * @param type   a {@link JournalFactory} type the workers have, e.g. {@code jdbc}
         * @param config its JSON settings: the workers open the journal with them
         * @return this builder
         */
        public Builder journal(String type, String config) {
            this.journalType = notBlank(type, "journal type");
            this.journalConfig = notBlank(config, "journal config");
            return this;
        }

        /**
         * @param names the entities to sync (default: every entity of the source)
         * @return this builder
         */
        public Builder entities(String... names) {
            entities.clear();
            for (String n : names) {
                entities.add(notBlank(n, "entity"));
            }
            return this;
        }

        /**
         * @param mode FULL (the default) or INCREMENTAL
         * @return this builder
         */
        public Builder mode(SyncMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param tasks source and sink tasks, and partitions of the topic, at least 1 (default 1): entities are dealt
         *              out to this many tasks
         * @return this builder
         */
        public Builder tasks(int tasks) {
            if (tasks < 1) {
                throw new IllegalArgumentException("tasks must be at least 1, was " + tasks);
            }
            this.tasks = tasks;
            return this;
        }

        /**
         * @param topic the topic records travel through (default {@code syncwright.<sync name>}); created with
         *              {@link #tasks} partitions when it does not exist
         * @return this builder
         */
        public Builder topic(String topic) {
            this.topic = notBlank(topic, "topic");
            return this;
        }

        /**
         * @param size records per read and per write, at least 1 (default 500)
         * @return this builder
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, was " + size);
            }
            String v = Integer.toString(size);
            sourceSettings.put(ConnectorSettings.BATCH_SIZE, v);
            sinkSettings.put(ConnectorSettings.BATCH_SIZE, v);
            return this;
        }

        /**
         * @param retries        retries after the first attempt, 0 or more (default 4)
         * @param initialBackoff the wait before the first retry (default 500 ms)
         * @param maxBackoff     the longest wait (default 30 s)
         * @return this builder
         */
        public Builder retries(int retries, Duration initialBackoff, Duration maxBackoff) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative, was " + retries);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoffs must satisfy 0 <= initialBackoff (" + initialBackoff
                        + ") <= maxBackoff (" + maxBackoff + ")");
            }
            for (Map<String, String> m : List.of(sourceSettings, sinkSettings)) {
                m.put(ConnectorSettings.RETRY_MAX, Integer.toString(retries));
                m.put(ConnectorSettings.RETRY_INITIAL_BACKOFF_MS, Long.toString(initialBackoff.toMillis()));
                m.put(ConnectorSettings.RETRY_MAX_BACKOFF_MS, Long.toString(maxBackoff.toMillis()));
            }
            return this;
        }

        /**
         * @param timeout how long a SENT delivery may await its confirmation before it is sent again (default 5 min)
         * @return this builder
         */
        public Builder confirmationTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("confirmationTimeout must not be negative, was " + timeout);
            }
            sinkSettings.put(ConnectorSettings.CONFIRMATION_TIMEOUT_MS, Long.toString(timeout.toMillis()));
            return this;
        }

        /**
         * Sends FAILED records to a dead-letter topic as well (Kafka Connect's errant-record reporter).
         *
         * @param topic       the dead-letter topic
         * @param replication its replication factor when Kafka Connect creates it
         * @return this builder
         */
        public Builder deadLetterTopic(String topic, int replication) {
            sinkSettings.put("errors.tolerance", "all");
            sinkSettings.put("errors.deadletterqueue.topic.name", notBlank(topic, "dead-letter topic"));
            sinkSettings.put("errors.deadletterqueue.topic.replication.factor", Integer.toString(replication));
            sinkSettings.put("errors.deadletterqueue.context.headers.enable", "true");
            return this;
        }

        /**
         * @param name  any setting of the source connector (Kafka Connect's or {@link ConnectorSettings}'), e.g.
         *              {@code exactly.once.support}
         * @param value its value
         * @return this builder
         */
        public Builder sourceSetting(String name, String value) {
            sourceSettings.put(notBlank(name, "setting name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param name  any setting of the sink connector (Kafka Connect's or {@link ConnectorSettings}'), e.g.
         *              {@code consumer.override.session.timeout.ms}
         * @param value its value
         * @return this builder
         */
        public Builder sinkSetting(String name, String value) {
            sinkSettings.put(notBlank(name, "setting name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the request
         * @throws IllegalStateException when the source, the destination or the journal is missing
         */
        public KafkaConnectRequest build() {
            if (sourceType == null || destinationType == null || journalType == null) {
                throw new IllegalStateException("a request needs a source, a destination and a journal");
            }
            return new KafkaConnectRequest(this);
        }

        private static String notBlank(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return s;
        }
    }
}
