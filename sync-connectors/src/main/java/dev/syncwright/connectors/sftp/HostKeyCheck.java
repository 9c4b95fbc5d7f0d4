package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the key a server offers is the one expected for its host: a pinned key (an OpenSSH public key
 * line or its {@code SHA256:} fingerprint), or the host's entries in a {@code known_hosts} file (read again at
 * every connection, hashed host names and {@code [host]:port} entries included). A rejection says why in a message
 * that names the host and the offered key. Immutable and thread-safe.
 */
final class HostKeyCheck {
    private final String setting;
    private final String pinnedFingerprint;
    private final String pinnedType;
    private final Path knownHosts;
    private final String host;
    private final int port;

    private HostKeyCheck(String setting, String pinnedFingerprint, String pinnedType, Path knownHosts, String host, int port) {
        this.setting = setting;
        this.pinnedFingerprint = pinnedFingerprint;
        this.pinnedType = pinnedType;
        this.knownHosts = knownHosts;
        this.host = host;
        this.port = port;
    }

    /**
     * @param spec an OpenSSH public key line ({@code ecdsa-sha2-nistp256 AAAA...}) or a fingerprint
     *             ({@code SHA256:...})
     * @throws ConfigurationException naming {@code hostKey} when it is neither
     */
    static HostKeyCheck pinned(String spec, String host, int port) {
        String s = spec == null ? "" : spec.strip();
        if (s.startsWith("SHA256:") && s.length() > "SHA256:".length()) {
            return new HostKeyCheck("hostKey", s, null, null, host, port);
        }
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(s).resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            return new HostKeyCheck("hostKey", KeyUtils.getFingerPrint(key), KeyUtils.getKeyType(key), null, host, port);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException("hostKey", "must be an OpenSSH public key line (e.g. 'ssh-ed25519 AAAA...')"
                    + " or a fingerprint 'SHA256:...', was '" + Texts.shorten(s, 80) + "'");
        }
    }

    /** @param file an OpenSSH {@code known_hosts} file; read at every connection */
    static HostKeyCheck knownHosts(Path file, String host, int port) {
        return new HostKeyCheck("knownHosts", null, null, file, host, port);
    }

    /** @return a check that accepts any key: no protection against a server that is not the one meant */
    static HostKeyCheck acceptingAny(String host, int port) {
        return new HostKeyCheck("acceptAnyHostKey", null, null, null, host, port);
    }

    /** @return the setting a rejection is reported against */
    String setting() {
        return setting;
    }

    boolean acceptsAny() {
        return pinnedFingerprint == null && knownHosts == null;
    }

    /**
     * @return the key types the server should offer (so that a server with several host keys offers one that can
     *         match), or an empty set for no preference
     * @throws ConfigurationException naming {@code knownHosts} when the file cannot be read
     */
    Set<String> expectedKeyTypes() {
        Set<String> types = new LinkedHashSet<>();
        if (pinnedType != null) {
            types.add(KeyUtils.getCanonicalKeyType(pinnedType));
        }
        if (knownHosts != null) {
            for (KnownHostEntry e : entries()) {
                if (e.getKeyEntry() != null && !"revoked".equals(e.getMarker())) {
                    types.add(KeyUtils.getCanonicalKeyType(e.getKeyEntry().getKeyType()));
                }
            }
        }
        return types;
    }

    /**
     * @return null when the offered key is the expected one, else a message naming the host and the offered key
     * @throws ConfigurationException naming {@code knownHosts} when the file cannot be read
     */
    String rejection(PublicKey offered) {
        if (acceptsAny()) {
            return null;
        }
        String offeredText = KeyUtils.getKeyType(offered) + " key " + KeyUtils.getFingerPrint(offered);
        String hostText = Texts.oneLine(host) + ":" + port;
        if (pinnedFingerprint != null) {
            return pinnedFingerprint.equals(KeyUtils.getFingerPrint(offered)) ? null
                    : "host " + hostText + " offered the " + offeredText + ", which is not the pinned key " + pinnedFingerprint;
        }
        List<String> listed = new ArrayList<>();
        for (KnownHostEntry e : entries()) {
            AuthorizedKeyEntry keyEntry = e.getKeyEntry();
            if (keyEntry == null || !e.isHostMatch(host, port)) {
                continue;
            }
            PublicKey known;
            try {
                known = keyEntry.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
            } catch (IOException | GeneralSecurityException | RuntimeException ex) {
                continue; // a key type this client cannot read cannot match either
            }
            if (known == null) {
                continue;
            }
            boolean same = KeyUtils.compareKeys(known, offered);
            if (same && "revoked".equals(e.getMarker())) {
                return "host " + hostText + " offered the " + offeredText + ", which " + knownHosts + " marks as revoked";
            }
            if (same) {
                return null;
            }
            listed.add(KeyUtils.getKeyType(known) + " " + KeyUtils.getFingerPrint(known));
        }
        return listed.isEmpty()
                ? "host " + hostText + " offered the " + offeredText + ", but " + knownHosts + " has no entry for that host"
                        + " (add one, e.g. with ssh-keyscan, or pin the key in hostKey)"
                : "host " + hostText + " offered the " + offeredText + ", which is not the key " + knownHosts
                        + " lists for it (" + String.join(", ", listed) + ")";
    }

    private List<KnownHostEntry> entries() {
        if (!Files.isRegularFile(knownHosts)) {
            throw new ConfigurationException("knownHosts", "file " + knownHosts + " does not exist");
        }
        try {
            return KnownHostEntry.readKnownHostEntries(knownHosts);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("knownHosts", "cannot read " + knownHosts + ": " + Texts.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return pinnedFingerprint != null ? "pinned " + pinnedFingerprint : knownHosts != null ? "known_hosts " + knownHosts : "any";
    }
}
