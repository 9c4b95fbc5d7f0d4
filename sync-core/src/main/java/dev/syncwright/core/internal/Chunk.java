package dev.syncwright.core.internal;

import java.util.ArrayList;
import java.util.List;

/** Records written together, retried together (only the ones still awaiting a write), settled together. */
final class Chunk {
    final List<RecordState> records;
    /** Retries done so far for this chunk's pending records (the backoff index). */
    int retries;
    /** Waits for a retry permit so far (grows the wait when every retry slot is taken). */
    int permitWaits;

    Chunk(List<RecordState> records) {
        this.records = records;
    }

    List<RecordState> awaitingWrite() {
        List<RecordState> out = new ArrayList<>();
        for (RecordState r : records) {
            if (r.awaitingWrite()) {
                out.add(r);
            }
        }
        return out;
    }

    boolean settled() {
        for (RecordState r : records) {
            if (r.awaitingWrite()) {
                return false;
            }
        }
        return true;
    }
}
