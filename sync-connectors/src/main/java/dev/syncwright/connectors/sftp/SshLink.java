package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One SSH connection to the server, made when first needed and made again after it broke, shared by the threads
 * of a destination; each piece of work gets its own SFTP channel on it. Thread-safe.
 *
 * <p>Connection errors become {@link ConnectorException}s: a refused or lost connection is transient; a host key
 * that does not match, or credentials the server refuses, is a {@link ConfigurationException} naming the setting.
 */
final class SshLink implements AutoCloseable {

    /** A piece of work on an SFTP channel. */
    @FunctionalInterface
    interface Work<T> {
        T run(SftpClient sftp) throws IOException;
    }

    private final SftpSettings settings;
    private final SshClient client;
    private final List<NamedFactory<Signature>> signatures;
    private ClientSession connection; // guarded by this
    /** Why the server's key was refused in the current connection attempt; connections are made under this. */
    private volatile String rejectedKey;

    SshLink(SftpSettings settings) {
        this.settings = settings;
        this.client = SshClient.setUpDefaultClient();
        // only what the settings say: no ~/.ssh/config, no default identities, no interactive prompts
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserInteraction(null);
        client.setServerKeyVerifier((c, address, key) -> {
            String why;
            try {
                why = settings.hostKeys().rejection(key);
            } catch (ConfigurationException e) {
                why = e.getMessage();
            }
            rejectedKey = why;
            return why == null;
        });
        // the wait for each SFTP answer, and how long an unused connection is kept
        CoreModuleProperties.IDLE_TIMEOUT.set(client, settings.timeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.connectTimeout());
        signatures = List.copyOf(client.getSignatureFactories());
        client.start();
    }

    /**
     * Runs the work on a new SFTP channel, connecting first when needed. A failure that is not an SFTP status
     * (the connection broke) drops the connection, so the next call connects again.
     *
     * @throws IOException        when the work failed
     * @throws ConnectorException when no connection could be made (see the class comment)
     */
    <T> T run(Work<T> work) throws IOException {
        ClientSession s = connection();
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(s)) {
            return work.run(sftp);
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof SftpException)) {
                drop(s);
            }
            throw e;
        }
    }

    private synchronized ClientSession connection() {
        if (connection != null && connection.isOpen() && connection.isAuthenticated()) {
            return connection;
        }
        drop(connection);
        connection = connect();
        return connection;
    }

    private ClientSession connect() {
        preferExpectedKeyTypes();
        rejectedKey = null;
        ClientSession s = null;
        try {
            s = client.connect(settings.user(), settings.host(), settings.port())
                    .verify(settings.connectTimeout()).getSession();
            if (settings.password() != null) {
                s.addPasswordIdentity(settings.password().reveal());
            }
            if (settings.keyPair() != null) {
                s.addPublicKeyIdentity(settings.keyPair());
            }
            s.auth().verify(settings.connectTimeout());
            return s;
        } catch (IOException | RuntimeException e) {
            drop(s);
            // a refused host key may end the attempt at any step, even before the connection is handed out
            String why = rejectedKey;
            if (why != null) {
                throw new ConfigurationException(settings.hostKeys().setting(), why);
            }
            if (e instanceof SshException se
                    && se.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                throw new ConfigurationException(settings.password() != null ? "password" : "privateKey",
                        "the server at " + settings.where() + " did not accept the "
                                + (settings.password() != null && settings.keyPair() != null ? "password or the private key"
                                : settings.password() != null ? "password" : "private key")
                                + " of user '" + Texts.oneLine(settings.user()) + "'");
            }
            throw ConnectorException.transientFailure((s == null ? "cannot connect to " : "cannot log in to ")
                    + settings.where() + ": " + settings.redact(Texts.describe(e)), e);
        }
    }

    /** A server with several host keys offers the first type the client lists that it has: list the expected first. */
    private void preferExpectedKeyTypes() {
        Set<String> expected = settings.hostKeys().expectedKeyTypes();
        if (expected.isEmpty()) {
            return;
        }
        List<NamedFactory<Signature>> first = new ArrayList<>();
        List<NamedFactory<Signature>> rest = new ArrayList<>();
        for (NamedFactory<Signature> f : signatures) {
            (expected.contains(KeyUtils.getCanonicalKeyType(f.getName())) ? first : rest).add(f);
        }
        first.addAll(rest);
        client.setSignatureFactories(first);
    }

    private synchronized void drop(ClientSession s) {
        if (s == null) {
            return;
        }
        if (s == connection) {
            connection = null;
        }
        s.close(true);
    }

    /** Closes the connection and stops the client's threads. */
    @Override
    public void close() {
        synchronized (this) {
            drop(connection);
        }
        try {
            client.stop();
        } catch (RuntimeException e) {
            // stopping is best effort; the threads are the client's own
        }
    }
}
