package dev.syncwright.examples;

import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The README's "Write a connector": a source and a destination against the SPI, compiled here so that the snippet
 * always builds (a test checks the README still shows this code). Run it to sync three people from a list into a
 * map.
 */
public final class CustomConnectorExample {
    private CustomConnectorExample() {
    }

    // README snippet: start
    /** Reads the entity "people" from a list; the checkpoint is the index of the next row. */
    record PeopleSource(List<Map<String, Object>> rows) implements SourceConnector {
        private static final EntityDescriptor PEOPLE = EntityDescriptor.of("people", "id",
                List.of(FieldDescriptor.string("id"), FieldDescriptor.string("name")));

        public List<EntityDescriptor> entities() {
            return List.of(PEOPLE);
        }

        public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
            int start = from.isStart() ? 0 : Integer.parseInt(from.value());
            int end = Math.min(rows.size(), start + maxRecords);
            return new Page(rows.subList(start, end).stream().map(PeopleSource::toRecord).toList(),
                    Checkpoint.of(String.valueOf(end)), end < rows.size());
        }

        public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) { // for resync
            return rows.stream().filter(row -> keys.contains(row.get("id"))).map(PeopleSource::toRecord).toList();
        }

        private static SyncRecord toRecord(Map<String, Object> row) {
            return SyncRecord.of("people", (String) row.get("id"), row);
        }
    }

    /** Keeps records by key, so a record sent twice is stored once; answers OK for each. */
    record MapDestination(Map<String, Map<String, Object>> stored) implements DestinationConnector {
        public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
            batch.forEach(r -> stored.put(r.key(), r.fields()));
            return batch.stream().map(r -> DeliveryOutcome.ok(r.key())).toList();
        }
    }
    // README snippet: end

    /**
     * Syncs three people into a map and prints them.
     *
     * @param args none
     * @throws InterruptedException if interrupted while waiting for the run
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, Map<String, Object>> stored = new ConcurrentHashMap<>();
        SyncResult result = sync(stored);
        System.out.printf("%s: %d people stored: %s%n", result.status(), stored.size(), stored.keySet());
    }

    static SyncResult sync(Map<String, Map<String, Object>> stored) throws InterruptedException {
        List<Map<String, Object>> rows = List.of(Map.of("id", "p1", "name", "Ada"), Map.of("id", "p2", "name", "Grace"),
                Map.of("id", "p3", "name", "Linus"));
        try (SyncEngine engine = SyncEngine.builder().batchSize(2).build()) {
            return engine.start(SyncRequest.builder("people-to-map").source(new PeopleSource(rows))
                    .destination(new MapDestination(stored)).build()).await();
        }
    }
}
