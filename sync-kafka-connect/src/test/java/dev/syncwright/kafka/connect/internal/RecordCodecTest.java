package dev.syncwright.kafka.connect.internal;

import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SyncRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {
    private static final EntityDescriptor ORDERS = EntityDescriptor.of("orders", "id", List.of(
            new FieldDescriptor("id", FieldType.STRING), new FieldDescriptor("qty", FieldType.INTEGER),
            new FieldDescriptor("price", FieldType.DECIMAL), new FieldDescriptor("paid", FieldType.BOOLEAN),
            new FieldDescriptor("day", FieldType.DATE), new FieldDescriptor("at", FieldType.TIMESTAMP),
            new FieldDescriptor("local", FieldType.TIMESTAMP), new FieldDescriptor("blob", FieldType.BINARY),
            new FieldDescriptor("doc", FieldType.JSON)));

    private final RecordCodec codec = new RecordCodec();
    private final JsonConverter json = new JsonConverter();

    RecordCodecTest() {
        json.configure(Map.of("schemas.enable", "true"), false);
    }

    /** Through the JSON converter with schemas, as the records travel between workers. */
    private SchemaAndValue travel(Struct value) {
        return json.toConnectData("t", json.fromConnectData("t", value.schema(), value));
    }

    @Test
    void everyFieldTypeArrivesAsTheValueTheSourceGave() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "o-1");
        fields.put("qty", 3L);
        fields.put("price", new BigDecimal("12.50"));
        fields.put("paid", true);
        fields.put("day", LocalDate.of(2026, 2, 28));
        fields.put("at", OffsetDateTime.of(2026, 2, 28, 13, 45, 1, 123_456_000, ZoneOffset.ofHours(2)));
        fields.put("local", LocalDateTime.of(2026, 2, 28, 13, 45, 1, 999_999_000));
        fields.put("blob", "bytes".getBytes(StandardCharsets.UTF_8));
        fields.put("doc", "{\"a\":[1,2]}");

        SchemaAndValue arrived = travel(codec.encode(ORDERS, new SyncRecord("orders", "o-1", "O-1", fields, null)));
        Map<String, Object> back = codec.decode(arrived.value());

        assertThat(back).containsOnlyKeys(fields.keySet());
        fields.forEach((k, v) -> {
            if (v instanceof byte[] b) {
                assertThat((byte[]) back.get(k)).isEqualTo(b);
            } else {
                assertThat(back.get(k)).as(k).isEqualTo(v);
            }
        });
        assertThat(codec.descriptor(arrived.schema())).isEqualTo(ORDERS);
    }

    @Test
    void nullsAndMissingFieldsArriveAsNull() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "o-2");
        fields.put("qty", null);

        Map<String, Object> back = codec.decode(travel(codec.encode(ORDERS, SyncRecord.of("orders", "o-2", fields))).value());

        assertThat(back).containsEntry("id", "o-2").containsEntry("qty", null).containsEntry("price", null);
    }

    @Test
    void valuesAreCoercedToTheDeclaredTypeTheWayTheJdbcConnectorsDo() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", 42);
        fields.put("qty", "7");
        fields.put("price", 1.25d);
        fields.put("paid", "yes");
        fields.put("at", Instant.parse("2026-01-01T00:00:00Z"));

        Map<String, Object> back = codec.decode(travel(codec.encode(ORDERS, SyncRecord.of("orders", "42", fields))).value());

        assertThat(back).containsEntry("id", "42").containsEntry("qty", 7L).containsEntry("price", new BigDecimal("1.25"))
                .containsEntry("paid", true).containsEntry("at", OffsetDateTime.parse("2026-01-01T00:00Z"));
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsRefusedNamingTheField() {
        Map<String, Object> fields = Map.of("id", "o-3", "qty", "three");

        assertThatThrownBy(() -> codec.encode(ORDERS, SyncRecord.of("orders", "o-3", fields)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'qty'")
                .hasMessageContaining("INTEGER");
    }

    @Test
    void fieldsTheDescriptorDoesNotDeclareTravelTypedByTheirValue() {
        EntityDescriptor undeclared = EntityDescriptor.of("people", "id", List.of());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "p-1");
        fields.put("age", 41L);
        fields.put("born", LocalDate.of(1985, 5, 1));

        SchemaAndValue arrived = travel(codec.encode(undeclared, SyncRecord.of("people", "p-1", fields)));

        assertThat(codec.decode(arrived.value())).isEqualTo(fields);
        assertThat(codec.descriptor(arrived.schema()).fields()).extracting(FieldDescriptor::type)
                .containsExactly(FieldType.STRING, FieldType.INTEGER, FieldType.DATE);
    }

    @Test
    void aSchemaNotMadeByTheCodecIsRefused() {
        assertThatThrownBy(() -> codec.descriptor(org.apache.kafka.connect.data.Schema.STRING_SCHEMA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Syncwright record schema");
        assertThatThrownBy(() -> codec.decode("text")).isInstanceOf(IllegalArgumentException.class);
    }
}
