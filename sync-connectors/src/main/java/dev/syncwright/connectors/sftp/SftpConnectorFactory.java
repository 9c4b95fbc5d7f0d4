package dev.syncwright.connectors.sftp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncwright.connectors.internal.ConfigReader;
import dev.syncwright.spi.ConfigurationException;
import dev.syncwright.spi.ConnectorFactory;
import dev.syncwright.spi.DestinationConnector;
import dev.syncwright.spi.Secret;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes {@link SftpDestination}s of type {@code "sftp"} from JSON:
 *
 * <pre>{@code
 * {"host": "sftp.example.com", "port": 22, "user": "sync",
 *  "password": "...",                                  // or, or as well:
 *  "privateKey": "/home/sync/.ssh/id_ecdsa", "privateKeyPassphrase": "...",
 *  "knownHosts": "/home/sync/.ssh/known_hosts",         // the default; or pin the key:
 *  "hostKey": "ecdsa-sha2-nistp256 AAAA...",            // or "SHA256:..."
 *  "directory": "/upload/crm", "format": "csv",         // or "jsonl"
 *  "confirmation": "ack-file",                          // or "folders"
 *  "ackSuffix": ".ack", "errorSuffix": ".err", "processedDirectory": "processed", "failedDirectory": "failed",
 *  "syncLabel": "crm-to-erp", "connectTimeout": "PT10S", "timeout": 30000, "systemName": "erp-sftp"}
 * }</pre>
 *
 * Durations are ISO-8601 text or milliseconds. {@code password} and {@code privateKeyPassphrase} are secrets.
 * {@code "acceptAnyHostKey": true} turns host-key verification off (for throw-away test servers only). See
 * {@link SftpDestinationBuilder} for what each setting means. Stateless and thread-safe.
 */
public final class SftpConnectorFactory implements ConnectorFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public SftpConnectorFactory() {
    }

    @Override
    public String type() {
        return "sftp";
    }

    /** @throws ConfigurationException naming the first missing, malformed or unknown setting */
    @Override
    public DestinationConnector createDestination(JsonNode config) {
        ConfigReader c = ConfigReader.of(config);
        SftpDestinationBuilder b = SftpDestination.builder();
        b.host(c.requiredString("host"));
        b.port(c.integer("port", 22, 1));
        b.user(c.requiredString("user"));
        c.secret("password").ifPresent(b::password);
        Optional<Secret> passphrase = c.secret("privateKeyPassphrase");
        c.string("privateKey").ifPresent(p -> b.privateKey(path(c, "privateKey", p), passphrase.orElse(null)));
        if (passphrase.isPresent() && !c.has("privateKey")) {
            throw c.error("privateKeyPassphrase", "goes with privateKey");
        }
        c.string("knownHosts").ifPresent(p -> b.knownHosts(path(c, "knownHosts", p)));
        c.string("hostKey").ifPresent(b::hostKey);
        b.acceptAnyHostKey(c.bool("acceptAnyHostKey", false));
        b.directory(c.requiredString("directory"));
        b.format(switch (c.string("format").orElse("csv").toLowerCase(Locale.ROOT)) {
            case "csv" -> FileFormat.CSV;
            case "jsonl", "json-lines" -> FileFormat.JSON_LINES;
            default -> throw c.error("format", "must be \"csv\" or \"jsonl\"");
        });
        b.confirmation(switch (c.string("confirmation").orElse("ack-file").toLowerCase(Locale.ROOT)) {
            case "ack-file" -> Confirmation.ACK_FILE;
            case "folders" -> Confirmation.FOLDERS;
            default -> throw c.error("confirmation", "must be \"ack-file\" or \"folders\"");
        });
        b.ackSuffixes(c.string("ackSuffix").orElse(".ack"), c.string("errorSuffix").orElse(".err"));
        b.folders(c.string("processedDirectory").orElse("processed"), c.string("failedDirectory").orElse("failed"));
        c.string("syncLabel").ifPresent(b::syncLabel);
        b.connectTimeout(c.duration("connectTimeout", Duration.ofSeconds(10)));
        b.timeout(c.duration("timeout", Duration.ofSeconds(30)));
        c.string("systemName").ifPresent(b::systemName);
        c.rejectUnknown();
        return b.build();
    }

    private static Path path(ConfigReader c, String setting, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw c.error(setting, "'" + value + "' is not a valid path");
        }
    }
}
