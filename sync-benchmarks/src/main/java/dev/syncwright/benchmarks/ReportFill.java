package dev.syncwright.benchmarks;

import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fills a report store through its journal the way a long-running host's engine does: entries of 10 entities
 * in batches of 1 000 per write, 16-character references and keys, 90% OK, 3% SENT, 2% PENDING, 5% FAILED.
 */
public final class ReportFill {
    public static final int ENTITIES = 10;
    public static final String SYSTEM = "crm → warehouse";
    private static final int BATCH = 1_000;

    private ReportFill() {
    }

    /**
     * Adds {@code count} entries created from {@code first} on, {@code step} nanoseconds apart, by {@code runs}
     * runs one after the other.
     */
    public static void fill(ReportStore store, int count, int runs, Instant first, long step) {
        for (int from = 0; from < count; ) {
            int run = (int) ((long) from * runs / count);
            int end = from;
            while (end < count && end - from < BATCH && (int) ((long) end * runs / count) == run) {
                end++; // one write holds entries of one run
            }
            long id = store.reserveEntryIds(end - from);
            List<List<JournalEntry>> byEntity = new ArrayList<>();
            for (int e = 0; e < ENTITIES; e++) {
                byEntity.add(new ArrayList<>());
            }
            for (int i = from; i < end; i++) {
                byEntity.get(i % ENTITIES).add(entry(id + (i - from), i, first.plusNanos(step * i)));
            }
            for (int e = 0; e < ENTITIES; e++) {
                if (!byEntity.get(e).isEmpty()) {
                    store.write(new JournalWrite("bench", "run-" + run, SYSTEM, "entity-" + e, byEntity.get(e), null));
                }
            }
            from = end;
        }
    }

    /** @return the entry of the {@code i}-th record, with the status mix above */
    public static JournalEntry entry(long id, int i, Instant time) {
        DeliveryStatus status = status(i);
        String message = switch (status) {
            case FAILED -> "rejected: field validation failed";
            case PENDING -> "run cancelled while waiting to retry: throttled";
            default -> null;
        };
        return JournalEntry.of(id, key(i), reference(i), null, status, i % 7 == 0 ? 2 : 1, message,
                status == DeliveryStatus.SENT ? "d-" + i : null, time, false);
    }

    private static DeliveryStatus status(int i) {
        int p = i % 100;
        return p < 90 ? DeliveryStatus.OK : p < 93 ? DeliveryStatus.SENT : p < 95 ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "KEY-%012d", i);
    }

    private static String reference(int i) {
        return String.format(Locale.ROOT, "REF-%012d", i);
    }
}
