package dev.syncwright.reporting.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoTimesTest {

    @Test
    void writesEveryInstantExactlyAsInstantToStringDoes() {
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.parse("2026-11-20T12:00:00Z"),
                Instant.parse("2026-11-20T12:00:00.100Z"), Instant.parse("2026-11-20T12:00:00.000100Z"),
                Instant.parse("2026-11-20T12:00:00.000000100Z"), Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.5Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX));
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong() % 100_000_000_000L; // about ±3,000 years around 1970
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        IsoTimes times = new IsoTimes();

        for (Instant t : instants) {
            assertThat(times.format(t)).as("epoch second %d nano %d", t.getEpochSecond(), t.getNano()).isEqualTo(t.toString());
        }
        assertThat(times.format(null)).isNull();
    }
}
