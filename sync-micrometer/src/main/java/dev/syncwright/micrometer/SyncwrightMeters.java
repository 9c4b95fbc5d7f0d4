package dev.syncwright.micrometer;

/**
 * The names and tags of the meters this module records, in Micrometer's conventions (lower-case, dot-separated;
 * a registry renders them its own way, e.g. Prometheus {@code syncwright_records_total}).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what it measures</th></tr>
 *   <tr><td>{@value #RECORDS}</td><td>counter</td><td>sync, entity, status</td>
 *       <td>records that reached a delivery status (OK, SENT, PENDING, FAILED); a SENT record confirmed later
 *       counts in SENT and then in OK, a record retried twice counts twice in PENDING</td></tr>
 *   <tr><td>{@value #RECORDS_OUTSTANDING}</td><td>gauge</td><td>sync, entity, status</td>
 *       <td>records now SENT (awaiting a confirmation) or PENDING (awaiting a retry)</td></tr>
 *   <tr><td>{@value #BATCH_WRITE}</td><td>timer</td><td>sync, entity, outcome</td>
 *       <td>batch writes to the destination and their latency, with percentiles; outcome {@code success} or
 *       {@code failure} (the write threw); its count is the number of batches</td></tr>
 *   <tr><td>{@value #BATCH_SIZE}</td><td>distribution summary</td><td>sync, entity, outcome</td>
 *       <td>records per batch written</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>sync, entity</td><td>batches scheduled for a retry</td></tr>
 *   <tr><td>{@value #RETRY_BACKOFF}</td><td>timer</td><td>sync, entity</td><td>the waits before those retries</td></tr>
 *   <tr><td>{@value #ENTITIES}</td><td>gauge</td><td>sync, status</td>
 *       <td>entities of the sync's latest run in each status (WAITING, PROCESSING, COMPLETE, ERROR)</td></tr>
 *   <tr><td>{@value #RUNS}</td><td>timer</td><td>sync, status</td>
 *       <td>finished runs by how they ended (COMPLETED, COMPLETED_WITH_ERRORS, CANCELLED, FAILED), and how long
 *       they took</td></tr>
 *   <tr><td>{@value #RUNS_ACTIVE}</td><td>gauge</td><td>sync</td><td>runs going on now</td></tr>
 *   <tr><td>{@value #CONNECTION_STATUS}</td><td>gauge</td><td>connection, connection.name, status</td>
 *       <td>1 for the connection's status now (CONNECTING, INCOMPLETE, ACTIVE, INACTIVE, DISCONNECTED), 0 for
 *       the others</td></tr>
 *   <tr><td>{@value #DATA_SPACES}</td><td>gauge</td><td>connection, connection.name, status</td>
 *       <td>the connection's data spaces in each status (ACTIVATING, ACTIVE, ERROR, REMOVING_SHARING)</td></tr>
 *   <tr><td>{@value #METADATA_SYNC_STATUS}</td><td>gauge</td><td>connection, connection.name, status</td>
 *       <td>1 for the metadata sync's status now (IDLE, PENDING, IN_PROGRESS, SUCCEEDED, ERROR), 0 for the
 *       others</td></tr>
 *   <tr><td>{@value #METADATA_SYNC_PENDING}</td><td>gauge</td><td>connection, connection.name</td>
 *       <td>schema changes waiting for the next metadata round</td></tr>
 * </table>
 *
 * <p><b>Cardinality.</b> No meter has a run id, a record key or any other value that grows without bound: there is
 * one time series per sync, entity and status (sync and status for runs and entities; connection and status for
 * connections), plus Micrometer's {@code phi} tag on the published percentiles of {@value #BATCH_WRITE}, one per
 * percentile. With many entities, drop the entity tag with
 * {@link MicrometerSyncMetrics.Builder#perEntity(boolean) perEntity(false)}: the figures are then added up per
 * sync.
 */
public final class SyncwrightMeters {
    /** Records that reached each delivery status. */
    public static final String RECORDS = "syncwright.records";
    /** Records now SENT or PENDING. */
    public static final String RECORDS_OUTSTANDING = "syncwright.records.outstanding";
    /** Batch writes and their latency. */
    public static final String BATCH_WRITE = "syncwright.batch.write";
    /** Records per batch written. */
    public static final String BATCH_SIZE = "syncwright.batch.size";
    /** Batches scheduled for a retry. */
    public static final String RETRIES = "syncwright.retries";
    /** Waits before retries. */
    public static final String RETRY_BACKOFF = "syncwright.retry.backoff";
    /** Entities of the latest run in each status. */
    public static final String ENTITIES = "syncwright.entities";
    /** Finished runs and their duration. */
    public static final String RUNS = "syncwright.runs";
    /** Runs going on. */
    public static final String RUNS_ACTIVE = "syncwright.runs.active";
    /** A connection's status, as 1 and 0. */
    public static final String CONNECTION_STATUS = "syncwright.connection.status";
    /** A connection's data spaces per status. */
    public static final String DATA_SPACES = "syncwright.data.spaces";
    /** A connection's metadata sync status, as 1 and 0. */
    public static final String METADATA_SYNC_STATUS = "syncwright.metadata.sync.status";
    /** Schema changes waiting for the next metadata round. */
    public static final String METADATA_SYNC_PENDING = "syncwright.metadata.sync.pending";

    /** Tag: the sync's name. */
    public static final String TAG_SYNC = "sync";
    /** Tag: the entity's name. */
    public static final String TAG_ENTITY = "entity";
    /** Tag: a status, by its enum constant's name. */
    public static final String TAG_STATUS = "status";
    /** Tag: {@code success} or {@code failure}. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: the connection's id. */
    public static final String TAG_CONNECTION = "connection";
    /** Tag: the connection's name. */
    public static final String TAG_CONNECTION_NAME = "connection.name";

    private SyncwrightMeters() {
    }
}
