package dev.syncwright.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server the connector figures run against: the one {@code SYNCWRIGHT_PG_URL} (and
 * {@code SYNCWRIGHT_PG_USER}, {@code SYNCWRIGHT_PG_PASSWORD}) names, or else a throw-away one started with the
 * project's {@code .ci/start-postgres.sh} and stopped again on {@link #close()}. Not thread-safe.
 */
final class PostgresServerProcess implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final Path startedDir;
    private final Path stopScript;

    private PostgresServerProcess(String url, String user, String password, Path startedDir, Path stopScript) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.startedDir = startedDir;
        this.stopScript = stopScript;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** @return where the server comes from, for the output */
    String origin() {
        return startedDir != null ? "started for this run" : "given by SYNCWRIGHT_PG_URL";
    }

    /**
     * @return the server given by the environment, or one started now; empty (with the reason printed) when there
     *         is neither
     */
    static Optional<PostgresServerProcess> findOrStart() {
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        if (url != null && !url.isBlank()) {
            return Optional.of(new PostgresServerProcess(url, env("SYNCWRIGHT_PG_USER", "postgres"),
                    env("SYNCWRIGHT_PG_PASSWORD", ""), null, null));
        }
        Optional<Path> ci = findCiDirectory();
        if (ci.isEmpty()) {
            System.out.println("No PostgreSQL server: SYNCWRIGHT_PG_URL is not set and .ci/start-postgres.sh was not found;"
                    + " the PostgreSQL figures are skipped.");
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("bash", ci.get().resolve("start-postgres.sh").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                System.out.println("No PostgreSQL server: .ci/start-postgres.sh failed (see above); the PostgreSQL figures"
                        + " are skipped.");
                return Optional.empty();
            }
            Map<String, String> exports = new HashMap<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("export ") && line.contains("=")) {
                    String assignment = line.substring("export ".length());
                    int eq = assignment.indexOf('=');
                    exports.put(assignment.substring(0, eq), assignment.substring(eq + 1).trim());
                }
            }
            return Optional.of(new PostgresServerProcess(exports.get("SYNCWRIGHT_PG_URL"),
                    exports.getOrDefault("SYNCWRIGHT_PG_USER", "postgres"), "", Path.of(exports.get("SYNCWRIGHT_PG_DIR")),
                    ci.get().resolve("stop-postgres.sh")));
        } catch (IOException e) {
            System.out.println("No PostgreSQL server: cannot run .ci/start-postgres.sh (" + e.getMessage()
                    + "); the PostgreSQL figures are skipped.");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String env(String name, String orElse) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? orElse : v;
    }

    /** The runner runs in sync-benchmarks/ under Maven, or wherever the user started it: look upwards. */
    private static Optional<Path> findCiDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path ci = dir.resolve(".ci");
            if (Files.isRegularFile(ci.resolve("start-postgres.sh"))) {
                return Optional.of(ci);
            }
        }
        return Optional.empty();
    }

    /** Stops the server if this run started it. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (startedDir != null) {
            Process p = new ProcessBuilder("bash", stopScript.toString(), startedDir.toString()).inheritIO().start();
            p.waitFor(2, TimeUnit.MINUTES);
        }
    }
}
