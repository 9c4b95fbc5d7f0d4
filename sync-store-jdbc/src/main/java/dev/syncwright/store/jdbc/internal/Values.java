package dev.syncwright.store.jdbc.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/** Binding and reading values the same way on every dialect. Stateless and thread-safe. */
final class Values {
    private Values() {
    }

    /** An array parameter: its SQL element type and elements. */
    record ArrayParam(String type, Object[] elements) {
        static ArrayParam ofLongs(Collection<Long> values) {
            return new ArrayParam("bigint", values.toArray(new Long[0]));
        }

        static ArrayParam ofTexts(Collection<String> values) {
            return new ArrayParam("varchar", values.toArray(new String[0]));
        }
    }

    /** @return the instant as a UTC date-time, which both drivers bind to TIMESTAMP WITH TIME ZONE */
    static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** @return the TIMESTAMP WITH TIME ZONE column as an instant, or null */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Binds parameters from 1 on: instants as UTC date-times, {@link ArrayParam}s as SQL arrays. */
    static void bind(Connection c, PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Instant t) {
                ps.setObject(i + 1, utc(t));
            } else if (v instanceof ArrayParam a) {
                Array array = c.createArrayOf(a.type(), a.elements());
                ps.setArray(i + 1, array);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }
}
