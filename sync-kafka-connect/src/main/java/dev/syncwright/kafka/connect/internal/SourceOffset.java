package dev.syncwright.kafka.connect.internal;

import org.apache.kafka.connect.errors.ConnectException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An entity's source offset: where the Syncwright checkpoint stands and what a re-read needs to give the same
 * records the same journal entries. Kafka Connect stores it under the source partition {@code {sync, entity}}.
 *
 * @param run        the run that wrote it, or null (an offset set by hand)
 * @param checkpoint the Syncwright checkpoint, the source's position after the records before it; "" at the start
 * @param complete   true when the run read the entity to its end
 * @param ordinal    how many records the run read from the entity before the checkpoint
 * @param nextId     the entry id of the next record read from the checkpoint, or 0 when no ids are reserved
 * @param idEnd      the end (exclusive) of the block of reserved ids {@code nextId} is in, or 0
 */
public record SourceOffset(String run, String checkpoint, boolean complete, long ordinal, long nextId, long idEnd) {
    static final String SYNC = "sync";
    static final String ENTITY = "entity";
    private static final String RUN = "run";
    private static final String CHECKPOINT = "checkpoint";
    private static final String COMPLETE = "complete";
    private static final String ORDINAL = "ordinal";
    private static final String NEXT_ID = "nextId";
    private static final String ID_END = "idEnd";
    private static final Set<String> KEYS = Set.of(RUN, CHECKPOINT, COMPLETE, ORDINAL, NEXT_ID, ID_END);

    /** The offset of an entity no run has read yet. */
    public static final SourceOffset NONE = new SourceOffset(null, "", false, 0, 0, 0);

    /**
     * @param sync   the sync's name
     * @param entity the entity's name
     * @return the source partition of an entity of a sync
     */
    public static Map<String, Object> partition(String sync, String entity) {
        Map<String, Object> p = new HashMap<>(4);
        p.put(SYNC, sync);
        p.put(ENTITY, entity);
        return p;
    }

    /** @return the offset as Kafka Connect stores it */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(8);
        if (run != null) {
            m.put(RUN, run);
        }
        m.put(CHECKPOINT, checkpoint);
        m.put(COMPLETE, complete);
        m.put(ORDINAL, ordinal);
        m.put(NEXT_ID, nextId);
        m.put(ID_END, idEnd);
        return m;
    }

    /** @return true when ids of a reserved block are left */
    public boolean hasIds() {
        return nextId > 0 && nextId < idEnd;
    }

    /**
     * Reads a stored offset, checking it as {@link #validate} does.
     *
     * @param map the stored offset, or null
     * @return the offset, {@link #NONE} for null
     * @throws ConnectException saying what is wrong
     */
    public static SourceOffset of(Map<String, ?> map) {
        if (map == null) {
            return NONE;
        }
        for (String key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConnectException("unknown field '" + key + "' in a Syncwright source offset (known: " + KEYS + ")");
            }
        }
        Object cp = map.get(CHECKPOINT);
        if (!(cp instanceof String checkpoint)) {
            throw new ConnectException("a Syncwright source offset needs 'checkpoint', a text (\"\" for the start), was "
                    + cp);
        }
        Object run = map.get(RUN);
        if (run != null && !(run instanceof String)) {
            throw new ConnectException("'run' of a Syncwright source offset must be a text, was " + run);
        }
        Object complete = map.get(COMPLETE);
        if (complete != null && !(complete instanceof Boolean)) {
            throw new ConnectException("'complete' of a Syncwright source offset must be true or false, was " + complete);
        }
        long ordinal = number(map, ORDINAL);
        long nextId = number(map, NEXT_ID);
        long idEnd = number(map, ID_END);
        if (nextId > idEnd) {
            throw new ConnectException("'nextId' (" + nextId + ") of a Syncwright source offset is past 'idEnd' (" + idEnd
                    + ")");
        }
        return new SourceOffset((String) run, checkpoint, Boolean.TRUE.equals(complete), ordinal, nextId, idEnd);
    }

    /**
     * Checks an offset a user wants to set through Kafka Connect's REST API.
     *
     * @param sync      the connector's sync
     * @param partition the source partition, not null
     * @param offset    the offset, or null to reset the entity (start over from its first record)
     * @throws ConnectException saying what is wrong
     */
    public static void validate(String sync, Map<String, ?> partition, Map<String, ?> offset) {
        if (partition == null || partition.size() != 2 || !(partition.get(ENTITY) instanceof String entity)
                || entity.isEmpty()) {
            throw new ConnectException("a Syncwright source partition is {\"sync\": \"" + sync
                    + "\", \"entity\": \"<entity name>\"}, was " + partition);
        }
        if (!sync.equals(partition.get(SYNC))) {
            throw new ConnectException("partition " + partition + " is not of sync '" + sync + "'");
        }
        of(offset);
    }

    private static long number(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) || ((Number) v).longValue() < 0) {
            throw new ConnectException("'" + key + "' of a Syncwright source offset must be a whole number, 0 or more, was "
                    + v);
        }
        return ((Number) v).longValue();
    }
}
