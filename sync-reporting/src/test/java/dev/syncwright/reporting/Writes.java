package dev.syncwright.reporting;

import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Shorthands for test data. */
public final class Writes {
    private Writes() {
    }

    static EntryWrite write(String run, String system, String entity, String key, String reference,
                            DeliveryStatus status, int attempts, String message, Instant time) {
        return new EntryWrite(run, system, entity, key, reference, key == null ? null : "dest-" + key, status,
                attempts, message, time);
    }

    static EntryWrite ok(String run, String entity, String key, Instant time) {
        return write(run, "crm → erp", entity, key, key.toUpperCase(), DeliveryStatus.OK, 1, null, time);
    }

    /** @return every entry the query matches, reading the stream in try-with-resources as callers must */
    public static List<ReportEntry> all(ReportStore store, ReportQuery query) {
        try (Stream<ReportEntry> entries = store.stream(query)) {
            return entries.toList();
        }
    }
}
