package dev.syncwright.reporting.internal;

import dev.syncwright.core.OutstandingDelivery;
import dev.syncwright.core.journal.JournalEntry;
import dev.syncwright.core.journal.StoredEntry;
import dev.syncwright.spi.DeliveryStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows of a {@link ColumnStore} are open journal entries (a delivery not final yet), per sync, for the next
 * run to finish: a bit per row and sync, the delivery id of open SENT rows, and the few open entries a purge took
 * out of the report but the journal must still hand over. Costs nothing for final entries. Not thread-safe:
 * guarded by the owning store's lock.
 */
final class OpenEntries {
    /** An open entry whose row was purged from the report. */
    private record Purged(int sync, int entity, String key, String reference, String deliveryId, int attempts,
                          Instant since, boolean passed, DeliveryStatus status, String runId) {
    }

    private final Map<Integer, BitSet> bySync = new HashMap<>();
    private final BitSet passed = new BitSet();
    private final Map<Integer, String> deliveryIds = new HashMap<>();
    private final Map<Long, Purged> purged = new LinkedHashMap<>();

    /** Records a live row's latest state, written for a row of {@code sync}. */
    void update(int row, int sync, JournalEntry e) {
        if (e.status().isFinal()) {
            close(row, sync);
            return;
        }
        bySync.computeIfAbsent(sync, k -> new BitSet()).set(row);
        passed.set(row, e.passed());
        if (e.deliveryId() != null) {
            deliveryIds.put(row, e.deliveryId());
        } else {
            deliveryIds.remove(row);
        }
    }

    private void close(int row, int sync) {
        BitSet rows = bySync.get(sync);
        if (rows != null && rows.get(row)) {
            rows.clear(row);
            passed.clear(row);
            deliveryIds.remove(row);
        }
    }

    /** @return true when the row of {@code sync} is open */
    boolean isOpen(int row, int sync) {
        BitSet rows = bySync.get(sync);
        return rows != null && rows.get(row);
    }

    /** A purge removes an open row from the report: it is kept here until a final write closes it. */
    void purge(int row, int sync, int entity, String key, String reference, int attempts, Instant since,
               DeliveryStatus status, String runId) {
        purged.put(row + 1L, new Purged(sync, entity, key, reference, deliveryIds.get(row), attempts, since,
                passed.get(row), status, runId));
        close(row, sync);
    }

    /** A write of an entry whose row was purged: it closes or updates the kept open entry. */
    void updatePurged(long id, JournalEntry e) {
        Purged p = purged.get(id);
        if (p == null) {
            return;
        }
        if (e.status().isFinal()) {
            purged.remove(id);
        } else {
            purged.put(id, new Purged(p.sync(), p.entity(), p.key(), p.reference(), e.deliveryId(), e.attempts(),
                    e.time(), e.passed(), e.status(), p.runId()));
        }
    }

    /** @return the purged open entry of this id as the journal returns it, or null */
    StoredEntry purgedEntry(long id, Dictionary dict) {
        Purged p = purged.get(id);
        return p == null ? null : new StoredEntry(id, dict.value(p.sync()), p.runId(), dict.value(p.entity()), p.key(),
                p.reference(), p.status(), p.attempts());
    }

    /** One open entry, with its entity's dictionary code. */
    record Open(int entity, OutstandingDelivery delivery) {
    }

    /** @return the open entries of a sync, in id order; rows are read through {@code store} */
    List<Open> of(int sync, ColumnStore store) {
        List<Open> out = new ArrayList<>();
        BitSet rows = bySync.get(sync);
        if (rows != null) {
            for (int row = rows.nextSetBit(0); row >= 0; row = rows.nextSetBit(row + 1)) {
                out.add(new Open(store.entityCode(row), store.outstanding(row, deliveryIds.get(row), passed.get(row))));
            }
        }
        purged.forEach((id, p) -> {
            if (p.sync() == sync) {
                out.add(new Open(p.entity(), new OutstandingDelivery(id, p.key(), p.reference(), p.deliveryId(),
                        p.attempts(), p.since(), p.passed())));
            }
        });
        out.sort((a, b) -> Long.compare(a.delivery().entryId(), b.delivery().entryId()));
        return out;
    }

    /** The sync starts over: its open entries stop being open. */
    void reset(int sync) {
        BitSet rows = bySync.remove(sync);
        if (rows != null) {
            for (int row = rows.nextSetBit(0); row >= 0; row = rows.nextSetBit(row + 1)) {
                passed.clear(row);
                deliveryIds.remove(row);
            }
        }
        purged.values().removeIf(p -> p.sync() == sync);
    }
}
