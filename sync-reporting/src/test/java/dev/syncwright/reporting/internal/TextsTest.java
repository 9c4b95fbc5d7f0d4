package dev.syncwright.reporting.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {

    @Test
    void asciiContainsIgnoringCaseAgreesWithStringContainsAtEveryOffsetAndLength() {
        Random random = new Random(11);
        String alphabet = "aAbB0079-_zZé→ ";
        for (int round = 0; round < 20_000; round++) {
            String hay = randomText(random, alphabet, random.nextInt(40));
            String needle = randomText(random, "aAbB0079-zZ", 1 + random.nextInt(4)).toLowerCase(Locale.ROOT);
            String prefix = randomText(random, alphabet, random.nextInt(9));
            String suffix = randomText(random, alphabet, random.nextInt(9));
            byte[] bytes = (prefix + hay + suffix).getBytes(StandardCharsets.UTF_8);
            int from = prefix.getBytes(StandardCharsets.UTF_8).length;
            int len = hay.getBytes(StandardCharsets.UTF_8).length;

            boolean expected = hay.toLowerCase(Locale.ROOT).contains(needle);

            assertThat(Texts.containsAsciiIgnoreCase(bytes, from, len, needle.getBytes(StandardCharsets.US_ASCII)))
                    .as("'%s' in '%s' (between '%s' and '%s')", needle, hay, prefix, suffix).isEqualTo(expected);
        }
    }

    @Test
    void aMatchThatWouldOnlyFitByRunningPastTheRangeIsNotAMatch() {
        byte[] bytes = "xxab|cd".getBytes(StandardCharsets.US_ASCII);

        assertThat(Texts.containsAsciiIgnoreCase(bytes, 0, 3, "ab".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(Texts.containsAsciiIgnoreCase(bytes, 0, 4, "AB".toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void oneLineBreaksEveryLineSeparatorALogViewerHonours() {
        assertThat(Texts.oneLine("a\rb\nc\r\nd\u0085e\u2028f\u2029g")).isEqualTo("a b c  d e f g");
        assertThat(Texts.oneLine("plain → text")).isEqualTo("plain → text");
        assertThat(Texts.oneLine(null)).isNull();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
