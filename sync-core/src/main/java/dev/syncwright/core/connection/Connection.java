package dev.syncwright.core.connection;

import dev.syncwright.core.SyncExecution;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.SourceConnector;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A link from a home system (a source connector) to a companion system (a destination connector), with its
 * status, the data spaces shared over it and its metadata sync. Get one from {@link ConnectionManager}.
 *
 * <p>Work that uses the connectors — initial syncs, removing an unshared data space's data, reading the home's
 * metadata and metadata rounds — runs one piece at a time per connection, in the order it was asked for, so a
 * connector is never opened twice at once by the same connection; methods that start such work return at once
 * with a future. Checks ({@link #check()}) may run alongside. A method that is not allowed in the current
 * status throws at once, before anything is queued.
 *
 * <p>Thread-safe: every method may be called from any thread. Getters return at once: they never wait for a
 * listener, the store or a connector. A change is visible to getters as soon as it is made; listeners and the
 * {@link ConnectionStore} hear of it just after (see {@link ConnectionListener} and {@link ConnectionStore}).
 */
public interface Connection {

    /** @return the connection's id, unique within its store */
    String id();

    /** @return the connection's name for humans */
    String name();

    /** @return the home system's connector (the source side) */
    SourceConnector home();

    /** @return the companion system's connector (the destination side) */
    DestinationConnector companion();

    /** @return the connection's status now */
    ConnectionStatus status();

    /** @return a consistent snapshot of everything the connection keeps */
    ConnectionState state();

    /**
     * @return a future completed with the status the first check of both ends led to (INCOMPLETE or INACTIVE);
     *         for a restored connection, completed with its restored status unless it was still CONNECTING
     */
    CompletableFuture<ConnectionStatus> connected();

    /**
     * Checks both ends now, on the manager's executor. A failed check (an end unreachable or gone,
     * credentials or licence expired, or a check that threw) makes the connection INACTIVE with the check's
     * message as the reason, and cancels running initial syncs; a passed check brings an INACTIVE (or
     * CONNECTING) connection to ACTIVE, or to INCOMPLETE when nothing is shared. When checks overlap, the one
     * that started last decides: the result of a check that ends after a later-started one was applied is
     * dropped, and its future gets the status as that later check left it.
     *
     * @return a future completed with the status after the check
     * @throws IllegalStateException when the connection is DISCONNECTED
     */
    CompletableFuture<ConnectionStatus> check();

    /**
     * Shares a data space with the companion: it is ACTIVATING at once (and an INCOMPLETE connection becomes
     * ACTIVE), and its initial sync — a normal engine run of its entities, see {@link #initialSync(String)} —
     * is queued. It becomes ACTIVE when the run ends COMPLETED, else ERROR with the reason.
     *
     * @param dataSpace the data space, not null
     * @return a future completed with the data space's state when the initial sync ended (ACTIVE or ERROR)
     * @throws IllegalStateException    when the connection is not INCOMPLETE or ACTIVE (the message names its
     *                                  status), or a data space of that name is already shared
     * @throws IllegalArgumentException when one of its entities is already in another shared data space
     */
    CompletableFuture<DataSpaceState> share(DataSpace dataSpace);

    /**
     * Runs the initial sync of a data space in ERROR again. It starts over — every record of the data space is
     * sent again, which a companion that stores by key takes as updates — because a run that ended with errors
     * may have FAILED records in entities it completed. Only when the last initial sync in this manager was
     * cancelled with no entity in ERROR and no record FAILED (e.g. the connection went INACTIVE) does the retry
     * continue from its checkpoints, sending nothing twice but the batches in flight at the cancel. The data
     * space becomes ACTIVE only when the run ends COMPLETED, so every record of its entities was delivered.
     *
     * @param dataSpace the data space's name
     * @return a future completed with the data space's state when the initial sync ended (ACTIVE or ERROR)
     * @throws IllegalArgumentException when no data space of that name is shared
     * @throws IllegalStateException    when the data space is not in ERROR, or the connection is not INCOMPLETE
     *                                  or ACTIVE
     */
    CompletableFuture<DataSpaceState> retryShare(String dataSpace);

    /**
     * @param dataSpace the data space's name
     * @return the handle of its current or last initial sync in this manager (progress, cancel); empty before
     *         it started
     */
    Optional<SyncExecution> initialSync(String dataSpace);

    /**
     * Stops sharing a data space: it is REMOVING_SHARING at once; then, in turn, the companion's
     * {@link DestinationConnector#removeEntityData} is called for each of its entities the companion was given,
     * and the data space is gone (unsharing the last one makes the connection INCOMPLETE). Entities of other
     * data spaces are not touched.
     *
     * @param dataSpace the data space's name
     * @return a future completed when the data space is gone; completed exceptionally with the connector's
     *         exception when removing failed, the data space then being ERROR with the reason (unshare again)
     * @throws IllegalArgumentException when no data space of that name is shared
     * @throws IllegalStateException    when its initial sync is running (ACTIVATING), it is already being
     *                                  unshared, or the connection is not INCOMPLETE or ACTIVE
     */
    CompletableFuture<Void> unshare(String dataSpace);

    /** @return the data spaces shared now, in the order they were shared */
    List<DataSpaceState> dataSpaces();

    /**
     * @param dataSpace the data space's name
     * @return the data space of that name, if shared
     */
    Optional<DataSpaceState> dataSpace(String dataSpace);

    /** @return the metadata sync's state now */
    MetadataSyncState metadataSync();

    /**
     * Reads the home's entity descriptors and counts the changes against what the companion was last given,
     * without applying them: the metadata sync becomes PENDING with that count (or stays ERROR, with the new
     * count). Only entities of ACTIVE data spaces are compared.
     *
     * @return a future completed with the metadata sync's state after counting; completed exceptionally when
     *         the home could not be read
     * @throws IllegalStateException when the connection is DISCONNECTED
     */
    CompletableFuture<MetadataSyncState> checkMetadata();

    /**
     * Runs a metadata round: reads the home's entity descriptors (of the entities of ACTIVE data spaces),
     * derives the changes against what the companion was last given, and applies each with
     * {@link DestinationConnector#applySchemaChange}. SUCCEEDED when every change applied; ERROR when one
     * failed (a destination that does not {@link DestinationConnector#supportsSchemaChanges() support schema
     * changes} fails every change with "destination cannot change schema"), which pauses metadata syncing
     * until {@link #resolveMetadataError()}; the failures are in {@link MetadataSyncState#errorLog()}.
     *
     * @return a future completed with the metadata sync's state after the round; completed exceptionally when
     *         the home could not be read (no round then runs)
     * @throws IllegalStateException when the connection is not ACTIVE, or metadata syncing is paused by an error
     */
    CompletableFuture<MetadataSyncState> syncMetadata();

    /**
     * Tells the connection that the host fixed what made the last metadata round fail: syncing resumes and the
     * metadata sync becomes PENDING; the next round (on demand or scheduled) tries the changes again.
     *
     * @throws IllegalStateException when the metadata sync is not in ERROR
     */
    void resolveMetadataError();

    /**
     * Resolves the metadata error and runs a round at once: {@link #resolveMetadataError()} then
     * {@link #syncMetadata()}.
     *
     * @return the round's future
     * @throws IllegalStateException as those two methods do
     */
    CompletableFuture<MetadataSyncState> retryMetadataSync();

    /**
     * Disconnects: the connection becomes DISCONNECTED, running initial syncs are cancelled, its scheduled
     * checks and rounds stop, and it is deleted from the manager and the store (after any save of it still
     * queued; a failed delete is logged). Data already at the companion stays (unshare first to remove it).
     * Calling it again does nothing.
     */
    void disconnect();
}
