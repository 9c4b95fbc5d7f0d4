package dev.syncwright.kafka.connect.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SyncRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A record's fields as a Kafka Connect {@link Struct} and back. The schema is made from the entity's descriptor:
 * one optional field per declared field, typed by its {@link FieldType}, then any field a record has that the
 * descriptor does not declare, typed by its value. The entity, its key field and each field's Syncwright type are
 * schema parameters, so a sink rebuilds the descriptor from the schema alone, and any converter that keeps schemas
 * (JSON with schemas, Avro, Protobuf) carries them.
 *
 * <p>Values travel so that the sink hands the destination the SDK's plain values again: STRING as text, INTEGER as
 * INT64 (a {@code Long}), DECIMAL as its exact text (a {@code BigDecimal}), BOOLEAN, DATE as Kafka Connect's Date (a
 * {@code LocalDate}), TIMESTAMP as ISO-8601 text (an {@code OffsetDateTime} when it has an offset, else a
 * {@code LocalDateTime}; an {@code Instant} arrives as an {@code OffsetDateTime} in UTC), BINARY as bytes, JSON as
 * its text. A value that does not fit its field's type is an {@link IllegalArgumentException} naming the field.
 *
 * <p>Not thread-safe: each task has its own. Schemas are cached per entity (and extra fields), descriptors per schema
 * instance (converters hand out the same instance for the same schema).
 */
public final class RecordCodec {
    /** Schema parameter: the entity's name. */
    static final String ENTITY = "syncwright.entity";
    /** Schema parameter: the entity's key field. */
    static final String KEY_FIELD = "syncwright.key.field";
    /** Field schema parameter: the field's Syncwright type. */
    static final String TYPE = "syncwright.type";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Schema> schemas = new HashMap<>();
    private final Map<Schema, EntityDescriptor> descriptors = new IdentityHashMap<>();

    /**
     * @param entity the record's entity
     * @param record a readable record of it (a key, no rejection)
     * @return the record's fields as a struct of the entity's schema
     * @throws IllegalArgumentException naming the field when a value does not fit its type
     */
    public Struct encode(EntityDescriptor entity, SyncRecord record) {
        Schema schema = schema(entity, record.fields());
        Struct struct = new Struct(schema);
        for (Field f : schema.fields()) {
            Object value = record.fields().get(f.name());
            if (value != null) {
                FieldType type = FieldType.valueOf(f.schema().parameters().get(TYPE));
                try {
                    struct.put(f, encodeValue(type, value));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("field '" + f.name() + "': a " + value.getClass().getSimpleName()
                            + " does not fit type " + type + " (" + e.getMessage() + ")", e);
                }
            }
        }
        return struct;
    }

    /**
     * @param schema the schema a record came with
     * @return the entity descriptor the schema was made from
     * @throws IllegalArgumentException when the schema was not made by this codec
     */
    public EntityDescriptor descriptor(Schema schema) {
        EntityDescriptor cached = descriptors.get(schema);
        if (cached != null) {
            return cached;
        }
        Map<String, String> params = schema.parameters();
        if (schema.type() != Schema.Type.STRUCT || params == null || params.get(ENTITY) == null) {
            throw new IllegalArgumentException("not a Syncwright record schema (a struct with parameter " + ENTITY + ")");
        }
        List<FieldDescriptor> fields = new ArrayList<>();
        for (Field f : schema.fields()) {
            fields.add(new FieldDescriptor(f.name(), typeOf(f)));
        }
        EntityDescriptor d = EntityDescriptor.of(params.get(ENTITY), params.get(KEY_FIELD), fields);
        if (descriptors.size() > 10_000) {
            descriptors.clear(); // schemas made per record (a converter without a cache) would grow it without bound
        }
        descriptors.put(schema, d);
        return d;
    }

    /**
     * @param value the value a record came with
     * @return the record's fields, in the schema's order, with the SDK's plain values
     * @throws IllegalArgumentException when the value is not a Syncwright record struct
     */
    public Map<String, Object> decode(Object value) {
        if (!(value instanceof Struct struct)) {
            throw new IllegalArgumentException("not a Syncwright record value (a struct), but "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field f : struct.schema().fields()) {
            Object v = struct.get(f);
            fields.put(f.name(), v == null ? null : decodeValue(typeOf(f), v));
        }
        return fields;
    }

    private static FieldType typeOf(Field f) {
        Map<String, String> p = f.schema().parameters();
        String type = p == null ? null : p.get(TYPE);
        if (type == null) {
            throw new IllegalArgumentException("field '" + f.name() + "' has no parameter " + TYPE);
        }
        return FieldType.valueOf(type);
    }

    private Schema schema(EntityDescriptor entity, Map<String, Object> values) {
        List<FieldDescriptor> extra = null;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (entity.field(e.getKey()).isEmpty()) {
                if (extra == null) {
                    extra = new ArrayList<>();
                }
                extra.add(new FieldDescriptor(e.getKey(), inferType(e.getValue())));
            }
        }
        String cacheKey = extra == null ? entity.name() : entity.name() + '\u0000' + extra;
        Schema cached = schemas.get(cacheKey);
        if (cached != null && (extra != null || sameFields(cached, entity))) {
            return cached;
        }
        SchemaBuilder b = SchemaBuilder.struct().optional()
                .parameter(ENTITY, entity.name()).parameter(KEY_FIELD, entity.keyField());
        for (FieldDescriptor f : entity.fields()) {
            b.field(f.name(), fieldSchema(f.type()));
        }
        if (extra != null) {
            for (FieldDescriptor f : extra) {
                b.field(f.name(), fieldSchema(f.type()));
            }
        }
        Schema schema = b.build();
        if (schemas.size() > 10_000) {
            schemas.clear();
        }
        schemas.put(cacheKey, schema);
        return schema;
    }

