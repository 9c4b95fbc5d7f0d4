package dev.syncwright.connectors;

import dev.syncwright.core.journal.RunJournal;
import dev.syncwright.core.RetryPolicy;
import dev.syncwright.core.SyncEngine;

import java.time.Duration;

/** Engines configured for fast tests: no retry backoff, quick confirmation polls. */
public final class Engines {
    private Engines() {
    }

    public static SyncEngine engine(int batchSize, RunJournal store) {
        return SyncEngine.builder()
                .parallelism(2)
                .batchSize(batchSize)
                .journal(store)
                .retryPolicy(RetryPolicy.builder().maxRetries(2).initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build())
                .confirmationPollInterval(Duration.ofMillis(50))
                .confirmationTimeout(Duration.ofSeconds(20))
                .build();
    }
}
