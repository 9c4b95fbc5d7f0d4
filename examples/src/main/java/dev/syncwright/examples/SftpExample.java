package dev.syncwright.examples;

import dev.syncwright.connectors.sftp.FileFormat;
import dev.syncwright.connectors.sftp.SftpDestination;
import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncExecution;
import dev.syncwright.core.SyncProgress;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.core.event.RecordOutcome;
import dev.syncwright.core.event.RunInfo;
import dev.syncwright.core.event.SyncListener;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.Secret;
import dev.syncwright.testkit.InMemorySource;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Pushes three entities as CSV files to an SFTP server that this example starts on 127.0.0.1 (Apache MINA SSHD,
 * serving {@code sync-data/sftp-example/server/}), logging in with a password and checking the server's pinned
 * host key. A receiver thread stands for the system on the other side: it takes one file at a time, imports it,
 * and answers with {@code <file>.ack}, or with {@code <file>.err} for the one file it cannot import. The live
 * progress shows each entity's records SENT while their files wait, OK once acknowledged, and the rejected file's
 * records FAILED with the receiver's reason.
 */
public final class SftpExample {
    private static final String USER = "sync";
    private static final Secret PASSWORD = Secret.of("example-password");

    private SftpExample() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "sync-data/sftp-example").toAbsolutePath();
        Path uploads = emptyDirectory(home.resolve("server")).resolve("upload");
        Files.createDirectories(uploads);
        KeyPair hostKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        SshServer server = startServer(home.resolve("server"), hostKey);
        Receiver receiver = new Receiver(uploads);
        Handovers handovers = new Handovers();
        try (ExampleState state = ExampleState.open(home);
             SyncEngine engine = SyncEngine.builder().parallelism(3).batchSize(200).journal(state.report())
                     .confirmationPollInterval(Duration.ofMillis(200)).listener(handovers).build()) {
            receiver.start();
            SftpDestination destination = SftpDestination.builder()
                    .host("127.0.0.1").port(server.getPort()).user(USER).password(PASSWORD)
                    .hostKey(PublicKeyEntry.toString(hostKey.getPublic()))
                    .directory("/upload").format(FileFormat.CSV).syncLabel("crm-to-erp").systemName("erp-sftp")
                    .build();
            SyncExecution run = engine.start(SyncRequest.builder("crm-to-erp")
                    .source(InMemorySource.builder().entity("customers", 600).entity("orders", 1_000)
                            .entity("invoices", 400).systemName("crm").build())
                    .destination(destination)
                    .build());
            SyncResult result = LiveProgress.follow(run, withDeliveries(System.out, run));
            System.out.printf(Locale.ROOT, "%nRun ended %s. %,d records were SENT in files; the receiver's answers made%n",
                    result.status(), handovers.sent.sum());
            System.out.printf(Locale.ROOT, "  %,6d of them OK (<file>.ack)%n", result.progress().deliveries().ok());
            System.out.printf(Locale.ROOT, "  %,6d of them FAILED (<file>.err): \"%s\"%n", result.progress().deliveries().failed(),
                    handovers.lastFailure);
            System.out.printf(Locale.ROOT, "%nThe server's files, with the receiver's .ack and .err answers: %s%n", uploads);
        } finally {
            receiver.stop();
            server.stop(true);
        }
    }

    private static SshServer startServer(Path root, KeyPair hostKey) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, ignored) -> USER.equals(user) && PASSWORD.reveal().equals(password));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        server.start();
        return server;
    }

    /** The progress view, with each entity's records per delivery status drawn under it. */
    private static PrintStream withDeliveries(PrintStream out, SyncExecution run) {
        return new PrintStream(out, true, StandardCharsets.UTF_8) {
            @Override
            public void print(String frame) {
                super.print(frame + deliveries(run.progress()));
            }
        };
    }

    private static String deliveries(SyncProgress p) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n  %-24s %8s %8s %8s %8s%n", "Deliveries",
                "SENT", "OK", "PENDING", "FAILED"));
        for (EntityProgress e : p.entities()) {
            out.append(String.format(Locale.ROOT, "  %-24s %,8d %,8d %,8d %,8d%n", e.entity(), e.deliveries().sent(),
                    e.deliveries().ok(), e.deliveries().pending(), e.deliveries().failed()));
        }
        return out.toString();
    }

    private static Path emptyDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /**
     * The receiving side: takes the uploaded files one at a time, oldest first, "imports" each for a moment and
     * answers. It cannot import the second file of orders. Ignores the hidden files still being uploaded.
     */
    private static final class Receiver implements Runnable {
        private final Path uploads;
        private final Set<String> answered = new HashSet<>();
        private final Thread thread = new Thread(this, "erp-receiver");

        Receiver(Path uploads) {
            this.uploads = uploads;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5_000);
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Path next = nextFile();
                    if (next == null) {
                        Thread.sleep(100); // a receiver that looks at its inbox now and then
                        continue;
                    }
                    Thread.sleep(250); // importing
                    answer(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                System.err.println("The receiver stopped: " + e);
            }
        }

        private Path nextFile() throws IOException {
            try (Stream<Path> files = Files.list(uploads)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".csv"))
                        .filter(f -> !f.getFileName().toString().startsWith("."))
                        .filter(f -> !answered.contains(f.getFileName().toString()))
                        .min(Comparator.comparing(f -> f.toFile().lastModified())).orElse(null);
            }
        }

        private void answer(Path file) throws IOException {
            String name = file.getFileName().toString();
            long rows = Math.max(0, Files.readAllLines(file).size() - 1);
            if (name.contains("_orders_") && name.endsWith("_000002.csv")) {
                Files.writeString(uploads.resolve(name + ".err"),
                        "cannot import " + rows + " orders: column field2 holds values the ERP does not accept\n");
            } else {
                Files.writeString(uploads.resolve(name + ".ack"), "OK\n");
            }
            answered.add(name);
        }
    }

    /** Counts the records handed over in a file (SENT), and keeps the last reason a record FAILED. Thread-safe. */
    private static final class Handovers implements SyncListener {
        private final LongAdder sent = new LongAdder();
        private volatile String lastFailure = "";

        @Override
        public void onRecordOutcomes(RunInfo run, List<RecordOutcome> outcomes) {
            for (RecordOutcome o : outcomes) {
                if (o.status() == DeliveryStatus.SENT) {
                    sent.increment();
                } else if (o.status() == DeliveryStatus.FAILED) {
                    lastFailure = o.message();
                }
            }
        }
    }
}
