/** The implementation of the Kafka Connect connectors and of the cluster handle; not API. */
package dev.syncwright.kafka.connect.internal;
