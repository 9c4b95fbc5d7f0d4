package dev.syncwright.reporting;

import dev.syncwright.core.journal.SyncLogEvent;
import dev.syncwright.core.journal.SyncLogKind;
import dev.syncwright.core.journal.SyncLogLevel;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A sync log event's texts come from sources, destinations and callers: none may start a new log line. */
class SyncLogEventTest {
    private static final String BREAKS = "a\rb\nc\u0085d\u2028e\u2029f";

    @Test
    void unicodeLineBreaksInAnyTextCannotForgeALogLine() {
        SyncLogEvent event = new SyncLogEvent(Instant.EPOCH, SyncLogLevel.ERROR, "run" + BREAKS, "crm" + BREAKS,
                "orders" + BREAKS, SyncLogKind.ENTITY_FAILED, "failed" + BREAKS, "Boom" + BREAKS);

        assertThat(event.runId()).isEqualTo("runa b c d e f");
        assertThat(event.system()).isEqualTo("crma b c d e f");
        assertThat(event.entity()).isEqualTo("ordersa b c d e f");
        assertThat(event.message()).isEqualTo("faileda b c d e f");
        assertThat(event.errorClass()).isEqualTo("Booma b c d e f");
    }

    @Test
    void nullableTextsStayNull() {
        SyncLogEvent event = new SyncLogEvent(Instant.EPOCH, SyncLogLevel.WARN, "run-1", "crm", null,
                SyncLogKind.ENTITY_FAILED, "m", null);

        assertThat(event.entity()).isNull();
        assertThat(event.errorClass()).isNull();
    }
}
