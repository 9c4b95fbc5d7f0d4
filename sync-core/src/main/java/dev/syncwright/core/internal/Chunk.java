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
    /** True until the first attempt of a chunk read from the source: then every record awaits its write. */
    boolean fresh;

    private Chunk(List<RecordState> records, boolean fresh) {
        this.records = records;
        this.fresh = fresh;
    }

    /** @return a chunk of records just read, none of them attempted yet */
    static Chunk fresh(List<RecordState> records) {
        return new Chunk(records, true);
    }

    /**
     * @return a chunk of records to send again (a delivery rejected or timed out). Such a record may also
     *         sit in its page's chunk; each attempt sends only the records still awaiting a write, so it is
     *         written once, by whichever chunk comes first.
     */
    static Chunk resend(List<RecordState> records) {
        return new Chunk(records, false);
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
