package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.Secret;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;

/**
 * Builds an {@link SftpDestination}. Each setting is checked as it is given, with a {@link ConfigurationException}
 * naming it; secret values never appear in those messages. Required: {@code host}, {@code user}, {@code directory},
 * and a {@code password} or a {@code privateKey}. The server's host key is verified by default, against
 * {@code ~/.ssh/known_hosts} unless {@link #knownHosts} or {@link #hostKey} says otherwise. Not thread-safe.
 */
public final class SftpDestinationBuilder {
    private String host;
    private int port = 22;
    private String user;
    private Secret password;
    private Path privateKey;
    private Secret passphrase;
    private String hostKey;
    private Path knownHosts;
    private boolean acceptAnyHostKey;
    private String directory;
    private FileFormat format = FileFormat.CSV;
    private Confirmation confirmation = Confirmation.ACK_FILE;
    private String ackSuffix = ".ack";
    private String errorSuffix = ".err";
    private String processedDirectory = "processed";
    private String failedDirectory = "failed";
    private String syncLabel = "sync";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(30);
    private String systemName = "sftp";
    private Clock clock = Clock.systemUTC();

    SftpDestinationBuilder() {
    }

    /**
     * @param host the server's host name or address, not blank
     * @return this builder
     */
    public SftpDestinationBuilder host(String host) {
        this.host = text("host", host);
        if (this.host.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigurationException("host", "must not contain white space");
        }
        return this;
    }

    /**
     * @param port the server's port, 1 to 65535 (default 22)
     * @return this builder
     */
    public SftpDestinationBuilder port(int port) {
        if (port < 1 || port > 65535) {
            throw new ConfigurationException("port", "must be between 1 and 65535, was " + port);
        }
        this.port = port;
        return this;
    }

    /**
     * @param user the user to log in as, not blank
     * @return this builder
     */
    public SftpDestinationBuilder user(String user) {
        this.user = text("user", user);
        return this;
    }

    /**
     * @param password the user's password; may be null for none (then a private key is needed)
     * @return this builder
     */
    public SftpDestinationBuilder password(Secret password) {
        if (password != null && password.isEmpty()) {
            throw new ConfigurationException("password", "must not be empty");
        }
        this.password = password;
        return this;
    }

    /**
     * @param file a private key file (OpenSSH or PEM format) to log in with, read when the destination is built
     * @return this builder
     */
    public SftpDestinationBuilder privateKey(Path file) {
        return privateKey(file, null);
    }

    /**
     * @param file       a private key file (OpenSSH or PEM format) to log in with, read when the destination is built
     * @param passphrase what the key is encrypted with; may be null for a key that is not encrypted
     * @return this builder
     */
    public SftpDestinationBuilder privateKey(Path file, Secret passphrase) {
        this.privateKey = Objects.requireNonNull(file, "file");
        this.passphrase = passphrase;
        return this;
    }

    /**
     * Pins the server's key, instead of looking it up in a {@code known_hosts} file.
     *
     * @param key the key as an OpenSSH public key line ({@code ecdsa-sha2-nistp256 AAAA...}, as
     *            {@code ssh-keyscan} prints it, which also makes the server offer a key of that type) or its
     *            fingerprint ({@code SHA256:...}, as {@code ssh-keygen -lf} prints it)
     * @return this builder
     * @throws ConfigurationException naming {@code hostKey} when it is neither
     */
    public SftpDestinationBuilder hostKey(String key) {
        HostKeyCheck.pinned(key, "host", 22); // checked now, built for the host in build()
        this.hostKey = key.strip();
        return this;
    }

    /**
     * @param file an OpenSSH {@code known_hosts} file to verify the server's key with (default
     *             {@code ~/.ssh/known_hosts}); read at every connection; entries for a port other than 22 are
     *             written {@code [host]:port}
     * @return this builder
     */
    public SftpDestinationBuilder knownHosts(Path file) {
        this.knownHosts = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Turns host-key verification off: the destination then cannot tell the server from an impostor that would
     * receive the data and the password. For tests against throw-away servers only; logged as a warning.
     *
     * @param accept true to accept any key (default false)
     * @return this builder
     */
    public SftpDestinationBuilder acceptAnyHostKey(boolean accept) {
        this.acceptAnyHostKey = accept;
        return this;
    }

    /**
     * @param directory where the files are uploaded, absolute or relative to the user's home; created when missing
     * @return this builder
     */
    public SftpDestinationBuilder directory(String directory) {
        String d = text("directory", directory).strip();
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        this.directory = d;
        return this;
    }

    /**
     * @param format how each batch is written (default {@link FileFormat#CSV})
     * @return this builder
     */
    public SftpDestinationBuilder format(FileFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        return this;
    }

    /**
     * @param confirmation how the receiver confirms a file (default {@link Confirmation#ACK_FILE})
     * @return this builder
     */
    public SftpDestinationBuilder confirmation(Confirmation confirmation) {
        this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
        return this;
    }

    /**
     * @param ack   what the receiver appends to a file's name for its acknowledgement (default {@code .ack})
     * @param error what it appends for a rejection (default {@code .err})
     * @return this builder
     */
    public SftpDestinationBuilder ackSuffixes(String ack, String error) {
        this.ackSuffix = fileNamePart("ackSuffix", ack);
        this.errorSuffix = fileNamePart("errorSuffix", error);
        if (ackSuffix.equals(errorSuffix)) {
            throw new ConfigurationException("errorSuffix", "must differ from ackSuffix");
        }
        return this;
    }

    /**
     * @param processed the folder the receiver moves a processed file to (default {@code processed}), relative to
     *                  the upload directory unless it starts with {@code /}
     * @param failed    the folder it moves a rejected file to (default {@code failed})
     * @return this builder
     */
    public SftpDestinationBuilder folders(String processed, String failed) {
        this.processedDirectory = folder("processedDirectory", processed);
        this.failedDirectory = folder("failedDirectory", failed);
        if (processedDirectory.equals(failedDirectory)) {
            throw new ConfigurationException("failedDirectory", "must differ from processedDirectory");
        }
        return this;
    }

    /**
     * @param label the name of the sync the files belong to, the first part of every file name (default {@code sync})
     * @return this builder
     */
    public SftpDestinationBuilder syncLabel(String label) {
        this.syncLabel = text("syncLabel", label);
        return this;
    }

    /**
     * @param timeout how long connecting and logging in may take (default 10 s); longer is a transient failure
     * @return this builder
     */
    public SftpDestinationBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
        return this;
    }

