package dev.syncwright.connectors.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2024-03-10T12:00:00Z");

    @Test
    void delaySecondsAreReadAsTheyAreUpToTheBound() {
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("007", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("\t120 ", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("31535999", NOW)).isEqualTo(RetryAfter.LONGEST.minusSeconds(1));
        assertThat(RetryAfter.parse("31536001", NOW)).isEqualTo(RetryAfter.LONGEST);
        assertThat(RetryAfter.parse(Long.MAX_VALUE + "0", NOW)).isEqualTo(RetryAfter.LONGEST);
    }

    @Test
    void theThreeHttpDateFormsAreMeasuredFromNow() {
        assertThat(RetryAfter.parse("Sun, 10 Mar 2024 12:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sunday, 10-Mar-24 12:01:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Sun Mar 10 13:00:00 2024", NOW)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryAfter.parse("Sun Mar  3 12:00:00 2024", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aTwoDigitYearThatWouldLieFarAheadIsReadAsInThePast() {
        // RFC 9110: more than 50 years ahead means the latest past year with those digits, here 1994
        assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Wednesday, 10-Mar-38 12:00:00 GMT", NOW)).isEqualTo(RetryAfter.LONGEST);
    }

    @Test
    void datesAtTheEdgesOfTheCalendarNeitherThrowNorOverflow() {
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).isEqualTo(RetryAfter.LONGEST);
        assertThat(RetryAfter.parse("Mon, 1 Jan 0001 00:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Sun, 10 Mar 2024 12:00:00 GMT", Instant.MAX)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", Instant.MIN)).isEqualTo(RetryAfter.LONGEST);
    }

    @Test
    void anythingElseIsNoRetryAfter() {
        for (String bad : List.of("", "   ", "-1", "+1", "1.0", "1e3", "1 2", "٣", "１２", "later",
                "Sun, 10 Mar 2024 12:00:30", "Mon, 10 Mar 2024 12:00:30 GMT", "Sun, 31 Feb 2024 12:00:30 GMT",
                "Sun, 10 Mar 10000 12:00:30 GMT", "Sun, 10 Mar 2024 24:00:00 GMT")) {
            assertThat(RetryAfter.parse(bad, NOW)).as("'%s'", bad).isNull();
        }
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }
}
