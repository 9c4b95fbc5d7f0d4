package dev.syncwright.connectors.sftp;

import dev.syncwright.connectors.internal.Texts;
import dev.syncwright.spi.Secret;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;

/**
 * The settings of an {@link SftpDestination}, and the remote paths they make. Immutable; secrets (the password, the
 * private key and its passphrase) are never shown.
 *
 * @param keyPair the private key to log in with, or null; loaded by the builder
 */
record SftpSettings(String host, int port, String user, Secret password, KeyPair keyPair, Secret passphrase,
                    HostKeyCheck hostKeys, String directory, FileFormat format, Confirmation confirmation,
                    String ackSuffix, String errorSuffix, String processedDirectory, String failedDirectory,
                    String syncLabel, Duration connectTimeout, Duration timeout, String systemName, Clock clock) {

    /** @return where the file of that name is read by the receiver */
    String path(String name) {
        return directory + "/" + name;
    }

    /** @return where the file is written before it is renamed: hidden, and not ending in the format's extension */
    String temporaryPath(String name) {
        return directory + "/." + name + ".part";
    }

    String ackPath(String name) {
        return path(name) + ackSuffix;
    }

    String errorPath(String name) {
        return path(name) + errorSuffix;
    }

    String processedPath(String name) {
        return folder(processedDirectory) + "/" + name;
    }

    String failedPath(String name) {
        return folder(failedDirectory) + "/" + name;
    }

    String processedFolderName() {
        return processedDirectory;
    }

    String failedFolderName() {
        return failedDirectory;
    }

    private String folder(String folder) {
        return folder.startsWith("/") ? folder : directory + "/" + folder;
    }

    /** @return {@code user@host:port}, for messages */
    String where() {
        return Texts.oneLine(user) + "@" + Texts.oneLine(host) + ":" + port;
    }

    /** @return the text on one line with every secret value masked, so that a server echoing one cannot leak it */
    String redact(String text) {
        String result = Texts.oneLine(text);
        for (Secret s : new Secret[] {password, passphrase}) {
            if (s != null && !s.isEmpty()) {
                result = result.replace(s.reveal(), "****");
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return where() + ", directory=" + Texts.oneLine(directory) + ", format=" + format + ", confirmation=" + confirmation
                + ", password=" + (password == null ? "none" : password) + ", privateKey=" + (keyPair == null ? "none" : "****")
                + ", hostKeys=" + hostKeys;
    }
}
