package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.DeliveryOutcome;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads what the receiver said about uploaded files (see {@link Confirmation}) and turns it into the outcomes of
 * the deliveries asked about. Stateless.
 */
final class Receipts {
    /** The most of an {@code .err} file read: a receiver cannot make the destination hold more. */
    static final int MAX_ERROR_FILE_BYTES = 1 << 20;
    private static final int MAX_REASON = 300;

    /**
     * The receiver's answer about one file.
     *
     * @param whole   the outcome of every record the answer does not name
     * @param perKey  the reason of each record rejected by key
     */
    private record Verdict(DeliveryOutcome whole, Map<String, String> perKey) {
    }

    private Receipts() {
    }

    /**
     * Asks about the files of the deliveries, one file at a time, and puts each settled delivery's outcome into
     * {@code settled} as soon as its file is known, so that a connection lost half-way keeps what was learnt.
     *
     * @param onSettled told the name of each file found settled
     * @throws IOException when the server could not be asked
     */
    static void read(SftpClient sftp, SftpSettings settings, Collection<String> deliveryIds,
                     Map<String, DeliveryOutcome> settled, Consumer<String> onSettled) throws IOException {
        Map<String, List<DeliveryIds.Parsed>> byFile = new LinkedHashMap<>();
        Map<DeliveryIds.Parsed, List<String>> ids = new LinkedHashMap<>();
        for (String id : deliveryIds) {
            DeliveryIds.Parsed p = DeliveryIds.parse(id);
            if (p != null) {
                byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p);
                ids.computeIfAbsent(p, x -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<String, List<DeliveryIds.Parsed>> file : byFile.entrySet()) {
            Verdict v = verdict(sftp, settings, file.getKey());
            if (v == null) {
                continue;
            }
            for (DeliveryIds.Parsed p : file.getValue()) {
                String reason = v.perKey().get(p.key());
                DeliveryOutcome outcome = reason != null ? DeliveryOutcome.failed(reason) : v.whole();
                for (String id : ids.get(p)) {
                    settled.put(id, outcome);
                }
            }
            onSettled.accept(file.getKey());
        }
    }

    /** @return the receiver's answer about the file, or null while it has given none */
    private static Verdict verdict(SftpClient sftp, SftpSettings settings, String file) throws IOException {
        if (settings.confirmation() == Confirmation.FOLDERS) {
            if (exists(sftp, settings.processedPath(file))) {
                return new Verdict(DeliveryOutcome.ok(settings.processedPath(file)), Map.of());
            }
            if (exists(sftp, settings.failedPath(file))) {
                return new Verdict(DeliveryOutcome.failed("the receiver moved " + file + " to "
                        + Texts.oneLine(settings.failedFolderName()) + "/"), Map.of());
            }
            return null;
        }
        byte[] error = readIfExists(sftp, settings.errorPath(file));
        if (error != null) {
            return rejection(file, new String(error, StandardCharsets.UTF_8), settings);
        }
        if (exists(sftp, settings.ackPath(file))) {
            return new Verdict(DeliveryOutcome.ok(settings.path(file)), Map.of());
        }
        return null;
    }

    /** Reads an {@code .err} file: {@code key<TAB>reason} lines reject records, other lines the whole file. */
    private static Verdict rejection(String file, String text, SftpSettings settings) {
        Map<String, String> perKey = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        for (String line : text.split("\r\n|\n|\r")) {
            int tab = line.indexOf('\t');
            if (tab >= 0) {
                String reason = line.substring(tab + 1).strip();
                perKey.putIfAbsent(line.substring(0, tab), reason.isEmpty() ? "rejected by the receiver"
                        : "rejected by the receiver: " + settings.redact(Texts.shorten(reason, MAX_REASON)));
            } else if (!line.isBlank()) {
                reasons.add(line.strip());
            }
        }
        DeliveryOutcome whole;
        if (!reasons.isEmpty()) {
            whole = DeliveryOutcome.failed("rejected by the receiver: "
                    + settings.redact(Texts.shorten(String.join("; ", reasons), MAX_REASON)));
        } else if (perKey.isEmpty()) {
            whole = DeliveryOutcome.failed("rejected by the receiver (" + file + settings.errorSuffix() + " gives no reason)");
        } else {
            whole = DeliveryOutcome.ok(settings.path(file));
        }
        return new Verdict(whole, perKey);
    }

    static boolean exists(SftpClient sftp, String path) throws IOException {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (isMissing(e)) {
                return false;
            }
            throw e;
        }
    }

    private static byte[] readIfExists(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while (out.size() < MAX_ERROR_FILE_BYTES && (n = in.read(buffer, 0, Math.min(buffer.length,
                    MAX_ERROR_FILE_BYTES - out.size()))) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (SftpException e) {
            if (isMissing(e)) {
                return null;
            }
            throw e;
        }
    }

    static boolean isMissing(SftpException e) {
        return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH;
    }
}
