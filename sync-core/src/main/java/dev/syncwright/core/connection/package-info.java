/**
 * Connections between a home system (a {@link dev.syncwright.spi.SourceConnector}) and a companion system
 * (a {@link dev.syncwright.spi.DestinationConnector}): the connection's status, the data spaces shared over it
 * with their initial syncs, and the metadata sync that propagates schema changes from home to companion.
 *
 * <p>Start with {@link dev.syncwright.core.connection.ConnectionManager#builder()}; state is kept in a
 * {@link dev.syncwright.core.connection.ConnectionStore}, status changes reach a
 * {@link dev.syncwright.core.connection.ConnectionListener}. Implementation types live in
 * {@code dev.syncwright.core.internal} and are not API.
 */
package dev.syncwright.core.connection;
