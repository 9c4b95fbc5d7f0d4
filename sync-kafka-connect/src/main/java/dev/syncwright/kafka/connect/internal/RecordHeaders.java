package dev.syncwright.kafka.connect.internal;

import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * The headers a Syncwright record carries on its topic. A data record: sync, run, entity, reference, entry id, its
 * number in the entity's run (ordinal), the source system and, when set, the cursor or the reason it could not be
 * read. The end of an entity in a run is a record of kind {@value #END} with the number of records read and, when
 * the source failed, the error.
 */
public final class RecordHeaders {
    /** The sync's name. */
    public static final String SYNC = "syncwright.sync";
    /** The run that read the record. */
    public static final String RUN = "syncwright.run";
    /** The record's entity. */
    public static final String ENTITY = "syncwright.entity";
    /** The record's human-readable key. */
    public static final String REFERENCE = "syncwright.reference";
    /** The record's journal entry id. */
    public static final String ENTRY = "syncwright.entry";
    /** The record's number in its entity's run, from 0. */
    public static final String ORDINAL = "syncwright.ordinal";
    /** The source system's name. */
    public static final String SYSTEM = "syncwright.system";
    /** The record's cursor (incremental syncs order by it), when it has one. */
    public static final String CURSOR = "syncwright.cursor";
    /** Why the source could not read the record: it is reported FAILED, never written. */
    public static final String REJECTION = "syncwright.rejection";
    /** What the record is: absent for a data record, {@value #END} for the end of an entity in a run. */
    public static final String KIND = "syncwright.kind";
    /** The kind of the record that ends an entity in a run. */
    public static final String END = "end";
    /** On an end record: how many records the run read from the entity. */
    public static final String RECORDS = "syncwright.records";
    /** On an end record: why the source stopped the entity (it is then ERROR). */
    public static final String ERROR = "syncwright.error";

    private RecordHeaders() {
    }

    /**
     * @param headers a record's headers
     * @param name    a header name
     * @return the last header of that name as text, or null
     */
    public static String text(Headers headers, String name) {
        Header h = headers.lastWithName(name);
        return h == null || h.value() == null ? null : Values.convertToString(h.schema(), h.value());
    }

    /**
     * @param headers a record's headers
     * @param name    a header name
     * @return the last header of that name as a number, or -1 when there is none
     * @throws org.apache.kafka.connect.errors.DataException when it is not a number
     */
    public static long number(Headers headers, String name) {
        Header h = headers.lastWithName(name);
        return h == null || h.value() == null ? -1 : Values.convertToLong(h.schema(), h.value());
    }
}
