package dev.syncwright.testkit.contract;

import dev.syncwright.core.journal.RunJournal;

/** The core's default journal passes the journal contract. */
class InMemoryRunJournalTest extends RunJournalContract {
    @Override
    protected RunJournal newJournal() {
        return RunJournal.inMemory();
    }
}
