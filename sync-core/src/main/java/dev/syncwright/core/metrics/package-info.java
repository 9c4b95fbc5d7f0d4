/**
 * The engine's tiny metrics SPI: {@link dev.syncwright.core.metrics.SyncMetrics}, with a no-op default.
 * Bindings to a metrics library live in adapter modules.
 */
package dev.syncwright.core.metrics;
