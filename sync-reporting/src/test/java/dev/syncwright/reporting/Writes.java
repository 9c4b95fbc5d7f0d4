package dev.syncwright.reporting;

import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.JournalWrite;
import dev.syncwright.core.journal.RunJournal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Adds test data to a report through its journal side, as the engine does, and reads it back. */
public final class Writes {
    /** The sync name of the entries tests add. */
    public static final String SYNC = "test";

    private Writes() {
    }

    /**
     * Reserves one entry id per entry, in list order, and writes the entries: one journal write per
     * (run, system, entity), as a run commits a page of one entity.
     *
     * @return the new entries' sync ids, in list order
     */
    public static List<Long> add(RunJournal journal, List<TestEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        long first = journal.reserveEntryIds(entries.size());
        List<Long> ids = new ArrayList<>(entries.size());
        Map<List<String>, List<JournalEntry>> byWrite = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            TestEntry e = entries.get(i);
            ids.add(first + i);
            byWrite.computeIfAbsent(List.of(e.run(), e.system(), e.entity()), k -> new ArrayList<>())
                    .add(journalEntry(first + i, e));
        }
        byWrite.forEach((k, group) -> journal.write(new JournalWrite(SYNC, k.get(0), k.get(1), k.get(2), group, null)));
        return List.copyOf(ids);
    }

    /** @see #add(RunJournal, List) */
    public static long add(RunJournal journal, TestEntry entry) {
        return add(journal, List.of(entry)).get(0);
    }

    /**
     * Writes a later state of an existing entry, as a run that takes it over does (a confirmation, a retry, a
     * resync): {@code entry.run()} is the writing run.
     */
    public static void update(RunJournal journal, long syncId, TestEntry entry) {
        journal.write(new JournalWrite(SYNC, entry.run(), entry.system(), entry.entity(),
                List.of(journalEntry(syncId, entry)), null));
    }

    private static JournalEntry journalEntry(long id, TestEntry e) {
        return JournalEntry.of(id, e.key(), e.reference(), e.endpointId(), e.status(), e.attempts(), e.message(), null,
                e.time(), false);
    }

    /** @return every entry the filter matches in that order, reading the stream in try-with-resources as callers must */
    public static List<ReportEntry> all(ReportStore store, ReportFilter filter, ReportSort sort) {
        try (Stream<ReportEntry> entries = store.stream(filter, sort)) {
            return entries.toList();
        }
    }
}
