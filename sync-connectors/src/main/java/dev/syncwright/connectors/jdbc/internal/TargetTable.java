package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.spi.SyncRecord;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A destination table as the database describes it. Immutable but for the flag that a warning was logged.
 *
 * @param sql       the table as written in SQL: quoted, maybe qualified
 * @param columns   the stored column names
 * @param quoted    the same, quoted
 * @param types     the JDBC type of each column
 * @param typeNames the database's type name of each column
 * @param key       the index of the key column
 * @param warned    whether fields without a column have been logged already
 */
public record TargetTable(String sql, List<String> columns, List<String> quoted, int[] types, String[] typeNames, int key,
                          AtomicBoolean warned) {

    /**
     * A column written by a batch, and the record fields that fill it, first non-null value first.
     *
     * @param index  the column's index in the table
     * @param fields the record fields that fill it
     */
    public record Column(int index, List<String> fields) {
    }

    /**
     * @return the record's value for the column, converted to the column's type; the key column falls back to
     *         the record's key
     * @throws Values.BadValue when the value does not fit the column
     */
    public Object convert(Column column, SyncRecord r) throws Values.BadValue {
        Object value = null;
        for (String field : column.fields()) {
            value = r.fields().get(field);
            if (value != null) {
                break;
            }
        }
        if (value == null && column.index() == key) {
            value = r.key();
        }
        int i = column.index();
        return Values.convert(columns.get(i), value, types[i], typeNames[i]);
    }

    /**
     * Binds the record's values to the statement's parameters, one per column in the order given.
     *
     * @throws Values.BadValue when a value does not fit its column
     */
    public void bind(PreparedStatement ps, List<Column> written, SyncRecord r) throws SQLException, Values.BadValue {
        for (int p = 0; p < written.size(); p++) {
            Column column = written.get(p);
            Values.bindConverted(ps, p + 1, convert(column, r), types[column.index()]);
        }
    }

    /** @return the quoted names of the columns written, in their order */
    public List<String> quoted(List<Column> written) {
        return written.stream().map(c -> quoted.get(c.index())).toList();
    }

    /** @return the quoted key column */
    public String quotedKey() {
        return quoted.get(key);
    }
}
