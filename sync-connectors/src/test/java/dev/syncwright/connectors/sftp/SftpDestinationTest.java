package dev.syncwright.connectors.sftp;

import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectionCheck;
import dev.syncwright.spi.ConnectorException;
import dev.syncwright.spi.DeliveryOutcome;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.FieldDescriptor;
import dev.syncwright.spi.Secret;
import dev.syncwright.spi.SyncRecord;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SftpDestinationTest {
    private static final EntityDescriptor ORDERS = EntityDescriptor.of("orders", "id",
            List.of(FieldDescriptor.string("id"), FieldDescriptor.string("amount"), FieldDescriptor.string("note")));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T10:15:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private SftpTestServer server;
    private final List<SftpDestination> opened = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        opened.forEach(SftpDestination::close);
        if (server != null) {
            server.close();
        }
    }

    private SftpTestServer server() throws IOException {
        server = new SftpTestServer(dir.resolve("root"));
        return server;
    }

    private SftpDestination open(SftpDestinationBuilder builder) {
        SftpDestination d = builder.build();
        opened.add(d);
        d.open(() -> (id, outcome) -> { });
        return d;
    }

    private static List<SyncRecord> records(String... keys) {
        List<SyncRecord> records = new ArrayList<>();
        for (String key : keys) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", key);
            fields.put("amount", 10L * key.length());
            fields.put("note", "a, \"b\" " + key);
            records.add(SyncRecord.of("orders", key, fields));
        }
        return records;
    }

    private static String file(DeliveryOutcome sent) {
        return sent.deliveryId().substring(0, sent.deliveryId().indexOf('#'));
    }

    @Test
    void eachBatchIsOneCompleteCsvFileNamedAfterSyncEntityRunAndBatch() throws IOException {
        // given a destination for the sync "crm-to-erp"
        SftpDestination destination = open(server().destination().syncLabel("crm-to-erp").clock(CLOCK));

        // when two batches are written
        List<DeliveryOutcome> first = destination.write(ORDERS, records("1", "2", "3"));
        List<DeliveryOutcome> second = destination.write(ORDERS, records("4"));

        // then each batch is one file, named sync_entity_run_batch, and every record is SENT with the file in its id
        String name = file(first.get(0));
        assertThat(name).matches("crm-to-erp_orders_20250314T101500Z-[0-9a-f]{6}_000001\\.csv");
        assertThat(file(second.get(0))).isEqualTo(name.replace("_000001.", "_000002."));
        assertThat(first).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.SENT);
        assertThat(first).extracting(DeliveryOutcome::deliveryId).containsExactly(name + "#1", name + "#2", name + "#3");
        assertThat(first).extracting(DeliveryOutcome::endpointId).containsOnly("/upload/" + name);
        assertThat(Files.readString(server.uploaded(name))).isEqualTo("id,amount,note\n"
                + "1,10,\"a, \"\"b\"\" 1\"\n2,10,\"a, \"\"b\"\" 2\"\n3,10,\"a, \"\"b\"\" 3\"\n");
        // and the data was only ever written under a hidden temporary name, then renamed once: no half file, no leftovers
        assertThat(server.writtenFiles()).allMatch(f -> f.startsWith(".") && f.endsWith(".part"));
        assertThat(server.renamesTo(name)).isEqualTo(1);
        assertThat(server.files()).containsExactlyInAnyOrder(name, file(second.get(0)));
    }

    @Test
    void jsonLinesFilesHoldOneObjectPerRecordAndARecordThatCannotBeWrittenFailsAlone() throws IOException {
        // given a JSON-lines destination, and a batch with a value JSON cannot hold
        SftpDestination destination = open(server().destination().format(FileFormat.JSON_LINES));
        List<SyncRecord> batch = new ArrayList<>(records("1"));
        batch.add(SyncRecord.of("orders", "2", Map.of("id", "2", "blob", new Object())));
        batch.addAll(records("3"));

        // when it is written
        List<DeliveryOutcome> outcomes = destination.write(ORDERS, batch);

        // then the bad record is FAILED with the reason and the others are in the file, one JSON object a line
        assertThat(outcomes).extracting(DeliveryOutcome::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SENT);
        assertThat(outcomes.get(1).message()).startsWith("cannot write the record as JSON");
        String name = file(outcomes.get(0));
        assertThat(name).endsWith(".jsonl");
        assertThat(Files.readAllLines(server.uploaded(name))).containsExactly(
                "{\"id\":\"1\",\"amount\":10,\"note\":\"a, \\\"b\\\" 1\"}",
                "{\"id\":\"3\",\"amount\":10,\"note\":\"a, \\\"b\\\" 3\"}");
    }

    @Test
    void anAckFileConfirmsEveryRecordOfTheFile() throws IOException {
        // given an uploaded file nobody has answered yet
        SftpDestination destination = open(server().destination());
        List<DeliveryOutcome> sent = destination.write(ORDERS, records("1", "2"));
        List<String> ids = sent.stream().map(DeliveryOutcome::deliveryId).toList();
        Map<String, DeliveryOutcome> before = destination.pollDeliveries(ids);

        // when the receiver writes <file>.ack
        Files.writeString(server.uploaded(file(sent.get(0)) + ".ack"), "OK");
        Map<String, DeliveryOutcome> after = destination.pollDeliveries(ids);

        // then nothing was settled before, and every record is OK after
        assertThat(before).isEmpty();
        assertThat(after).containsOnlyKeys(ids);
        assertThat(after.values()).extracting(DeliveryOutcome::status).containsOnly(DeliveryStatus.OK);
    }

    @Test
    void anErrFileFailsTheRecordsItNamesWithTheirReasonsAndConfirmsTheOthers() throws IOException {
        // given an uploaded file of three records
        SftpDestination destination = open(server().destination());
        List<DeliveryOutcome> sent = destination.write(ORDERS, records("1", "2", "3"));

        // when the receiver rejects record 2 by key
        Files.writeString(server.uploaded(file(sent.get(0)) + ".err"), "2\tamount must be positive\n");
        Map<String, DeliveryOutcome> settled = destination.pollDeliveries(sent.stream().map(DeliveryOutcome::deliveryId).toList());

        // then record 2 is FAILED with the receiver's reason, and 1 and 3 are OK
        assertThat(settled.get(sent.get(1).deliveryId()).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(settled.get(sent.get(1).deliveryId()).message()).isEqualTo("rejected by the receiver: amount must be positive");
        assertThat(settled.get(sent.get(0).deliveryId()).status()).isEqualTo(DeliveryStatus.OK);
        assertThat(settled.get(sent.get(2).deliveryId()).status()).isEqualTo(DeliveryStatus.OK);
    }

    @Test
    void anErrFileWithAReasonForTheWholeFileFailsEveryRecord() throws IOException {
        // given an uploaded file
        SftpDestination destination = open(server().destination());
        List<DeliveryOutcome> sent = destination.write(ORDERS, records("1", "2"));

        // when the receiver rejects the file as a whole
        Files.writeString(server.uploaded(file(sent.get(0)) + ".err"), "header does not match the import profile\n");
        Map<String, DeliveryOutcome> settled = destination.pollDeliveries(sent.stream().map(DeliveryOutcome::deliveryId).toList());

        // then every record is FAILED with that reason
        assertThat(settled.values()).hasSize(2).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(o.message()).isEqualTo("rejected by the receiver: header does not match the import profile");
        });
    }

    @Test
    void aFileMovedToProcessedIsOkAndAFileMovedToFailedIsFailed() throws IOException {
        // given a destination confirmed by folders, and two uploaded files
        SftpDestination destination = open(server().destination().confirmation(Confirmation.FOLDERS));
        DeliveryOutcome good = destination.write(ORDERS, records("1")).get(0);
        DeliveryOutcome bad = destination.write(ORDERS, records("2")).get(0);
        List<String> ids = List.of(good.deliveryId(), bad.deliveryId());
        Map<String, DeliveryOutcome> before = destination.pollDeliveries(ids);

        // when the receiver moves one to processed/ and the other to failed/
        Files.createDirectories(server.uploaded("processed"));
        Files.createDirectories(server.uploaded("failed"));
        Files.move(server.uploaded(file(good)), server.uploaded("processed/" + file(good)));
        Files.move(server.uploaded(file(bad)), server.uploaded("failed/" + file(bad)));
        Map<String, DeliveryOutcome> after = destination.pollDeliveries(ids);

        // then the first is OK and the second FAILED, saying where the receiver put it
        assertThat(before).isEmpty();
        assertThat(after.get(good.deliveryId()).status()).isEqualTo(DeliveryStatus.OK);
        assertThat(after.get(good.deliveryId()).endpointId()).isEqualTo("/upload/processed/" + file(good));
        assertThat(after.get(bad.deliveryId()).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(after.get(bad.deliveryId()).message()).isEqualTo("the receiver moved " + file(bad) + " to failed/");
    }

    @Test
    void recordsWrittenAgainAreUploadedAgainWholeUnderTheSameNameOnceForAllTheirParts() throws IOException {
        // given an uploaded file of four records
        SftpDestination destination = open(server().destination());
        List<SyncRecord> batch = records("1", "2", "3", "4");
        String name = file(destination.write(ORDERS, batch).get(0));
        String content = Files.readString(server.uploaded(name));

        // when the engine sends them again, first all, then (after another timeout) in two parts
        List<DeliveryOutcome> again = destination.write(ORDERS, batch);
        long afterWhole = server.renamesTo(name);
        List<DeliveryOutcome> firstPart = destination.write(ORDERS, batch.subList(0, 2));
        List<DeliveryOutcome> secondPart = destination.write(ORDERS, batch.subList(2, 4));

        // then the file is uploaded again whole under its name, once per round, with the same content
        assertThat(again).extracting(DeliveryOutcome::deliveryId)
                .containsExactly(name + "#1", name + "#2", name + "#3", name + "#4");
        assertThat(afterWhole).isEqualTo(2);
        assertThat(server.renamesTo(name)).isEqualTo(3);
        assertThat(firstPart).extracting(DeliveryOutcome::deliveryId).containsExactly(name + "#1", name + "#2");
        assertThat(secondPart).extracting(DeliveryOutcome::deliveryId).containsExactly(name + "#3", name + "#4");
        assertThat(Files.readString(server.uploaded(name))).isEqualTo(content);
        assertThat(server.dataFiles()).containsExactly(name);
    }

    @Test
    void aRecordWithTheSameKeyButOtherValuesGoesIntoANewFile() throws IOException {
        // given an uploaded record
        SftpDestination destination = open(server().destination());
        String first = file(destination.write(ORDERS, records("1")).get(0));

        // when the source has changed it and it is written again
        String second = file(destination.write(ORDERS, List.of(SyncRecord.of("orders", "1", Map.of("id", "1", "amount", 99L)))).get(0));

        // then the new values go into a new file: the old one is not overwritten
        assertThat(second).isNotEqualTo(first);
        assertThat(server.dataFiles()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aServerStoppedMidUploadIsTransientAndTheRetryLeavesOneCompleteFileUnderTheSameName() throws Exception {
        // given a destination whose server stops while the first file's data arrives
        SftpDestination destination = open(server().destination());
        List<SyncRecord> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            batch.add(records("key-" + i).get(0));
        }
        server.stopMidUploadOnce();

        // when the batch is written, and written again as the engine retries it
        assertThatThrownBy(() -> destination.write(ORDERS, batch))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.isTransient()).isTrue());
        assertThat(server.awaitBackAfterStoppingMidUpload()).isTrue();
        List<String> visibleAfterFailure = server.dataFiles();
        List<DeliveryOutcome> retried = destination.write(ORDERS, batch);

        // then nothing was visible under a final name after the failure, and the retry left one complete file
        String name = file(retried.get(0));
        assertThat(visibleAfterFailure).isEmpty();
        assertThat(name).endsWith("_000001.csv");
        assertThat(server.files()).containsExactly(name);
        assertThat(Files.readAllLines(server.uploaded(name))).hasSize(3001);
        assertThat(server.renamesTo(name)).isEqualTo(1);
    }

    @Test
    void aHostKeyOtherThanThePinnedOneIsAConfigurationErrorNamingTheHostAndTheOfferedKey() throws IOException {
        // given a destination that pins another key than the server's
        KeyPair other = SftpTestServer.ecKey();
        SftpDestination destination = server().destination()
                .hostKey(PublicKeyEntry.toString(other.getPublic())).build();
        opened.add(destination);

        // when it opens, then it fails with a configuration error naming the host, the offered key and the pinned one
        assertThatThrownBy(() -> destination.open(() -> (id, o) -> { }))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("hostKey"))
                .hasMessageContaining("host 127.0.0.1:" + server.port())
                .hasMessageContaining("offered the " + KeyUtils.getKeyType(server.hostKey()) + " key " + KeyUtils.getFingerPrint(server.hostKey()))
                .hasMessageContaining("not the pinned key " + KeyUtils.getFingerPrint(other.getPublic()));
        assertThat(server.files()).isEmpty();
    }

    @Test
    void knownHostsDecidesWhichServerKeyIsAccepted() throws IOException {
        // given a known_hosts file with the server's key, and one with another key for that host
        server();
        Path good = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");
        Path stale = Files.writeString(dir.resolve("known_hosts_stale"), "[127.0.0.1]:" + server.port() + " "
                + PublicKeyEntry.toString(SftpTestServer.ecKey().getPublic()) + "\n");
        Path empty = Files.writeString(dir.resolve("known_hosts_empty"), "");

        // when destinations use them
        SftpDestination trusted = open(builderWithKnownHosts(good));
        SftpDestination staleOne = builderWithKnownHosts(stale).build();
        SftpDestination unknown = builderWithKnownHosts(empty).build();
        opened.add(staleOne);
        opened.add(unknown);

        // then the listed key connects, another key for the host is refused, and a host without entry too
        assertThat(trusted.write(ORDERS, records("1")).get(0).status()).isEqualTo(DeliveryStatus.SENT);
        assertThatThrownBy(() -> staleOne.open(() -> (id, o) -> { }))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("knownHosts"))
                .hasMessageContaining("offered the " + KeyUtils.getKeyType(server.hostKey()) + " key " + KeyUtils.getFingerPrint(server.hostKey()))
                .hasMessageContaining("which is not the key " + stale + " lists for it");
        assertThatThrownBy(() -> unknown.open(() -> (id, o) -> { }))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("has no entry for that host");
    }

    @Test
    void anEd25519HostKeyCanBePinnedAndListedInKnownHosts() throws Exception {
        // given a server with an Ed25519 host key, the default of OpenSSH servers today
        server = new SftpTestServer(dir.resolve("root"), KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256));
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine() + "\n");

        // when destinations pin its key line, and find it in known_hosts
        SftpDestination pinned = open(server.destination().hostKey(server.hostKeyLine()));
        SftpDestination known = open(builderWithKnownHosts(knownHosts));

        // then both connect and upload
        assertThat(server.hostKeyLine()).startsWith("ssh-ed25519 ");
        assertThat(pinned.write(ORDERS, records("1")).get(0).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(known.write(ORDERS, records("2")).get(0).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(server.dataFiles()).hasSize(2);
    }

    private SftpDestinationBuilder builderWithKnownHosts(Path file) {
        return SftpDestination.builder().host("127.0.0.1").port(server.port()).user(SftpTestServer.USER)
                .password(Secret.of(SftpTestServer.PASSWORD)).knownHosts(file).directory(SftpTestServer.DIRECTORY);
    }

    @Test
    void logsInWithAnEncryptedPrivateKey() throws Exception {
        // given a user key the server authorizes, saved encrypted in OpenSSH format
        server();
        KeyPair userKey = SftpTestServer.ecKey();
        server.authorize(userKey.getPublic());
        Path keyFile = dir.resolve("id_ecdsa");
        OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
        encryption.setPassword("key-pass-5521");
        encryption.setCipherName("AES");
        encryption.setCipherMode("CTR");
        encryption.setCipherType("256");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "test", encryption, out);
        }

        // when a destination logs in with it, and no password
        SftpDestination destination = open(SftpDestination.builder().host("127.0.0.1").port(server.port())
                .user(SftpTestServer.USER).privateKey(keyFile, Secret.of("key-pass-5521"))
                .hostKey(server.hostKeyLine()).directory(SftpTestServer.DIRECTORY));

        // then it uploads
        assertThat(destination.write(ORDERS, records("1")).get(0).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(server.dataFiles()).hasSize(1);
    }

    @Test
    void aRefusedPasswordIsAConfigurationErrorThatDoesNotShowIt() throws IOException {
        // given a destination with a wrong password
        SftpDestination destination = server().destination().password(Secret.of("wrong-pw-3390")).build();
        opened.add(destination);

        // when it opens, then the error names the setting and the user, never the password
        assertThatThrownBy(() -> destination.open(() -> (id, o) -> { }))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.setting()).isEqualTo("password"))
                .hasMessageContaining("did not accept the password of user 'sync'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pw-3390"));
        assertThat(destination.toString()).doesNotContain("wrong-pw-3390");
    }

    @Test
    void checkSaysOkCredentialsExpiredOrUnreachable() throws IOException {
        // given a running server
        server();

        // when destinations with good and bad credentials check it, and again once it is stopped
        ConnectionCheck ok = server.destination().build().check();
        ConnectionCheck refused = server.destination().password(Secret.of("nope-1234")).build().check();
        server.stop();
        ConnectionCheck down = server.destination().build().check();

        // then each check says what it found
        assertThat(ok.status()).isEqualTo(ConnectionCheck.Status.OK);
        assertThat(refused.status()).isEqualTo(ConnectionCheck.Status.CREDENTIALS_EXPIRED);
        assertThat(refused.message()).doesNotContain("nope-1234");
        assertThat(down.status()).isEqualTo(ConnectionCheck.Status.UNREACHABLE);
    }

    @Test
    void aDeliveryIsSettledByItsIdAloneInALaterOpening() throws IOException {
        // given a file uploaded and acknowledged while another destination was open
        SftpDestination earlier = open(server().destination());
        DeliveryOutcome sent = earlier.write(ORDERS, records("1")).get(0);
        earlier.close();
        Files.writeString(server.uploaded(file(sent) + ".ack"), "OK", StandardCharsets.UTF_8);

        // when a new destination (e.g. the next run's) polls that delivery
        Map<String, DeliveryOutcome> settled = open(server.destination()).pollDeliveries(List.of(sent.deliveryId()));

        // then it is settled without any memory of the upload
        assertThat(settled.get(sent.deliveryId()).status()).isEqualTo(DeliveryStatus.OK);
    }
}