    /**
     * @param timeout how long to wait for each answer of the server (default 30 s); an unused connection is also
     *                closed after this long
     * @return this builder
     */
    public SftpDestinationBuilder timeout(Duration timeout) {
        this.timeout = positive("timeout", timeout);
        return this;
    }

    /**
     * @param name the destination system's name shown in reports, not blank (default {@code sftp})
     * @return this builder
     */
    public SftpDestinationBuilder systemName(String name) {
        this.systemName = text("systemName", name);
        return this;
    }

    /**
     * @param clock what the run token in file names is taken from (default the system clock in UTC), not null
     * @return this builder
     */
    public SftpDestinationBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * @return a new, unopened destination
     * @throws ConfigurationException naming the first required setting that is missing, or a private key that
     *                                cannot be read, or host-key settings that contradict each other
     */
    public SftpDestination build() {
        if (host == null) {
            throw new ConfigurationException("host", "is required");
        }
        if (user == null) {
            throw new ConfigurationException("user", "is required");
        }
        if (directory == null) {
            throw new ConfigurationException("directory", "is required");
        }
        if (password == null && privateKey == null) {
            throw new ConfigurationException("password", "a password or a privateKey is required");
        }
        if ((hostKey != null ? 1 : 0) + (knownHosts != null ? 1 : 0) + (acceptAnyHostKey ? 1 : 0) > 1) {
            throw new ConfigurationException(hostKey != null ? "hostKey" : "knownHosts",
                    "give one of hostKey, knownHosts and acceptAnyHostKey");
        }
        HostKeyCheck hostKeys = hostKey != null ? HostKeyCheck.pinned(hostKey, host, port)
                : acceptAnyHostKey ? HostKeyCheck.acceptingAny(host, port)
                : HostKeyCheck.knownHosts(knownHosts != null ? knownHosts : KnownHostEntry.getDefaultKnownHostsFile(), host, port);
        KeyPair keyPair = privateKey == null ? null : loadKey(privateKey, passphrase);
        return new SftpDestination(new SftpSettings(host, port, user, password, keyPair, passphrase, hostKeys, directory,
                format, confirmation, ackSuffix, errorSuffix, processedDirectory, failedDirectory, syncLabel, connectTimeout,
                timeout, systemName, clock));
    }

    private static KeyPair loadKey(Path file, Secret passphrase) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("privateKey", "file " + file + " does not exist");
        }
        Iterable<KeyPair> keys;
        try (InputStream in = Files.newInputStream(file)) {
            keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
                    passphrase == null ? null : FilePasswordProvider.of(passphrase.reveal()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // the parser's message may quote the file; never the passphrase, but mask it anyway
            String why = Texts.describe(e);
            if (passphrase != null && !passphrase.isEmpty()) {
                why = why.replace(passphrase.reveal(), "****");
            }
            throw new ConfigurationException(passphrase == null ? "privateKey" : "privateKeyPassphrase",
                    "cannot read the private key in " + file + (passphrase == null ? " (is it encrypted?)" : "") + ": " + why);
        }
        Iterator<KeyPair> it = keys == null ? null : keys.iterator();
        if (it == null || !it.hasNext()) {
            throw new ConfigurationException("privateKey", "file " + file + " holds no private key");
        }
        return it.next();
    }

    private static String text(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(setting, "must not be blank");
        }
        if (!Texts.oneLine(value).equals(value) || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ConfigurationException(setting, "must not contain control characters or line breaks");
        }
        return value;
    }

    private static String fileNamePart(String setting, String value) {
        String v = text(setting, value);
        if (v.contains("/")) {
            throw new ConfigurationException(setting, "must not contain '/'");
        }
        return v;
    }

    private static String folder(String setting, String value) {
        String v = text(setting, value).strip();
        while (v.length() > 1 && v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    private static Duration positive(String setting, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigurationException(setting, "must be positive, was " + d);
        }
        return d;
    }
}
