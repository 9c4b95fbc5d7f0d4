package dev.syncwright.connectors.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {
    private static final String BREAKS = "a\rb\nc\r\nd\u0085e\u2028f\u2029g";

    @Test
    void oneLineBreaksEveryLineSeparatorALogViewerHonours() {
        assertThat(Texts.oneLine(BREAKS)).isEqualTo("a b c  d e f g");
        assertThat(Texts.oneLine("plain → text")).isEqualTo("plain → text");
        assertThat(Texts.oneLine(null)).isEmpty();
    }

    @Test
    void shortenAndDescribeAreOneLineToo() {
        assertThat(Texts.shorten(BREAKS, 5)).isEqualTo("a b c…");
        assertThat(Texts.shorten(" x\u2028", 10)).isEqualTo("x");
        assertThat(Texts.describe(new IllegalStateException("bad\u2028forged line"))).isEqualTo("bad forged line");
        assertThat(Texts.describe(new IllegalStateException(" "))).isEqualTo("IllegalStateException");
    }

    @Test
    void redactUrlDropsCredentialsAndLineBreaks() {
        assertThat(Texts.redactUrl("https://user:pw@host/path\u2028x?token=1")).isEqualTo("https://host/path x");
        assertThat(Texts.redactUrl("jdbc:h2:mem:x;PASSWORD=pw")).isEqualTo("jdbc:h2:mem:x");
        assertThat(Texts.redactUrl("jdbc:postgresql://u:p@db:5432/crm#frag")).isEqualTo("jdbc:postgresql://db:5432/crm");
        assertThat(Texts.redactUrl(null)).isEmpty();
    }
}
