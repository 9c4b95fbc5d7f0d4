package dev.syncwright.core.connection;

import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.testkit.InMemoryDestination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.syncwright.core.connection.ConnectionFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The status follows the check that started last, whatever order racing checks finish in. */
class CheckResultsOutOfOrderTest {
    private final ExecutorService threads = ConnectionFixture.daemonThreads();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void anOlderFailingCheckThatFinishesLastDoesNotOverrideANewerPassingOne() throws Exception {
        CountDownLatch olderProbing = new CountDownLatch(1);
        CountDownLatch olderMayAnswer = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        // the first check (on connect) passes, the second fails once released, every later one passes
        InMemoryDestination companion = new InMemoryDestination("companion") {
            @Override
            public ConnectionCheck check() {
                if (checks.incrementAndGet() != 2) {
                    return ConnectionCheck.ok();
                }
                olderProbing.countDown();
                ConnectionFixture.awaitLatch(olderMayAnswer, "the release of the older check");
                return ConnectionCheck.unreachable("timed out an hour ago");
            }
        };
        try (ConnectionFixture f = new ConnectionFixture()) {
            Connection c = f.connectTo(companion);

            // given an older check that is still waiting for the companion's answer
            CompletableFuture<ConnectionStatus> older = CompletableFuture.supplyAsync(() -> await(c.check()), threads);
            assertThat(olderProbing.await(ConnectionFixture.timeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            // when a newer check passes, and only then the older one fails
            assertThat(await(c.check())).isEqualTo(ConnectionStatus.INCOMPLETE);
            olderMayAnswer.countDown();
            ConnectionStatus afterOlder = await(older);

            // then the older result is dropped: the connection stays as the newer check left it
            assertThat(afterOlder).isEqualTo(ConnectionStatus.INCOMPLETE);
            assertThat(c.status()).isEqualTo(ConnectionStatus.INCOMPLETE);
            assertThat(f.listener.about("connection:")).containsExactly(
                    "connection: CONNECTING -> INCOMPLETE (both ends answered the first check)");
        }
    }
}
