package dev.syncwright.connectors.sftp;

import dev.syncwright.spi.Secret;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * An SFTP server (Apache MINA SSHD) on 127.0.0.1 serving a temporary folder as its root, with one user who logs in
 * by password or by an authorized key. It records every rename and every written file, and can stop in the middle
 * of an upload and come back on the same port with the same host key.
 */
final class SftpTestServer implements AutoCloseable {
    static final String USER = "sync";
    static final String PASSWORD = "pw-7c1e-not-for-logs";
    static final String DIRECTORY = "/upload";

    private final Path root;
    private final KeyPair hostKey;
    private final List<PublicKey> authorizedKeys = new CopyOnWriteArrayList<>();
    private final List<String> renamedTo = new CopyOnWriteArrayList<>();
    private final Set<String> writtenFiles = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopOnNextWrite = new AtomicBoolean();
    private final CountDownLatch stoppedMidUpload = new CountDownLatch(1);
    private final CountDownLatch backAfterStop = new CountDownLatch(1);
    private volatile Receiver receiver = (name, times) -> { };
    private volatile SshServer server;
    private volatile int port;

    SftpTestServer(Path root) throws IOException {
        this(root, ecKey());
    }

    SftpTestServer(Path root, KeyPair hostKey) throws IOException {
        this.root = root;
        this.hostKey = hostKey;
        Files.createDirectories(root.resolve(DIRECTORY.substring(1)));
        start();
    }

    private synchronized void start() throws IOException {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost("127.0.0.1");
        s.setPort(port);
        s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        s.setPasswordAuthenticator((user, password, ignored) -> USER.equals(user) && PASSWORD.equals(password));
        s.setPublickeyAuthenticator((user, key, ignored) -> USER.equals(user)
                && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        s.setFileSystemFactory(new VirtualFileSystemFactory(root));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new Recorder());
        s.setSubsystemFactories(List.of(sftp));
        s.start();
        port = s.getPort();
        server = s;
    }

    /** Stops the server, closing every connection at once. */
    synchronized void stop() throws IOException {
        SshServer s = server;
        if (s != null) {
            s.stop(true);
            server = null;
        }
    }

    /** Starts the server again, on the same port and with the same host key. */
    synchronized void restart() throws IOException {
        stop();
        start();
    }

    /** The next time a client writes file data, the server stops (before the data is complete) and comes back. */
    void stopMidUploadOnce() {
        stopOnNextWrite.set(true);
    }

    /** @return true once the server has stopped mid-upload and is listening again */
    boolean awaitBackAfterStoppingMidUpload() throws InterruptedException {
        return backAfterStop.await(30, TimeUnit.SECONDS);
    }

    /** What the receiving side does when a file appears under its final name. */
    @FunctionalInterface
    interface Receiver {
        /**
         * @param name  the file's name in the upload directory
         * @param times how many times a file has appeared under that name so far, this one included
         */
        void uploaded(String name, long times) throws IOException;
    }

    /** @param receiver called on the server's thread each time a file is renamed to a name that is not hidden */
    void receiver(Receiver receiver) {
        this.receiver = receiver;
    }

    void authorize(PublicKey key) {
        authorizedKeys.add(key);
    }

    int port() {
        return port;
    }

    Path root() {
        return root;
    }

    /** @return the local file behind a path of the upload directory */
    Path uploaded(String relative) {
        return root.resolve(DIRECTORY.substring(1)).resolve(relative);
    }

    /** @return the names of the files in the upload directory, hidden ones included, folders left out */
    List<String> files() {
        try (Stream<Path> s = Files.list(uploaded(""))) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the data files a receiver would pick up: not hidden, not an acknowledgement */
    List<String> dataFiles() {
        return files().stream().filter(n -> !n.startsWith(".") && !n.endsWith(".ack") && !n.endsWith(".err")).toList();
    }

    /** @return how many times a file was renamed to that name */
    long renamesTo(String name) {
        return renamedTo.stream().filter(name::equals).count();
    }

    /** @return the names every rename ended in, in order */
    List<String> renames() {
        return List.copyOf(renamedTo);
    }

    /** @return the names of every file a client wrote data into */
    Set<String> writtenFiles() {
        return Set.copyOf(writtenFiles);
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** @return the host key as an OpenSSH public key line, as {@code ssh-keyscan} prints it */
    String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** @return a {@code known_hosts} line for this server, which runs on a port other than 22 */
    String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + hostKeyLine();
    }

    /** @return a destination builder set up for this server: password login, pinned host key, the upload directory */
    SftpDestinationBuilder destination() {
        return SftpDestination.builder().host("127.0.0.1").port(port).user(USER).password(Secret.of(PASSWORD))
                .hostKey(hostKeyLine()).directory(DIRECTORY);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records renames and writes; stops the server mid-upload when asked. */
    private final class Recorder implements SftpEventListener {
        @Override
        public void written(ServerSession peer, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                            int dataOffset, int dataLen, Throwable thrown) {
            writtenFiles.add(localHandle.getFile().getFileName().toString());
            if (stopOnNextWrite.compareAndSet(true, false)) {
                // from another thread: the server cannot stop on one of its own I/O threads
                Thread bounce = new Thread(() -> {
                    try {
                        stop();
                        stoppedMidUpload.countDown();
                        start();
                        backAfterStop.countDown();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, "sftp-test-server-bounce");
                bounce.start();
                try {
                    stoppedMidUpload.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void moved(ServerSession peer, Path srcPath, Path dstPath, Collection<CopyOption> opts, Throwable thrown)
                throws IOException {
            if (thrown == null) {
                String name = dstPath.getFileName().toString();
                renamedTo.add(name);
                if (!name.startsWith(".")) {
                    receiver.uploaded(name, renamesTo(name));
                }
            }
        }
    }
}