    /** A source may describe an entity differently later (a schema change): the cached schema must follow. */
    private static boolean sameFields(Schema schema, EntityDescriptor entity) {
        List<Field> fields = schema.fields();
        if (fields.size() != entity.fields().size() || !entity.keyField().equals(schema.parameters().get(KEY_FIELD))) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            FieldDescriptor d = entity.fields().get(i);
            if (!fields.get(i).name().equals(d.name()) || !d.type().name().equals(fields.get(i).schema().parameters().get(TYPE))) {
                return false;
            }
        }
        return true;
    }

    private static Schema fieldSchema(FieldType type) {
        SchemaBuilder b = switch (type) {
            case INTEGER -> SchemaBuilder.int64();
            case BOOLEAN -> SchemaBuilder.bool();
            case DATE -> Date.builder();
            case BINARY -> SchemaBuilder.bytes();
            case STRING, DECIMAL, TIMESTAMP, JSON -> SchemaBuilder.string();
        };
        return b.optional().parameter(TYPE, type.name()).build();
    }

    /** @return the type a value without a declared field travels as */
    static FieldType inferType(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return FieldType.INTEGER;
        }
        if (v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
            return FieldType.DECIMAL;
        }
        if (v instanceof Boolean) {
            return FieldType.BOOLEAN;
        }
        if (v instanceof LocalDate || v instanceof java.sql.Date) {
            return FieldType.DATE;
        }
        if (v instanceof LocalDateTime || v instanceof OffsetDateTime || v instanceof ZonedDateTime || v instanceof Instant
                || v instanceof java.util.Date) {
            return FieldType.TIMESTAMP;
        }
        if (v instanceof byte[] || v instanceof ByteBuffer) {
            return FieldType.BINARY;
        }
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            return FieldType.JSON;
        }
        return FieldType.STRING;
    }

    private static Object encodeValue(FieldType type, Object v) {
        return switch (type) {
            case STRING -> v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v);
            case INTEGER -> integer(v);
            case DECIMAL -> decimal(v).toString();
            case BOOLEAN -> bool(v);
            case DATE -> java.util.Date.from(date(v).atStartOfDay(ZoneOffset.UTC).toInstant());
            case TIMESTAMP -> timestamp(v);
            case BINARY -> v instanceof byte[] b ? b : v instanceof ByteBuffer bb ? bytes(bb)
                    : String.valueOf(v).getBytes(StandardCharsets.UTF_8);
            case JSON -> v instanceof CharSequence s ? s.toString() : json(v);
        };
    }

    private static Object decodeValue(FieldType type, Object v) {
        return switch (type) {
            case DECIMAL -> new BigDecimal((String) v);
            case DATE -> LocalDate.ofInstant(((java.util.Date) v).toInstant(), ZoneOffset.UTC);
            case TIMESTAMP -> parseTimestamp((String) v);
            case BINARY -> v instanceof ByteBuffer bb ? bytes(bb) : v;
            default -> v;
        };
    }

    private static long integer(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (v instanceof BigDecimal d) {
            return d.longValueExact();
        }
        if (v instanceof CharSequence s) {
            return new BigDecimal(s.toString().trim()).longValueExact();
        }
        throw new IllegalArgumentException("not a whole number");
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Double || v instanceof Float || v instanceof CharSequence) {
            return new BigDecimal(v.toString().trim());
        }
        throw new IllegalArgumentException("not a number");
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof CharSequence s) {
            return switch (s.toString().trim().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1" -> true;
                case "false", "f", "no", "n", "0" -> false;
                default -> throw new IllegalArgumentException("not a boolean");
            };
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static LocalDate date(Object v) {
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if (v instanceof CharSequence s) {
            return LocalDate.parse(s.toString().trim());
        }
        throw new IllegalArgumentException("not a date");
    }

    private static String timestamp(Object v) {
        if (v instanceof OffsetDateTime || v instanceof LocalDateTime || v instanceof Instant) {
            return v.toString();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toOffsetDateTime().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (v instanceof CharSequence s) {
            String text = s.toString().trim();
            parseTimestamp(text); // checked now, so a bad value fails at the source, named, not at the sink
            return text;
        }
        throw new IllegalArgumentException("not a timestamp");
    }

    private static Object parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException withoutOffset) {
            return LocalDateTime.parse(text);
        }
    }

    private static byte[] bytes(ByteBuffer bb) {
        ByteBuffer copy = bb.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
