package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.spi.FieldType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTextTest {

    private static String row(Object... values) {
        CopyText text = new CopyText(0);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.tab();
            }
            text.value(values[i]);
        }
        text.endRow();
        return new String(Arrays.copyOf(text.bytes(), text.size()), StandardCharsets.UTF_8);
    }

    private static String verbatim(String s, FieldType type, boolean withOffset) {
        CopyText text = new CopyText(0);
        return text.verbatim(s, type, withOffset) ? new String(Arrays.copyOf(text.bytes(), text.size()), StandardCharsets.UTF_8)
                : null;
    }

    @Test
    void valuesAreWrittenInCopysTextFormatWithItsEscapesAndNullMarker() {
        assertThat(row("a\tb\nc\rd\\e", null, 42L, new BigDecimal("1E+3"), true, new byte[] {0, (byte) 0xab},
                "é🎉\\", LocalDateTime.of(2024, 1, 2, 3, 4, 5)))
                .isEqualTo("a\\tb\\nc\\rd\\\\e\t\\N\t42\t1000\tt\t\\\\x00ab\té🎉\\\\\t2024-01-02T03:04:05\n");
    }

    @Test
    void textAlreadyWrittenTheWayPostgresqlReadsItIsSentAsItIs() {
        assertThat(verbatim("-123456789012345678", FieldType.INTEGER, false)).isEqualTo("-123456789012345678");
        assertThat(verbatim("-12.50", FieldType.DECIMAL, false)).isEqualTo("-12.50");
        assertThat(verbatim("2024-02-29", FieldType.DATE, false)).isEqualTo("2024-02-29");
        assertThat(verbatim("2024-02-29 23:59:59.123456", FieldType.TIMESTAMP, false)).isEqualTo("2024-02-29 23:59:59.123456");
        assertThat(verbatim("2024-02-29T23:59", FieldType.TIMESTAMP, false)).isEqualTo("2024-02-29T23:59");
        assertThat(verbatim("tab\there", FieldType.STRING, false)).isEqualTo("tab\\there");
    }

    @Test
    void textThatMustBeParsedFirstIsLeftToTheConversion() {
        assertThat(verbatim("1234567890123456789", FieldType.INTEGER, false)).as("19 digits may overflow").isNull();
        assertThat(verbatim(" 12", FieldType.INTEGER, false)).as("blanks are trimmed by the conversion").isNull();
        assertThat(verbatim("1e3", FieldType.DECIMAL, false)).isNull();
        assertThat(verbatim("12.", FieldType.DECIMAL, false)).isNull();
        assertThat(verbatim("2023-02-29", FieldType.DATE, false)).as("not a date").isNull();
        assertThat(verbatim("2024-01-01T24:00", FieldType.TIMESTAMP, false)).isNull();
        assertThat(verbatim("2024-01-01T10:00:00+02:00", FieldType.TIMESTAMP, false)).as("an offset is converted to UTC").isNull();
        assertThat(verbatim("2024-01-01T10:00:00", FieldType.TIMESTAMP, true)).as("timestamptz gets UTC").isNull();
        assertThat(verbatim("yes", FieldType.BOOLEAN, false)).isNull();
        assertThat(verbatim("abc", FieldType.BINARY, false)).isNull();
    }
}
