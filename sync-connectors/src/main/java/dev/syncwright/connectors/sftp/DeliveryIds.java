package dev.syncwright.connectors.sftp;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The delivery id of a record in an uploaded file: {@code <file name>#<record key, URL-encoded>}. It names the file,
 * so that a later run (or another instance) can ask about it without any memory of the upload, and the record,
 * so that a receiver can reject single records. Stateless.
 */
final class DeliveryIds {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    /** A parsed delivery id. */
    record Parsed(String file, String key) {
    }

    private DeliveryIds() {
    }

    static String of(String file, String key) {
        return file + "#" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** @return the file and key, or null when the id is not one this destination makes */
    static Parsed parse(String id) {
        int hash = id == null ? -1 : id.indexOf('#');
        if (hash <= 0) {
            return null;
        }
        String file = id.substring(0, hash);
        if (!FILE_NAME.matcher(file).matches()) {
            return null;
        }
        try {
            return new Parsed(file, URLDecoder.decode(id.substring(hash + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
