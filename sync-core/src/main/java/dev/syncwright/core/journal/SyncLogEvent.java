package dev.syncwright.core.journal;

import dev.syncwright.core.internal.Texts;

import java.time.Instant;
import java.util.Objects;

/**
 * One warning or error of a run, as kept in the sync log. Texts are single-line: line breaks (CR, LF, NEL,
 * U+2028, U+2029) are replaced by spaces when the event is made, so a record value cannot forge log lines.
 * Immutable.
 *
 * @param time       when it happened, not null
 * @param level      WARN or ERROR, not null
 * @param runId      the run, not null
 * @param system     "source → destination", not null
 * @param entity     the entity, or null for a run-wide event
 * @param kind       what it is about, not null
 * @param message    what happened, not null
 * @param errorClass the failure's type when known (e.g. an exception class name), else null
 */
public record SyncLogEvent(Instant time, SyncLogLevel level, String runId, String system, String entity,
                           SyncLogKind kind, String message, String errorClass) {
    /**
     * Creates the value, checking its components.
     *
     * @param time when it happened, not null
     * @param level WARN or ERROR, not null
     * @param runId the run, not null
     * @param system "source → destination", not null
     * @param entity the entity, or null for a run-wide event
     * @param kind what it is about, not null
     * @param message what happened, not null
     * @param errorClass the failure's type when known (e.g. an exception class name), else null
     */
    public SyncLogEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        runId = Texts.oneLine(runId);
        system = Texts.oneLine(system);
        message = Texts.oneLine(message);
        entity = entity == null ? null : Texts.oneLine(entity);
        errorClass = errorClass == null ? null : Texts.oneLine(errorClass);
    }
}
