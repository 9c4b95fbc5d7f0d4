package dev.syncwright.connectors.sftp;

import dev.syncwright.spi.SyncRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The files one opening of an {@link SftpDestination} has uploaded and not seen confirmed yet, and the names of new
 * ones. A file is named {@code <sync>_<entity>_<run>_<batch>.<ext>}: the configured sync label, the entity, a run
 * token made when the destination opens (UTC time and random hex) and the entity's batch number in this run, each
 * part reduced to letters, digits, {@code . _ -} (with a short hash of the original when that changed it).
 *
 * <p>A record the engine writes again (a delivery not confirmed in time, or a batch retried after a lost
 * connection) is the same record of a file uploaded before: the file is uploaded again whole, under the same name,
 * so the receiver can tell it has seen it. When the engine sends those records back in several writes, the file is
 * uploaded once, by the first of them. A record whose key was uploaded before with other values is new data and
 * goes into a new file. Files are forgotten once confirmed, and all of them when the destination closes.
 *
 * <p>Thread-safe.
 */
final class Uploads {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One uploaded file and the records in it, in file order. */
    static final class Upload {
        final String entity;
        final String name;
        final List<SyncRecord> records;
        private final Set<SyncRecord> members;
        /** Keys of a re-upload not yet sent back by the engine; guarded by this. */
        private Set<String> owed = Set.of();

        private Upload(String entity, String name, List<SyncRecord> records) {
            this.entity = entity;
            this.name = name;
            this.records = List.copyOf(records);
            this.members = new HashSet<>(records);
        }
    }

    /**
     * What a write sends.
     *
     * @param again the files the batch's records were uploaded in before, with the indexes of those records
     * @param fresh the indexes of the records that go into a new file
     */
    record Plan(Map<Upload, List<Integer>> again, List<Integer> fresh) {
    }

    private final String sync;
    private final String run;
    private final Map<String, AtomicLong> batches = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Upload>> byEntityKey = new ConcurrentHashMap<>();
    private final Map<String, Upload> byName = new ConcurrentHashMap<>();

    Uploads(String syncLabel, Instant openedAt) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        this.sync = safe(syncLabel);
        this.run = RUN_TIME.format(openedAt) + "-" + HexFormat.of().formatHex(random);
    }

    /** @return the token that names this opening's run in every file name */
    String runToken() {
        return run;
    }

    Plan plan(String entity, List<SyncRecord> batch) {
        Map<String, Upload> known = byEntityKey.getOrDefault(entity, Map.of());
        Map<Upload, List<Integer>> again = new LinkedHashMap<>();
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            SyncRecord r = batch.get(i);
            Upload u = known.get(r.key());
            if (u != null && u.members.contains(r)) {
                again.computeIfAbsent(u, x -> new ArrayList<>()).add(i);
            } else {
                fresh.add(i);
            }
        }
        return new Plan(again, fresh);
    }

    /** Names a new file for the records and remembers them before the upload, so a retry uses the same name. */
    Upload register(String entity, List<SyncRecord> records, String extension) {
        long batch = batches.computeIfAbsent(entity, e -> new AtomicLong()).incrementAndGet();
        String name = sync + "_" + safe(entity) + "_" + run + "_" + String.format(Locale.ROOT, "%06d", batch) + "." + extension;
        Upload u = new Upload(entity, name, records);
        byName.put(name, u);
        Map<String, Upload> keys = byEntityKey.computeIfAbsent(entity, e -> new ConcurrentHashMap<>());
        for (SyncRecord r : records) {
            keys.put(r.key(), u);
        }
        return u;
    }

    /**
     * @param keys the keys of the file's records in the write being made
     * @return false when the file was uploaded again already for an earlier part of the same records
     */
    boolean needsUpload(Upload u, Set<String> keys) {
        synchronized (u) {
            if (!u.owed.isEmpty() && u.owed.containsAll(keys)) {
                Set<String> left = new HashSet<>(u.owed);
                left.removeAll(keys);
                u.owed = left;
                return false;
            }
            return true;
        }
    }

    /** After an upload of the whole file for a write that carried {@code keys}: the others are still owed. */
    void uploaded(Upload u, Set<String> keys, boolean first) {
        synchronized (u) {
            if (first) {
                u.owed = Set.of();
                return;
            }
            Set<String> left = new LinkedHashSet<>();
            for (SyncRecord r : u.records) {
                left.add(r.key());
            }
            left.removeAll(keys);
            u.owed = left;
        }
    }

    /** Forgets a confirmed file. */
    void settled(String name) {
        Upload u = byName.remove(name);
        if (u == null) {
            return;
        }
        Map<String, Upload> keys = byEntityKey.get(u.entity);
        if (keys != null) {
            for (SyncRecord r : u.records) {
                keys.remove(r.key(), u);
            }
        }
    }

    /** @return a file name part: letters, digits and {@code . _ -}, not starting with a dot, at most 80 characters */
    static String safe(String part) {
        String cleaned = UNSAFE.matcher(part).replaceAll("_");
        if (cleaned.equals(part) && !part.isEmpty() && !part.startsWith(".") && part.length() <= 80) {
            return part;
        }
        cleaned = cleaned.replaceFirst("^\\.", "_");
        return (cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned) + "-" + shortHash(part);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
