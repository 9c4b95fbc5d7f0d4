package dev.syncwright.connectors.http;

import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's {@code Retry-After} is untrusted input: a huge number, a negative one, garbage or an HTTP date
 * thousands of years away must neither throw nor hand the engine a wait it cannot add to a time.
 */
class RetryAfterOverflowTest {
    private static final Duration LONGEST = Duration.ofDays(365);
    private static final EntityDescriptor ORDERS = EntityDescriptor.of("orders", "id", List.of());
    private static final List<SyncRecord> ONE = List.of(SyncRecord.of("orders", "1", Map.of("id", "1")));
    private final TestServer server = new TestServer();
    private final HttpDestination destination = HttpDestination.builder().url(server.url("/b"))
            .requestTimeout(Duration.ofSeconds(5)).build();

    RetryAfterOverflowTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DeliveryOutcome throttledWith(String retryAfter) {
        server.answer(r -> new TestServer.Response(503, "busy", Map.of("Retry-After", retryAfter)));
        DeliveryOutcome outcome = destination.write(ORDERS, ONE).get(0);
        assertThat(outcome.status()).as("Retry-After: %s", retryAfter).isEqualTo(DeliveryStatus.PENDING);
        return outcome;
    }

    @Test
    void hugeRetryAfterSecondsAreClampedToAYear() {
        for (String huge : List.of("9223372036854775807", "9223372036854775808", "99999999999999999999999999",
                "31536001", "000000000000000000000031536001")) {
            assertThat(throttledWith(huge).retryAfter()).as("Retry-After: %s", huge).isEqualTo(LONGEST);
        }
    }

    @Test
    void aRetryAfterWithinTheBoundIsKeptAsGiven() {
        assertThat(throttledWith("31536000").retryAfter()).isEqualTo(LONGEST);
        assertThat(throttledWith(" 120 ").retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(throttledWith("0").retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void negativeOrGarbageRetryAfterIsIgnored() {
        for (String garbage : List.of("-1", "-9223372036854775808", "+5", "1.5", "1e9", "12abc", "soon", "0x10",
                "١٢", "Fri, 31 Dec 2024 25:61:61 GMT", "Mon, 32 Dec 2024 00:00:00 GMT")) {
            assertThat(throttledWith(garbage).retryAfter()).as("Retry-After: %s", garbage).isNull();
        }
    }

    @Test
    void anHttpDateFarInTheFutureIsClampedAndOneInThePastIsZero() {
        assertThat(throttledWith("Fri, 31 Dec 9999 23:59:59 GMT").retryAfter()).isEqualTo(LONGEST);
        assertThat(throttledWith("Thu, 01 Jan 1970 00:00:00 GMT").retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(throttledWith("Sun, 06 Nov 1994 08:49:37 GMT").retryAfter()).isEqualTo(Duration.ZERO);
    }

    @Test
    void anHttpDateIsMeasuredAgainstTheDestinationsClock() {
        HttpDestination clocked = HttpDestination.builder().url(server.url("/b"))
                .clock(Clock.fixed(Instant.parse("2024-03-10T12:00:00Z"), ZoneOffset.UTC)).build();
        server.answer(r -> new TestServer.Response(429, "", Map.of("Retry-After", "Sun, 10 Mar 2024 12:02:00 GMT")));

        assertThat(clocked.write(ORDERS, ONE).get(0).retryAfter()).isEqualTo(Duration.ofMinutes(2));
    }
}
