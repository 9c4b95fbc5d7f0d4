package dev.syncwright.core.internal;

import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.metrics.SyncMetrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** The engine's validated, immutable settings. {@code executor} and {@code scheduler} are null when not injected. */
public record EngineSettings(int parallelism, int batchSize, long maxBatchBytes, long maxRecordBytes,
                             ExecutorService executor, ScheduledExecutorService scheduler, Clock clock,
                             RunJournal journal, SyncMetrics metrics, List<SyncListener> listeners, RetryPolicy retryPolicy,
                             int maxConcurrentRetries, Duration confirmationTimeout, Duration confirmationPollInterval,
                             int maxOutstandingRecords, long maxOutstandingBytes, Duration lease) {
}
