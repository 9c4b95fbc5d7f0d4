/**
 * Syncwright's connectors on Kafka Connect workers: {@link dev.syncwright.kafka.connect.SyncwrightSourceConnector}
 * and {@link dev.syncwright.kafka.connect.SyncwrightSinkConnector} run any Syncwright source and destination as a
 * Kafka Connect source and sink (entity = source partition, checkpoint = source offset), with every record's delivery
 * committed to the run journal the workers share ({@link dev.syncwright.kafka.connect.JournalFactory}), and
 * {@link dev.syncwright.kafka.connect.KafkaConnectEngine} starts, watches and cancels runs from any host.
 */
package dev.syncwright.kafka.connect;
