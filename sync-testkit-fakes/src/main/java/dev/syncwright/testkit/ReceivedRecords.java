package dev.syncwright.testkit;

import dev.syncwright.spi.SyncRecord;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What a fake destination holds, keyed by entity and record key (last write wins), and how often each key was written. */
final class ReceivedRecords {
    private final Map<String, Map<String, SyncRecord>> byEntity = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private final AtomicLong totalWrites = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    void batch() {
        batches.incrementAndGet();
    }

    /** Counts one write of the record and returns how many times its key has been written, this one included. */
    int countWrite(String entity, String key) {
        totalWrites.incrementAndGet();
        return writes.computeIfAbsent(entity + '\u0000' + key, k -> new AtomicInteger()).incrementAndGet();
    }

    void store(String entity, SyncRecord record) {
        Map<String, SyncRecord> records = byEntity.computeIfAbsent(entity, e -> new LinkedHashMap<>());
        synchronized (records) {
            records.put(record.key(), record);
        }
    }

    void clear(String entity) {
        Map<String, SyncRecord> records = byEntity.get(entity);
        if (records != null) {
            synchronized (records) {
                records.clear();
            }
        }
    }

    Map<String, SyncRecord> received(String entity) {
        Map<String, SyncRecord> records = byEntity.get(entity);
        if (records == null) {
            return Map.of();
        }
        synchronized (records) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(records));
        }
    }

    long receivedCount() {
        long n = 0;
        for (Map<String, SyncRecord> records : byEntity.values()) {
            synchronized (records) {
                n += records.size();
            }
        }
        return n;
    }

    int writeCount(String entity, String key) {
        AtomicInteger n = writes.get(entity + '\u0000' + key);
        return n == null ? 0 : n.get();
    }

    long totalWrites() {
        return totalWrites.get();
    }

    long batchCount() {
        return batches.get();
    }
}
