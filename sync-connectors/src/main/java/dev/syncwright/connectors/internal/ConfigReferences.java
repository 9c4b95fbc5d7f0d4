package dev.syncwright.connectors.internal;

import dev.syncwright.spi.ConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves references to values kept outside a connector's JSON configuration, so that the JSON can be checked in
 * and the secrets stay in the environment or in mounted secret files (the idea of Kafka Connect's
 * {@code ConfigProvider}):
 *
 * <ul>
 *   <li>{@code ${env:NAME}} is the value of the environment variable {@code NAME};</li>
 *   <li>{@code ${file:/path}} is the content of the file, read as UTF-8, without its trailing line breaks (as
 *       written by {@code echo}); at most {@value #MAX_FILE_BYTES} bytes. A relative path is relative to the
 *       working directory.</li>
 * </ul>
 *
 * A reference may stand anywhere in a text ({@code "jdbc:postgresql://${env:DB_HOST}/crm"}) and a text may hold
 * several. <code>$${</code> stands for a literal <code>${</code>; any other {@code ${...}} is kept as it is. The
 * result is not resolved again.
 *
 * <p>A reference that cannot be resolved is a {@link ConfigurationException} naming the setting and the variable or
 * the file, never a value. Immutable and thread-safe.
 */
public final class ConfigReferences {
    /** The largest file a {@code ${file:...}} reference reads. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final ConfigReferences SYSTEM = new ConfigReferences(System::getenv);

    private final Function<String, String> environment;

    private ConfigReferences(Function<String, String> environment) {
        this.environment = environment;
    }

    /** @return references resolved from this process's environment and file system */
    public static ConfigReferences system() {
        return SYSTEM;
    }

    /**
     * @param environment the environment variables {@code ${env:...}} reads instead of the process's, not null
     * @return references resolved from that environment and this file system
     */
    public static ConfigReferences withEnvironment(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return new ConfigReferences(copy::get);
    }

    /**
     * @param setting the setting's full name, for errors, not null
     * @param text    the setting's text as written in the configuration, not null
     * @return the text with every reference replaced by what it refers to; the same text when it has none
     * @throws ConfigurationException naming the setting and the variable or file when a reference cannot be resolved
     */
    public String resolve(String setting, String text) {
        Objects.requireNonNull(setting, "setting");
        if (text.indexOf("${") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            if (start > i && text.charAt(start - 1) == '$') { // "$${" is a literal "${"
                out.append(text, i, start - 1).append("${");
                i = start + 2;
                continue;
            }
            out.append(text, i, start);
            String provider = providerAt(text, start + 2);
            if (provider == null) {
                out.append("${");
                i = start + 2;
                continue;
            }
            int keyStart = start + 2 + provider.length() + 1;
            int end = text.indexOf('}', keyStart);
            if (end < 0) {
                throw new ConfigurationException(setting, "the reference ${" + provider + ":... has no closing '}'");
            }
            String key = text.substring(keyStart, end);
            out.append(provider.equals("env") ? variable(setting, key) : file(setting, key));
            i = end + 1;
        }
        return out.toString();
    }

    /** @return "env" or "file" when the text at {@code at} starts with it and a colon, else null */
    private static String providerAt(String text, int at) {
        for (String provider : new String[] {"env", "file"}) {
            if (text.startsWith(provider + ":", at)) {
                return provider;
            }
        }
        return null;
    }

    private String variable(String setting, String name) {
        if (name.isBlank()) {
            throw new ConfigurationException(setting, "the reference ${env:} names no environment variable");
        }
        String value = environment.apply(name);
        if (value == null) {
            throw new ConfigurationException(setting, "environment variable '" + Texts.oneLine(name) + "' is not set");
        }
        return value;
    }

    private static String file(String setting, String name) {
        if (name.isBlank()) {
            throw new ConfigurationException(setting, "the reference ${file:} names no file");
        }
        String shown = Texts.oneLine(name);
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(setting, "file '" + shown + "' is not a valid path");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            // the exception's message may quote the path only; its type says why (no such file, access denied)
            throw new ConfigurationException(setting, "file '" + shown + "' cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigurationException(setting, "file '" + shown + "' is larger than " + MAX_FILE_BYTES
                    + " bytes");
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigurationException(setting, "file '" + shown + "' is not UTF-8 text");
        }
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        return content.substring(0, end);
    }
}
