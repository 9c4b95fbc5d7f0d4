package dev.syncwright.core.internal;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.connection.ConnectionListener;
import dev.syncwright.core.connection.ConnectionStore;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A connection manager's validated, immutable settings. {@code executor} and {@code scheduler} are null when
 * not injected; {@code checkEvery} and {@code metadataSyncEvery} are null when that schedule is off.
 */
public record ConnectionSettings(SyncEngine engine, ConnectionStore store, Clock clock, Executor executor,
                                 ScheduledExecutorService scheduler, Duration checkEvery, Duration metadataSyncEvery,
                                 List<ConnectionListener> listeners) {
}
