package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.internal.RecordFiles;
import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.DestinationContext;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.SyncRecord;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes batches of records as files to a directory on an SFTP server, and learns from the receiving side when it
 * has taken each file. Build with {@link #builder()}; see {@link SftpDestinationBuilder} for the settings, or
 * configure it from JSON with {@link SftpConnectorFactory}.
 *
 * <p><b>Files.</b> Each batch becomes one file in the configured {@link FileFormat}, named
 * {@code <sync>_<entity>_<run>_<batch>.<csv|jsonl>}: the configured sync label, the entity, a run token made when the
 * destination opens (UTC time and random hex, e.g. {@code 20250314T101500Z-7f3a9c}) and the entity's batch number,
 * e.g. {@code crm-to-erp_orders_20250314T101500Z-7f3a9c_000001.csv}. A file is written as
 * {@code .<name>.part} and renamed when complete (replacing a file of that name), so a receiver that ignores
 * names starting with a dot never sees half a file. A record whose values cannot be written is FAILED alone.
 *
 * <p><b>Delivery status.</b> Every record of an uploaded file is SENT, with the file's path as its endpoint id and
 * {@code <file name>#<record key>} as its delivery id: one id per record, so that the receiver can reject single
 * records; the file is in every id, so the engine's polls ({@link #pollDeliveries}) ask about files. The receiver
 * confirms as the {@link Confirmation} mode says: acknowledgement files, or moving the file to a
 * {@code processed/} or {@code failed/} folder. A file nobody confirms within the engine's confirmation timeout
 * goes back to PENDING and the engine writes its records again: the same file is uploaded again under the same
 * name, so the receiver can de-duplicate. (A delivery carried over from an earlier run of the sync is polled
 * the same way, but when it must be re-sent its records go into a new file of the current run.)
 *
 * <p><b>Failures.</b> A connection that cannot be made or breaks is transient: the write throws a
 * {@link ConnectorException.Kind#TRANSIENT} exception, the engine retries the batch, and the retry writes the same
 * temporary file and renames it to the same name, so the final name never holds half a file nor a second copy.
 * A server key that does not match ({@code hostKey} or {@code knownHosts}), or credentials the server refuses, are
 * a {@link ConfigurationException} naming the setting; the host-key message names the host and the offered key.
 * A directory that does not exist or cannot be written is permanent. Secret values never appear in messages,
 * logs or {@link #toString()}.
 *
 * <p>Thread-safe: batches of different entities are uploaded at once, each on its own SFTP channel of one shared
 * SSH connection, while another thread polls.
 */
public final class SftpDestination implements DestinationConnector {
    private static final Logger LOG = LoggerFactory.getLogger(SftpDestination.class);

    /** What one opening holds: the connection and the files not confirmed yet. */
    private record Opened(SshLink link, Uploads uploads) {
    }

    private final SftpSettings settings;
    private volatile Opened opened;

    SftpDestination(SftpSettings settings) {
        this.settings = settings;
    }

    /** @return a builder; not thread-safe */
    public static SftpDestinationBuilder builder() {
        return new SftpDestinationBuilder();
    }

    @Override
    public String systemName() {
        return settings.systemName();
    }

    /**
     * Connects, checks the server's key and the credentials, and creates the upload directory when missing. A
     * server that cannot be reached now is only logged: writes retry it.
     *
     * @throws ConfigurationException naming the setting when the host key does not match, the credentials are
     *                                refused, or the directory cannot be created
     */
    @Override
    public synchronized void open(DestinationContext context) {
        close();
        if (settings.hostKeys().acceptsAny()) {
            LOG.warn("SFTP destination {} accepts any host key: it cannot tell the server from an impostor",
                    settings.where());
        }
        SshLink link = new SshLink(settings);
        Opened o = new Opened(link, new Uploads(settings.syncLabel(), settings.clock().instant()));
        try {
            link.run(sftp -> {
                createDirectory(sftp);
                return null;
            });
        } catch (ConfigurationException e) {
            link.close();
            throw e;
        } catch (SftpException e) {
            link.close();
            throw new ConfigurationException("directory", "cannot use " + Texts.oneLine(settings.directory()) + " on "
                    + settings.where() + ": " + settings.redact(Texts.describe(e)), e);
        } catch (ConnectorException | IOException e) {
            if (e instanceof ConnectorException ce && !ce.isTransient()) {
                link.close();
                throw ce;
            }
            LOG.warn("SFTP destination {} cannot be reached yet ({}); writes will retry",
                    settings.where(), settings.redact(Texts.describe(e)));
        }
        LOG.info("SFTP destination {} open: directory {}, run token {}", settings.where(),
                Texts.oneLine(settings.directory()), o.uploads().runToken());
        opened = o;
    }

    /**
     * Uploads the batch as one file (more when some of its records were uploaded before, in other files: those
     * files are uploaded again whole, under their names).
     *
     * @return one outcome per record: SENT, or FAILED for a record whose values cannot be written
     * @throws ConnectorException transient when the connection failed or broke (the batch is retried); permanent
     *                            when the directory is missing or cannot be written; configuration when the host
     *                            key or the credentials are refused
     */
    @Override
    public List<DeliveryOutcome> write(EntityDescriptor entity, List<SyncRecord> batch) {
        Opened o = requireOpen();
        DeliveryOutcome[] outcomes = new DeliveryOutcome[batch.size()];
        Uploads.Plan plan = o.uploads().plan(entity.name(), batch);
        Map<Uploads.Upload, List<Integer>> files = new LinkedHashMap<>();
        Map<Uploads.Upload, byte[]> newFiles = new HashMap<>();
        if (!plan.fresh().isEmpty()) {
            List<SyncRecord> records = plan.fresh().stream().map(batch::get).toList();
            RecordFiles.Content content = RecordFiles.write(settings.format().format(), entity, records);
            List<Integer> written = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                String rejected = content.rejected().get(i);
                if (rejected != null) {
                    outcomes[plan.fresh().get(i)] = DeliveryOutcome.failed(rejected);
                } else {
                    written.add(plan.fresh().get(i));
                }
            }
            if (!written.isEmpty()) {
                Uploads.Upload u = o.uploads().register(entity.name(), content.written(), settings.format().format().extension());
                files.put(u, written);
                newFiles.put(u, content.bytes());
            }
        }
        files.putAll(plan.again());
        Map<Uploads.Upload, Set<String>> uploaded = upload(o, entity, batch, files, newFiles);
        for (Map.Entry<Uploads.Upload, List<Integer>> f : files.entrySet()) {
            for (int i : f.getValue()) {
                outcomes[i] = DeliveryOutcome.sent(DeliveryIds.of(f.getKey().name, batch.get(i).key()), settings.path(f.getKey().name));
            }
        }
        uploaded.forEach((u, keys) -> o.uploads().uploaded(u, keys, newFiles.containsKey(u)));
        return Arrays.asList(outcomes);
    }

    /**
     * @param newFiles the content of the batch's new file; the files uploaded before are written again from their records
     * @return the files uploaded, with the keys of this batch's records in each
     */
    private Map<Uploads.Upload, Set<String>> upload(Opened o, EntityDescriptor entity, List<SyncRecord> batch,
                                                    Map<Uploads.Upload, List<Integer>> files,
                                                    Map<Uploads.Upload, byte[]> newFiles) {
        Map<Uploads.Upload, Set<String>> toUpload = new LinkedHashMap<>();
        for (Map.Entry<Uploads.Upload, List<Integer>> f : files.entrySet()) {
            Set<String> keys = new HashSet<>();
            f.getValue().forEach(i -> keys.add(batch.get(i).key()));
            if (newFiles.containsKey(f.getKey()) || o.uploads().needsUpload(f.getKey(), keys)) {
                toUpload.put(f.getKey(), keys);
            }
        }
        if (toUpload.isEmpty()) {
            return toUpload;
        }
        String[] current = {toUpload.keySet().iterator().next().name};
        try {
            o.link().run(sftp -> {
                for (Uploads.Upload u : toUpload.keySet()) {
                    current[0] = u.name;
                    byte[] bytes = newFiles.containsKey(u) ? newFiles.get(u)
                            : RecordFiles.write(settings.format().format(), entity, u.records).bytes();
                    put(sftp, u.name, bytes);
                    LOG.debug("Uploaded {} ({} records, {} bytes)", u.name, u.records.size(), bytes.length);
                }
                return null;
            });
        } catch (IOException e) {
            throw failure("cannot upload " + current[0] + " to " + Texts.oneLine(settings.directory()) + " on "
                    + settings.where(), e);
        }
        return toUpload;
    }

    /** Writes the file under its temporary name, then renames it; a failed attempt removes what it can. */
    private void put(SftpClient sftp, String name, byte[] bytes) throws IOException {
        String temporary = settings.temporaryPath(name);
        try {
            try (OutputStream out = sftp.write(temporary, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                    SftpClient.OpenMode.Truncate)) {
                out.write(bytes);
            }
            rename(sftp, temporary, settings.path(name));
        } catch (IOException e) {
            try {
                sftp.remove(temporary);
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone: the retry truncates and rewrites the same temporary file
            }
            throw e;
        }
    }

    /** Renames, replacing a file of that name (a file uploaded again): SFTP 5+ flags, OpenSSH's posix-rename, else remove first. */
    private static void rename(SftpClient sftp, String from, String to) throws IOException {
        if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
            sftp.rename(from, to, SftpClient.CopyMode.Overwrite, SftpClient.CopyMode.Atomic);
            return;
        }
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix != null && posix.isSupported()) {
            posix.posixRename(from, to);
            return;
        }
        try {
            sftp.remove(to);
        } catch (SftpException e) {
            if (!Receipts.isMissing(e)) {
                throw e;
            }
        }
        sftp.rename(from, to);
    }

    /**
     * Looks for the receiver's answer about each delivery's file: its acknowledgement files, or the folder it moved
     * the file to. Files without an answer are left out; so is everything when the server cannot be asked now.
     */
    @Override
    public Map<String, DeliveryOutcome> pollDeliveries(Collection<String> deliveryIds) {
        Opened o = opened;
        if (o == null || deliveryIds.isEmpty()) {
            return Map.of();
        }
        Map<String, DeliveryOutcome> settled = new LinkedHashMap<>();
        try {
            o.link().run(sftp -> {
                Receipts.read(sftp, settings, deliveryIds, settled, o.uploads()::settled);
                return null;
            });
        } catch (IOException | ConnectorException e) {
            LOG.debug("Polling {} deliveries at {} failed: {}", deliveryIds.size(), settings.where(),
                    settings.redact(Texts.describe(e)));
        }
        return settled;
    }

    /**
     * Connects with a connection of its own, logs in and looks at the upload directory.
     *
     * @return OK; UNREACHABLE when the server cannot be reached or its host key does not match; CREDENTIALS_EXPIRED
     *         when the password or key is refused; GONE when the directory does not exist
     */
    @Override
    public ConnectionCheck check() {
        try (SshLink probe = new SshLink(settings)) {
            boolean exists = probe.run(sftp -> Receipts.exists(sftp, settings.directory()));
            return exists ? ConnectionCheck.ok()
                    : ConnectionCheck.gone("directory " + Texts.oneLine(settings.directory()) + " does not exist on " + settings.where());
        } catch (ConfigurationException e) {
            boolean credentials = e.setting().equals("password") || e.setting().equals("privateKey");
            return credentials ? ConnectionCheck.credentialsExpired(e.getMessage()) : ConnectionCheck.unreachable(e.getMessage());
        } catch (ConnectorException | IOException e) {
            return ConnectionCheck.unreachable(settings.redact(Texts.describe(e)));
        }
    }

    /** Disconnects and forgets the files not confirmed yet (a later run polls them by their delivery ids). */
    @Override
    public synchronized void close() {
        Opened o = opened;
        opened = null;
        if (o != null) {
            o.link().close();
        }
    }

    private Opened requireOpen() {
        Opened o = opened;
        if (o == null) {
            throw new IllegalStateException("SFTP destination " + settings.where() + " is not open");
        }
        return o;
    }

    private void createDirectory(SftpClient sftp) throws IOException {
        String dir = settings.directory();
        if (Receipts.exists(sftp, dir)) {
            return;
        }
        StringBuilder path = new StringBuilder(dir.startsWith("/") ? "/" : "");
        for (String part : dir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append(path.length() == 0 || path.charAt(path.length() - 1) == '/' ? "" : "/").append(part);
            if (!Receipts.exists(sftp, path.toString())) {
                try {
                    sftp.mkdir(path.toString());
                } catch (SftpException e) {
                    throw new ConfigurationException("directory", "cannot create " + Texts.oneLine(path.toString())
                            + " on " + settings.where() + ": " + settings.redact(Texts.describe(e)), e);
                }
            }
        }
    }

    private ConnectorException failure(String what, IOException e) {
        String message = what + ": " + settings.redact(Texts.describe(e));
        if (e instanceof SftpException se) {
            switch (se.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH, SftpConstants.SSH_FX_PERMISSION_DENIED,
                     SftpConstants.SSH_FX_WRITE_PROTECT, SftpConstants.SSH_FX_INVALID_FILENAME,
                     SftpConstants.SSH_FX_NOT_A_DIRECTORY:
                    return ConnectorException.permanent(message, e);
                default:
                    break;
            }
        }
        return ConnectorException.transientFailure(message, e);
    }

    @Override
    public String toString() {
        return "SftpDestination[" + settings + "]";
    }
}
