package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The entries of one journal write as columns, copied out of the engine's views while the write runs. Ids are
 * unique within a batch: a write that names an id twice (the later state wins, the first write of a new id
 * creates it) is cut into batches applied in order. Not thread-safe.
 */
final class EntryBatch {
    final int size;
    final long[] ids;
    final Instant[] times;
    final int[] attempts;
    final short[] statuses;
    final boolean[] passed;
    final boolean[] open;
    final String[] references;
    final String[] referencesLc;
    final String[] sourceIds;
    final String[] endpointIds;
    final String[] messages;
    final String[] messagesLc;
    final String[] deliveryIds;

    private EntryBatch(int size) {
        this.size = size;
        ids = new long[size];
        times = new Instant[size];
        attempts = new int[size];
        statuses = new short[size];
        passed = new boolean[size];
        open = new boolean[size];
        references = new String[size];
        referencesLc = new String[size];
        sourceIds = new String[size];
        endpointIds = new String[size];
        messages = new String[size];
        messagesLc = new String[size];
        deliveryIds = new String[size];
    }

    /** @return the entries as batches of unique ids, in order; empty for no entries */
    static List<EntryBatch> of(List<? extends JournalEntry> entries) {
        List<EntryBatch> out = new ArrayList<>(1);
        int from = 0;
        while (from < entries.size()) {
            int end = from;
            Set<Long> seen = entries.size() - from > 1 ? new HashSet<>() : null;
            while (end < entries.size() && (seen == null || seen.add(entries.get(end).id()))) {
                end++;
            }
            out.add(copy(entries.subList(from, end)));
            from = end;
        }
        return out;
    }

    private static EntryBatch copy(List<? extends JournalEntry> entries) {
        EntryBatch b = new EntryBatch(entries.size());
        for (int i = 0; i < b.size; i++) {
            JournalEntry e = entries.get(i);
            long id = e.id();
            if (id < 1) {
                throw new IllegalArgumentException("entry id must be positive, was " + id);
            }
            DeliveryStatus status = Objects.requireNonNull(e.status(), "status of entry " + id);
            b.ids[i] = id;
            b.times[i] = Objects.requireNonNull(e.time(), "time of entry " + id);
            b.attempts[i] = e.attempts();
            b.statuses[i] = (short) status.ordinal();
            b.passed[i] = e.passed();
            b.open[i] = !status.isFinal();
            b.references[i] = e.reference();
            b.referencesLc[i] = lower(b.references[i]);
            b.sourceIds[i] = e.sourceId();
            b.endpointIds[i] = e.endpointId();
            b.messages[i] = e.message();
            b.messagesLc[i] = lower(b.messages[i]);
            b.deliveryIds[i] = e.deliveryId();
        }
        return b;
    }

    /** @return the system in lower case, or null when it is in lower case already (the column then is the system) */
    static String systemLc(String system) {
        String lower = lower(system);
        return lower.equals(system) ? null : lower;
    }

    /** @return the text in lower case as every store compares it ignoring case; null stays null */
    static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
