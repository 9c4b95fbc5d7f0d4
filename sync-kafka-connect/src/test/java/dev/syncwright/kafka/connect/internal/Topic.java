package dev.syncwright.kafka.connect.internal;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.storage.StringConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A topic in memory: source records go in through the converters a cluster would use (string keys, JSON values
 * with schemas, text headers) and come out as the sink records a sink task would read, with offsets.
 */
final class Topic {
    private final String name;
    private final List<List<SinkRecord>> partitions = new ArrayList<>();
    private final StringConverter keys = new StringConverter();
    private final JsonConverter values = new JsonConverter();
    private final StringConverter headers = new StringConverter();

    Topic(String name, int partitions) {
        this.name = name;
        for (int i = 0; i < partitions; i++) {
            this.partitions.add(new ArrayList<>());
        }
        keys.configure(Map.of(), true);
        values.configure(Map.of("schemas.enable", "true"), false);
        headers.configure(Map.of("converter.type", "header"));
    }

    /** Appends records as a producer would, each converted to bytes and back. */
    void append(List<SourceRecord> records) {
        if (records == null) {
            return;
        }
        for (SourceRecord r : records) {
            List<SinkRecord> p = partitions.get(r.kafkaPartition());
            SchemaAndValue key = keys.toConnectData(name, keys.fromConnectData(name, r.keySchema(), r.key()));
            SchemaAndValue value = values.toConnectData(name, values.fromConnectData(name, r.valueSchema(), r.value()));
            ConnectHeaders hs = new ConnectHeaders();
            for (Header h : r.headers()) {
                byte[] bytes = headers.fromConnectHeader(name, h.key(), h.schema(), h.value());
                SchemaAndValue back = headers.toConnectHeader(name, h.key(), bytes);
                hs.add(h.key(), back);
            }
            p.add(new SinkRecord(name, r.kafkaPartition(), key.schema(), key.value(), value.schema(), value.value(),
                    p.size(), null, TimestampType.NO_TIMESTAMP_TYPE, hs));
        }
    }

    /** @return the records of a partition from an offset on */
    List<SinkRecord> from(int partition, long offset) {
        List<SinkRecord> p = partitions.get(partition);
        return List.copyOf(p.subList((int) Math.min(offset, p.size()), p.size()));
    }

    /** @return every record of every partition, partition by partition */
    List<SinkRecord> all() {
        List<SinkRecord> out = new ArrayList<>();
        partitions.forEach(out::addAll);
        return out;
    }

    String name() {
        return name;
    }
}
