package dev.syncwright.store.jdbc.internal;

import dev.syncwright.core.journal.JournalWrite;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Upserts the entries of a journal write in the caller's transaction: the first write of an id adds the entry,
 * a later one sets its status, attempts, message, delivery id, updated time, latest run, passed and open flags,
 * and its endpoint id when given. Thread-safe (no state beyond its SQL).
 */
interface EntryWriter {

    /** Writes one batch of the entries of {@code write} (not its checkpoint). */
    void write(Connection c, JournalWrite write, EntryBatch batch) throws SQLException;
}
