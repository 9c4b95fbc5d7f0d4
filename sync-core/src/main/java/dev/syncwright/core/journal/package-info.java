/**
 * The run journal: the one owner of delivery state. {@link dev.syncwright.core.journal.RunJournal} commits
 * each record's delivery with the checkpoint that passes it; the sync report is its query side.
 */
package dev.syncwright.core.journal;
