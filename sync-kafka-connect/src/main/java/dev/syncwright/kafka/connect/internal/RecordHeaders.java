package dev.syncwright.kafka.connect.internal;

import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * The headers a Syncwright record carries on its topic. A data record: sync, run, entity, entry id, the source
 * system and, when set, its reference (when it is not its key), its cursor, or the reason it could not be read. The end of an entity in a run is a record of kind {@value #END} with the number of records read and, when
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
     * A record's Syncwright headers, read in one pass (the last of a name wins); absent ones are null, or -1 for
     * numbers.
     *
     * @param sync      the sync
     * @param run       the run
     * @param entity    the entity
     * @param kind      the kind, null for a data record
     * @param entry     the entry id
     * @param system    the source system
     * @param reference the reference
     * @param cursor    the cursor
     * @param rejection why the record could not be read
     * @param records   on an end record, the records read
     * @param error     on an end record, why the source stopped
     */
    public record Read(String sync, String run, String entity, String kind, long entry, String system, String reference,
                       String cursor, String rejection, long records, String error) {
        /**
         * @param headers a record's headers
         * @return its Syncwright headers
         * @throws org.apache.kafka.connect.errors.DataException when a number header is not a number
         */
        public static Read of(Headers headers) {
            String sync = null;
            String run = null;
            String entity = null;
            String kind = null;
            String system = null;
            String reference = null;
            String cursor = null;
            String rejection = null;
            String error = null;
            long entry = -1;
            long records = -1;
            for (Header h : headers) {
                if (h.value() == null) {
                    continue;
                }
                switch (h.key()) {
                    case SYNC -> sync = string(h);
                    case RUN -> run = string(h);
                    case ENTITY -> entity = string(h);
                    case KIND -> kind = string(h);
                    case ENTRY -> entry = Values.convertToLong(h.schema(), h.value());
                    case SYSTEM -> system = string(h);
                    case REFERENCE -> reference = string(h);
                    case CURSOR -> cursor = string(h);
                    case REJECTION -> rejection = string(h);
                    case RECORDS -> records = Values.convertToLong(h.schema(), h.value());
                    case ERROR -> error = string(h);
                    default -> {
                        // not ours
                    }
                }
            }
            return new Read(sync, run, entity, kind, entry, system, reference, cursor, rejection, records, error);
        }

        /** @return true for the record that ends an entity in a run */
        public boolean isEnd() {
            return END.equals(kind);
        }

        private static String string(Header h) {
            return h.value() instanceof String s ? s : Values.convertToString(h.schema(), h.value());
        }
    }
}
