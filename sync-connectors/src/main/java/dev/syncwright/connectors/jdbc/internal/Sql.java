package dev.syncwright.connectors.jdbc.internal;

import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.FieldType;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Pieces of SQL text shared by the dialects and the connectors. Stateless. */
public final class Sql {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Sql() {
    }

    /**
     * @return the name, checked to be usable as an identifier: not blank and without NUL characters, which no
     *         database stores; any other character is fine, since identifiers are always quoted
     * @throws ConfigurationException naming the setting otherwise
     */
    public static String name(String setting, String name) {
        if (!isUsableName(name)) {
            throw new ConfigurationException(setting, name == null || name.isBlank() ? "must not be blank"
                    : "must not contain a NUL character");
        }
        return name;
    }

    /** @return true for a name that can be an identifier: not null, not blank, without NUL characters */
    public static boolean isUsableName(String name) {
        return name != null && !name.isBlank() && name.indexOf('\0') < 0;
    }

    /**
     * @return the table name, optionally qualified by its schema ({@code schema.table}), checked as {@link #name}
     *         on both sides of the dot
     */
    public static String table(String setting, String name) {
        int dot = name(setting, name).indexOf('.');
        if (dot >= 0) {
            name(setting, name.substring(0, dot));
            name(setting, name.substring(dot + 1));
        }
        return name;
    }

    /** @return true for a name hand-written SQL can use unquoted: letters, digits and _, not first a digit */
    public static boolean isPlainName(String name) {
        return PLAIN.matcher(name).matches();
    }

    /**
     * @param key     the key column, quoted
     * @param columns the columns written, quoted, the key among them
     * @return PostgreSQL's {@code ON CONFLICT (k) DO UPDATE SET c = EXCLUDED.c, ..}, or {@code DO NOTHING} when only
     *         the key is written
     */
    public static String onConflict(String key, List<String> columns) {
        String updates = columns.stream().filter(c -> !c.equals(key))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        return " ON CONFLICT (" + key + ") DO " + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
    }

    /** @return {@code n} parameter marks separated by commas: {@code ?, ?, ?} */
    public static String parameters(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /**
     * @param text   the database's type for unbounded text
     * @param binary the database's type for unbounded binary data
     * @return the column type for fields of this type: numbers, booleans and times as standard SQL has them
     */
    public static String columnType(FieldType type, String text, String binary) {
        return switch (type) {
            case STRING, JSON -> text;
            case INTEGER -> "BIGINT";
            case DECIMAL -> "NUMERIC";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case BINARY -> binary;
        };
    }
}
