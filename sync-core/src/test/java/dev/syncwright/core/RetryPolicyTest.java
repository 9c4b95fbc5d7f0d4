package dev.syncwright.core;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    @Test
    void defaultsRetryFourTimesWithGrowingJitteredBackoffCapped() {
        RetryPolicy policy = RetryPolicy.defaults();
        assertThat(policy.maxRetries()).isEqualTo(4);
        // 500 ms ±50%, then doubling
        assertThat(policy.backoff(1, null)).isBetween(Duration.ofMillis(250), Duration.ofMillis(750));
        assertThat(policy.backoff(3, null)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000));
        assertThat(policy.backoff(20, null)).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withoutJitterTheBackoffIsExactlyExponentialAndCapped() {
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).multiplier(3).jitter(0)
                .maxBackoff(Duration.ofSeconds(1)).build();
        assertThat(policy.backoff(1, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2, null)).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.backoff(3, null)).isEqualTo(Duration.ofMillis(900));
        assertThat(policy.backoff(4, null)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aResilience4jConfigCanBePassedIn() {
        RetryConfig config = RetryConfig.custom().maxAttempts(3).intervalFunction(IntervalFunction.of(Duration.ofMillis(42))).build();
        RetryPolicy policy = RetryPolicy.of(config);
        assertThat(policy.maxRetries()).isEqualTo(2);
        assertThat(policy.backoff(2, null)).isEqualTo(Duration.ofMillis(42));
    }

    @Test
    void noneNeverRetries() {
        assertThat(RetryPolicy.none().maxRetries()).isZero();
    }

    @Test
    void badSettingsAreRejectedWithTheSettingsName() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(10)).maxBackoff(Duration.ofSeconds(1)).build())
                .hasMessageContaining("maxBackoff");
    }

    @Test
    void aPolicyCanBeSetPerEntityOverridingTheSyncs() {
        RetryPolicy sync = RetryPolicy.none();
        RetryPolicy orders = RetryPolicy.builder().maxRetries(9).build();
        SyncRequest request = SyncRequest.builder("s").source(dev.syncwright.testkit.InMemorySource.builder().entities(1, 1).build())
                .destination(new dev.syncwright.testkit.InMemoryDestination()).retryPolicy(sync).retryPolicy("orders", orders).build();
        assertThat(request.retryPolicy("orders")).contains(orders);
        assertThat(request.retryPolicy("customers")).contains(sync);
    }
}
