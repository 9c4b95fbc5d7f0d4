package dev.syncwright.connectors.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON setup of the connectors: no default typing, {@code java.time} values written as their
 * ISO-8601 text, and a conversion of JSON values to the plain Java values records carry.
 */
public final class Json {
    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    /** @return a shared, thread-safe mapper; do not reconfigure it */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        SimpleModule time = new SimpleModule("syncwright-time");
        time.addSerializer(TemporalAccessor.class, new StdSerializer<>(TemporalAccessor.class) {
            @Override
            public void serialize(TemporalAccessor value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        return new ObjectMapper().registerModule(time).enable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /**
     * @return the plain Java value of a JSON value: String, Long, BigDecimal, Boolean, null, or for objects
     *         and arrays their JSON text
     */
    public static Object toJava(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return value.toString();
    }

    /** @return the fields of a JSON object as plain Java values, in order */
    public static Map<String, Object> fields(JsonNode object) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey(), toJava(e.getValue()));
        }
        return fields;
    }

    /** @return a key or checkpoint text of a plain value; null for null */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }
}
