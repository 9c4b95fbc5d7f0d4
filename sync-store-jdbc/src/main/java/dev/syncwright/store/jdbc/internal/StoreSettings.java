package dev.syncwright.store.jdbc.internal;

/**
 * Sizes of the stores' work.
 *
 * @param idBlockSize    entry ids taken from the database at once
 * @param purgeBatchSize rows deleted per purge transaction
 * @param fetchSize      rows an export reads per round trip
 */
public record StoreSettings(int idBlockSize, int purgeBatchSize, int fetchSize) {
}
