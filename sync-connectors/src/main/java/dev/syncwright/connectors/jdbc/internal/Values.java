package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.spi.FieldType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Converts between JDBC values and the plain values records carry. Stateless. */
public final class Values {
    private Values() {
    }

    /** A value that cannot be stored in a column; its message names the field, not the value. */
    public static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    /** @return the field type of a JDBC column type */
    public static FieldType fieldType(int sqlType, String typeName) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> FieldType.INTEGER;
            case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> FieldType.DECIMAL;
            case Types.BOOLEAN, Types.BIT -> FieldType.BOOLEAN;
            case Types.DATE -> FieldType.DATE;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> FieldType.TIMESTAMP;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> FieldType.BINARY;
            default -> typeName != null && typeName.toLowerCase(Locale.ROOT).startsWith("json") ? FieldType.JSON : FieldType.STRING;
        };
    }

    /** @return true for a column holding a time with an offset ({@code timestamptz}) */
    public static boolean withOffset(int sqlType, String typeName) {
        return sqlType == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(typeName);
    }

    /**
     * @return the plain value of column {@code i}: String, Long, BigDecimal, Boolean, LocalDate,
     *         LocalDateTime, OffsetDateTime, byte[] or null
     */
    public static Object read(ResultSet rs, int i, int sqlType, String typeName) throws SQLException {
        if (withOffset(sqlType, typeName)) {
            return rs.getObject(i, OffsetDateTime.class);
        }
        Object v = rs.getObject(i);
        if (v == null) {
            return null;
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (v instanceof Double || v instanceof Float) {
            return new BigDecimal(v.toString());
        }
        if (v instanceof Clob c) {
            return c.getSubString(1, (int) Math.min(Integer.MAX_VALUE, c.length()));
        }
        if (v instanceof Blob b) {
            return b.getBytes(1, (int) Math.min(Integer.MAX_VALUE, b.length()));
        }
        if (v instanceof String || v instanceof Long || v instanceof BigDecimal || v instanceof Boolean
                || v instanceof byte[] || v instanceof LocalDate || v instanceof LocalDateTime || v instanceof OffsetDateTime) {
            return v;
        }
        return v.toString(); // UUID, JSON, arrays and other driver objects
    }

    /** @return a checkpoint value (e.g. a key) read back as a parameter for a column of that type */
    public static Object parse(String text, int sqlType, String typeName) throws BadValue {
        return convert("checkpoint", text, sqlType, typeName);
    }

    /** Binds a record value to parameter {@code i} of a statement, converted to the column's type. */
    public static void bind(PreparedStatement ps, int i, String field, Object value, int sqlType, String typeName)
            throws SQLException, BadValue {
        bindConverted(ps, i, convert(field, value, sqlType, typeName), sqlType);
    }

    /** Binds a value {@linkplain #convert converted} already to parameter {@code i} of a statement. */
    public static void bindConverted(PreparedStatement ps, int i, Object converted, int sqlType) throws SQLException {
        if (converted == null) {
            ps.setNull(i, sqlType);
        } else if (sqlType == Types.OTHER && converted instanceof String) {
            ps.setObject(i, converted, Types.OTHER); // e.g. PostgreSQL json, uuid
        } else {
            ps.setObject(i, converted);
        }
    }

    /**
     * Converts a record value to what a column of that type holds.
     *
     * @param field the name shown when the value does not fit
     * @return null, or a String, Long, BigDecimal, Boolean, LocalDate, LocalDateTime, OffsetDateTime or byte[]
     * @throws BadValue when the value does not fit the column's type
     */
    public static Object convert(String field, Object value, int sqlType, String typeName) throws BadValue {
        return convert(field, value, fieldType(sqlType, typeName), withOffset(sqlType, typeName));
    }

    /**
     * {@link #convert(String, Object, int, String)} for a column whose field type is known already.
     *
     * @param withOffset whether the column holds times with an offset ({@link #withOffset})
     */
    public static Object convert(String field, Object value, FieldType type, boolean withOffset) throws BadValue {
        if (value == null) {
            return null;
        }
        try {
            switch (type) {
                case INTEGER:
                    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                        return ((Number) value).longValue();
                    }
                    return new BigDecimal(text(value).trim()).longValueExact();
                case DECIMAL:
                    return value instanceof BigDecimal d ? d : new BigDecimal(text(value).trim());
                case BOOLEAN:
                    if (value instanceof Boolean b) {
                        return b;
                    }
                    return switch (text(value).trim().toLowerCase(Locale.ROOT)) {
                        case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
                        case "false", "f", "no", "n", "0" -> Boolean.FALSE;
                        default -> throw new BadValue("field '" + field + "' is not a boolean");
                    };
                case DATE:
                    if (value instanceof LocalDate d) {
                        return d;
                    }
                    if (value instanceof LocalDateTime t) {
                        return t.toLocalDate();
                    }
                    return LocalDate.parse(text(value).trim());
                case TIMESTAMP:
                    return timestamp(value, withOffset);
                case BINARY:
                    return value instanceof byte[] b ? b : text(value).getBytes(StandardCharsets.UTF_8);
                default:
                    return text(value);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadValue("field '" + field + "' is not a number of the column's type");
        } catch (DateTimeParseException e) {
            throw new BadValue("field '" + field + "' is not an ISO-8601 date or time");
        }
    }

    private static Object timestamp(Object value, boolean withOffset) {
        OffsetDateTime odt;
        if (value instanceof OffsetDateTime o) {
            odt = o;
        } else if (value instanceof Instant i) {
            odt = i.atOffset(ZoneOffset.UTC);
        } else if (value instanceof LocalDateTime l) {
            return withOffset ? l.atOffset(ZoneOffset.UTC) : l;
        } else {
            String s = text(value).trim().replace(' ', 'T');
            try {
                LocalDateTime l = LocalDateTime.parse(s);
                return withOffset ? l.atOffset(ZoneOffset.UTC) : l;
            } catch (DateTimeParseException e) {
                odt = OffsetDateTime.parse(s);
            }
        }
        return withOffset ? odt : odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return value.toString();
    }
}
