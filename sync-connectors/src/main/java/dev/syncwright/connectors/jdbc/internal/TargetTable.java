package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.spi.FieldType;
import dev.syncwright.spi.SyncRecord;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A destination table as the database describes it. Immutable but for the flag that a warning was logged.
 *
 * @param sql        the table as written in SQL: quoted, maybe qualified
 * @param columns    the stored column names
 * @param quoted     the same, quoted
 * @param types      the JDBC type of each column
 * @param fieldTypes the field type of each column ({@link Values#fieldType})
 * @param withOffset whether each column holds times with an offset ({@link Values#withOffset})
 * @param key        the index of the key column
 * @param warned     whether fields without a column have been logged already
 */
public record TargetTable(String sql, List<String> columns, List<String> quoted, int[] types, FieldType[] fieldTypes,
                          boolean[] withOffset, int key, AtomicBoolean warned) {

    /**
     * @param sql       the table as written in SQL: quoted, maybe qualified
     * @param columns   the stored column names
     * @param quoted    the same, quoted
     * @param types     the JDBC type of each column
     * @param typeNames the database's type name of each column
     * @param key       the index of the key column
     * @return the table
     */
    public static TargetTable of(String sql, List<String> columns, List<String> quoted, int[] types, String[] typeNames,
                                 int key) {
        FieldType[] fieldTypes = new FieldType[types.length];
        boolean[] withOffset = new boolean[types.length];
        for (int i = 0; i < types.length; i++) {
            fieldTypes[i] = Values.fieldType(types[i], typeNames[i]);
            withOffset[i] = Values.withOffset(types[i], typeNames[i]);
        }
        return new TargetTable(sql, columns, quoted, types, fieldTypes, withOffset, key, new AtomicBoolean());
    }

    /**
     * A column written by a batch, and the record fields that fill it, first non-null value first.
     *
     * @param index  the column's index in the table
     * @param fields the record fields that fill it
     */
    public record Column(int index, List<String> fields) {
    }

    /** @return the record's value for the column as the record has it; the key column falls back to the record's key */
    public Object raw(Column column, SyncRecord r) {
        Object value = null;
        for (String field : column.fields()) {
            value = r.fields().get(field);
            if (value != null) {
                break;
            }
        }
        return value == null && column.index() == key ? r.key() : value;
    }

    /**
     * @param raw the record's value for the column ({@link #raw})
     * @return the value converted to the column's type
     * @throws Values.BadValue when the value does not fit the column
     */
    public Object convert(Column column, Object raw) throws Values.BadValue {
        int i = column.index();
        return Values.convert(columns.get(i), raw, fieldTypes[i], withOffset[i]);
    }

    /**
     * Binds the record's values to the statement's parameters, one per column in the order given.
     *
     * @throws Values.BadValue when a value does not fit its column
     */
    public void bind(PreparedStatement ps, List<Column> written, SyncRecord r) throws SQLException, Values.BadValue {
        for (int p = 0; p < written.size(); p++) {
            Column column = written.get(p);
            Values.bindConverted(ps, p + 1, convert(column, raw(column, r)), types[column.index()]);
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
