package dev.syncwright.store.jdbc.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The quoted names of the store's tables: an optional schema and a prefix, both checked to be plain names, so
 * that a name can never close its quotes. Immutable and thread-safe.
 */
public final class Tables {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}|");

    private final String schema;
    private final String prefix;

    /**
     * @param schema the schema, or null for the connection's current one
     * @param prefix the table name prefix, may be empty
     * @throws IllegalArgumentException when either is not a plain name
     */
    public Tables(String schema, String prefix) {
        Objects.requireNonNull(prefix, "tablePrefix must not be null (use \"\" for none)");
        if (schema != null && !PLAIN.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be 1 to 30 letters, digits or '_', not starting with a digit, was '"
                    + schema + "'");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be up to 30 letters, digits or '_', not starting with a digit,"
                    + " was '" + prefix + "'");
        }
        this.schema = schema;
        this.prefix = prefix;
    }

    /** @return the schema, or null for the connection's current one */
    public String schema() {
        return schema;
    }

    /** @return the table name prefix */
    public String prefix() {
        return prefix;
    }

    /** @return the unquoted name of a table, prefix included */
    public String plain(String name) {
        return prefix + name;
    }

    /** @return a table's (or function's) name, quoted and qualified by the schema when there is one */
    public String table(String name) {
        return (schema == null ? "" : '"' + schema + "\".") + '"' + prefix + name + '"';
    }

    /** @return an index's or trigger's name, quoted, not qualified */
    public String local(String name) {
        return '"' + prefix + name + '"';
    }

    public String entries() {
        return table("entries");
    }

    public String entryCounts() {
        return table("entry_counts");
    }

    public String checkpoints() {
        return table("checkpoints");
    }

    public String holders() {
        return table("sync_holders");
    }

    public String runs() {
        return table("runs");
    }

    public String syncLog() {
        return table("sync_log");
    }

    public String connections() {
        return table("connections");
    }

    public String idBlocks() {
        return table("id_blocks");
    }

    public String schemaVersion() {
        return table("schema_version");
    }

    @Override
    public String toString() {
        return (schema == null ? "" : schema + ".") + prefix + "*";
    }
}
