package dev.syncwright.kafka.connect;

import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;
import dev.syncwright.spi.SyncRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A source whose records are computed from their position, so every JVM reads the same ones without holding them:
 * entity {@code e}, record {@code i} has key {@code e-00000i}, reference {@code E-00000i} and fields {@code id},
 * {@code field1..n} = {@code value-i-f}, as the testkit's {@code InMemorySource}. The checkpoint is the next position.
 * A page may take a set time to read, as a remote source's would. Thread-safe.
 */
public final class GeneratedSource implements SourceConnector {
    private final Map<String, Integer> counts;
    private final int fields;
    private final Duration pageDelay;

    /**
     * @param counts    record count per entity, in order
     * @param fields    fields besides the id
     * @param pageDelay how long each page takes to read
     */
    public GeneratedSource(Map<String, Integer> counts, int fields, Duration pageDelay) {
        this.counts = new LinkedHashMap<>(counts);
        this.fields = fields;
        this.pageDelay = pageDelay;
    }

    @Override
    public String systemName() {
        return "generated";
    }

    @Override
    public List<EntityDescriptor> entities() {
        List<FieldDescriptor> described = new ArrayList<>();
        described.add(FieldDescriptor.string("id"));
        for (int f = 1; f <= fields; f++) {
            described.add(FieldDescriptor.string("field" + f));
        }
        List<EntityDescriptor> out = new ArrayList<>();
        counts.forEach((name, n) -> out.add(EntityDescriptor.of(name, "id", described).withEstimatedCount(n)));
        return out;
    }

    @Override
    public Page read(EntityDescriptor entity, Checkpoint from, int maxRecords) {
        Integer count = counts.get(entity.name());
        if (count == null) {
            throw ConnectorException.permanent("unknown entity '" + entity.name() + "'", null);
        }
        if (!pageDelay.isZero()) {
            try {
                Thread.sleep(pageDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ConnectorException.transientFailure("interrupted", e);
            }
        }
        int start = from.isStart() ? 0 : Integer.parseInt(from.value());
        int end = Math.min(count, start + maxRecords);
        List<SyncRecord> records = new ArrayList<>(Math.max(0, end - start));
        for (int i = start; i < end; i++) {
            records.add(record(entity.name(), i));
        }
        return new Page(records, Checkpoint.of(Integer.toString(Math.max(start, end))), end < count);
    }

    @Override
    public List<SyncRecord> readByKeys(EntityDescriptor entity, Collection<String> keys) {
        List<SyncRecord> out = new ArrayList<>();
        int count = counts.getOrDefault(entity.name(), 0);
        for (String key : keys) {
            int dash = key.lastIndexOf('-');
            if (key.startsWith(entity.name() + "-") && dash == entity.name().length()) {
                int i = Integer.parseInt(key.substring(dash + 1));
                if (i < count) {
                    out.add(record(entity.name(), i));
                }
            }
        }
        return out;
    }

    private SyncRecord record(String entity, int i) {
        String seq = Integer.toString(i);
        String key = entity + "-" + "000000".substring(Math.min(6, seq.length())) + seq;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", key);
        for (int f = 1; f <= fields; f++) {
            values.put("field" + f, "value-" + i + "-" + f);
        }
        return new SyncRecord(entity, key, key.toUpperCase(Locale.ROOT), values, null);
    }
}
