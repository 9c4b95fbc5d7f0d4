/**
 * File connectors: {@link dev.syncwright.connectors.file.CsvSource} and
 * {@link dev.syncwright.connectors.file.JsonLinesSource} read one file per entity and resume from a byte
 * position; {@link dev.syncwright.connectors.file.JsonLinesDestination} appends one file per entity and
 * answers OK only once a batch is on disk. Lines that cannot be read are handed over as described in
 * {@link dev.syncwright.connectors.file.MalformedRecords}.
 */
package dev.syncwright.connectors.file;
