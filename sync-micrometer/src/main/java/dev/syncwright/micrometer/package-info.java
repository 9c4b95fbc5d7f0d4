/**
 * Micrometer binding of Syncwright's figures: {@link dev.syncwright.micrometer.MicrometerSyncMetrics} for the
 * engine's metrics SPI, {@link dev.syncwright.micrometer.MicrometerConnectionMetrics} for connections; meter names
 * and tags are listed in {@link dev.syncwright.micrometer.SyncwrightMeters}.
 */
package dev.syncwright.micrometer;
