/**
 * The connector SPI: what a connector author implements, and nothing else.
 *
 * <p>A {@link dev.syncwright.spi.SourceConnector} lists its entities and reads them page by page
 * from an opaque {@link dev.syncwright.spi.Checkpoint}; a {@link dev.syncwright.spi.DestinationConnector}
 * writes batches and answers with one {@link dev.syncwright.spi.DeliveryOutcome} per record. Failures are
 * reported with {@link dev.syncwright.spi.ConnectorException}, whose {@link dev.syncwright.spi.ConnectorException.Kind}
 * decides, once, whether the engine retries. The engine opens and closes connectors; connectors never
 * see the engine.
 */
package dev.syncwright.spi;
