package dev.syncwright.kafka.connect.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This module's version, as Kafka Connect shows it for the connectors. */
public final class Version {
    /** The version, or "unknown" when the build did not record it. */
    public static final String VALUE = read();

    private Version() {
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/syncwright/kafka/connect/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
