package dev.syncwright.store.jdbc.crash;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.syncwright.core.EntityStatus;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.journal.RunRecord;
import dev.syncwright.reporting.ReportEntry;
import dev.syncwright.reporting.ReportFilter;
import dev.syncwright.reporting.ReportSort;
import dev.syncwright.reporting.ReportStore;
import dev.syncwright.spi.DeliveryStatus;
import dev.syncwright.store.jdbc.JdbcStores;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host killed with {@code kill -9} at random points, again and again, then restarted until the sync completes:
 * no record is lost, at most one batch per interrupted entity is sent again, the report agrees with the
 * destination, and no run or entity is left RUNNING or PROCESSING. Each cycle is a real child JVM killed with
 * {@code destroyForcibly()}; its state is in the JDBC stores on an H2 file or on PostgreSQL.
 *
 * <p>Runs in the {@code crash} profile ({@code mvn -B verify -Pcrash -pl sync-store-jdbc -am}); {@code
 * -Dcrash.cycles=N} kills N times (default 10), {@code -Dcrash.seed=S} replays a schedule of kill times.
 */
@Tag("crash")
class KillNineTest {
    private static final int ENTITIES = 3;
    private static final int RECORDS = 3_000;
    private static final int BATCH = 100;

    @Test
    void aHostKilledAtRandomPointsLosesNothingOnH2() throws Exception {
        Path folder = Files.createTempDirectory("syncwright-crash");
        // the destination in a file of its own, written through at each commit: what it received outlives the host
        killAndRestart("jdbc:h2:file:" + folder.resolve("state").toAbsolutePath(),
                "jdbc:h2:file:" + folder.resolve("destination").toAbsolutePath() + ";WRITE_DELAY=0", "sa", "");
    }

    @Test
    void aHostKilledAtRandomPointsLosesNothingOnPostgres() throws Exception {
        String url = System.getenv("SYNCWRIGHT_PG_URL");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but SYNCWRIGHT_PG_URL is not set; start a server with .ci/start-postgres.sh");
            }
            Assumptions.abort("SYNCWRIGHT_PG_URL is not set: the PostgreSQL kill -9 test is skipped");
        }
        String user = System.getenv().getOrDefault("SYNCWRIGHT_PG_USER", "postgres");
        String schema = "crash_" + System.nanoTime();
        try (HikariDataSource admin = pool(url, user)) {
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            try {
                String inSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                killAndRestart(inSchema, inSchema, user, "");
            } finally {
                try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private void killAndRestart(String url, String destination, String user, String password) throws Exception {
        int cycles = Integer.getInteger("crash.cycles", 10);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int kills = 0;
        int killsMidRun = 0;
        boolean completed = false;
        List<String> log = new ArrayList<>();
        for (int cycle = 0; cycle < cycles && !completed; cycle++) {
            int remaining = Math.max(1, ENTITIES * RECORDS - received(destination, user, password));
            KillPoint point = KillPoint.draw(random, remaining);
            ChildJvm child = ChildJvm.start(CrashChild.class, url, user, password, destination, Integer.toString(ENTITIES),
                    Integer.toString(RECORDS), Integer.toString(BATCH));
            String when = point.await(child);
            if (when == null) {
                assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("a host that stopped committing ends").isTrue();
                completed = child.process().exitValue() == 0; // the sync is done: a further run would start it over
                log.add("cycle " + cycle + ": " + point + " not reached, the run ended by itself with "
                        + child.process().exitValue());
                continue;
            }
            child.kill();
            kills++;
            if (committed(child) > 0) {
                killsMidRun++;
            }
            log.add("cycle " + cycle + ": killed " + when + ", " + received(destination, user, password)
                    + " records at the destination, " + writtenAgain(destination, user, password) + " written again");
        }
        assertThat(killsMidRun).as("seed %d: kills that landed while records were being delivered; %s", seed, log)
                .isPositive();
        int exit = completed ? 0 : -1;
        for (int attempt = 0; attempt < 5 && exit != 0; attempt++) {
            Process last = ChildJvm.start(CrashChild.class, url, user, password, destination, Integer.toString(ENTITIES),
                    Integer.toString(RECORDS), Integer.toString(BATCH)).process();
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last run ends").isTrue();
            exit = last.exitValue();
        }
        assertThat(exit).as("seed %d: a run completed the sync after the kills; %s", seed, log).isZero();
        System.out.printf("kill -9: %d of %d cycles killed the host, %d of them while records were being delivered "
                + "(seed %d)%n%s%n", kills, cycles, killsMidRun, seed, String.join("\n", log));

        try (HikariDataSource dataSource = pool(url, user);
             HikariDataSource received = pool(destination, user)) {
            // every record reached the destination, and few were written twice
            Map<String, Integer> writes = new HashMap<>();
            try (Connection c = received.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT entity, record_key, writes FROM " + DurableDestination.RECEIVED)) {
                while (rs.next()) {
                    writes.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3));
                }
            }
            assertThat(writes).as("seed %d: records at the destination", seed).hasSize(ENTITIES * RECORDS);
            int extra = writes.values().stream().mapToInt(n -> n - 1).sum();
            assertThat(extra).as("seed %d: records written again, at most one batch per interrupted entity", seed)
                    .isLessThanOrEqualTo(Math.max(1, kills) * Math.min(2, ENTITIES) * BATCH);

            // the report agrees: every record has an entry, every entry is final, none is open
            ReportStore report = JdbcStores.builder(dataSource).build().reportStore();
            Map<String, List<ReportEntry>> entries = new HashMap<>();
            try (Stream<ReportEntry> all = report.stream(ReportFilter.builder().build(), ReportSort.NEWEST_FIRST)) {
                all.forEach(e -> entries.computeIfAbsent(e.entity() + "/" + e.sourceId(), k -> new ArrayList<>()).add(e));
            }
            assertThat(entries.keySet()).as("seed %d", seed).isEqualTo(writes.keySet());
            assertThat(entries.values().stream().flatMap(List::stream))
                    .allSatisfy(e -> assertThat(e.status()).as("seed %d: %s", seed, e).isEqualTo(DeliveryStatus.OK));
            assertThat(report.checkpoints("crash").values())
                    .allSatisfy(cp -> {
                        assertThat(cp.complete()).isTrue();
                        assertThat(cp.outstanding()).isEmpty();
                    });

            // nothing is left running: killed runs were taken over and recorded as abandoned
            List<RunRecord> runs = report.runs("crash");
            assertThat(runs).allSatisfy(r -> {
                assertThat(r.isRunning()).as("seed %d: run %s", seed, r.runId()).isFalse();
                assertThat(r.entities()).noneMatch(e -> e.status() == EntityStatus.PROCESSING);
            });
            assertThat(runs.get(0).status()).isEqualTo(RunStatus.COMPLETED);
            // every earlier run was killed once it had claimed the sync: a later start took it over
            assertThat(runs.subList(1, runs.size())).as("seed %d: killed runs", seed).hasSizeLessThanOrEqualTo(kills)
                    .allSatisfy(r -> assertThat(r.failure()).as("seed %d: run %s", seed, r.runId()).startsWith("abandoned"));
        }
    }

    /**
     * Where a cycle kills its host: at a random moment of its start (up to a second in: before, while or after it
     * claims the sync), after a random number of records of its own committed, or once it has committed every
     * record that was left (while it waits for the confirmations of SENT ones). Drawn from the records left, so
     * kills land inside the run on a fast machine as on a slow one.
     *
     * @param startedMillis kill this long after the JVM started, or -1
     * @param committed     kill once the host has committed this many records, or -1
     */
    private record KillPoint(long startedMillis, int committed) {
        static KillPoint draw(Random random, int remaining) {
            int kind = random.nextInt(100);
            if (kind < 15) {
                return new KillPoint(random.nextInt(1_000), -1);
            }
            // mostly within the next fifth of the work, so that most cycles end in a kill rather than a finished run
            return new KillPoint(-1, kind < 85 ? 1 + random.nextInt(Math.min(remaining, ENTITIES * RECORDS / 5)) : remaining);
        }

        /** @return how the point was reached, or null when the child ended first */
        String await(ChildJvm child) throws InterruptedException {
            if (startedMillis >= 0) {
                return child.process().waitFor(startedMillis, TimeUnit.MILLISECONDS) ? null : toString();
            }
            String line = child.awaitLine(l -> l.startsWith(CrashChild.COMMITTED)
                    && Integer.parseInt(l.substring(CrashChild.COMMITTED.length())) >= committed, 120, TimeUnit.SECONDS);
            return line == null || !child.process().isAlive() ? null : this + " (" + line + ")";
        }

        @Override
        public String toString() {
            return startedMillis >= 0 ? startedMillis + " ms after its start" : "after " + committed + " records committed";
        }
    }

    /** @return the records the child said it committed, -1 before its run started */
    private static int committed(ChildJvm child) {
        int committed = -1;
        for (String line : child.lines()) {
            if (line.equals(CrashChild.STARTED)) {
                committed = Math.max(committed, 0);
            } else if (line.startsWith(CrashChild.COMMITTED)) {
                committed = Integer.parseInt(line.substring(CrashChild.COMMITTED.length()));
            }
        }
        return committed;
    }

    /** @return how many distinct records the destination holds (the child is dead: an H2 file is free to open) */
    private static int received(String url, String user, String password) throws SQLException {
        return destinationFigure(url, user, password, "SELECT COUNT(*) FROM " + DurableDestination.RECEIVED);
    }

    /** @return the writes of records that had been written before */
    private static int writtenAgain(String url, String user, String password) throws SQLException {
        return destinationFigure(url, user, password, "SELECT COALESCE(SUM(writes - 1), 0) FROM " + DurableDestination.RECEIVED);
    }

    private static int destinationFigure(String url, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            if (e.getMessage().toLowerCase(Locale.ROOT).contains(DurableDestination.RECEIVED)) {
                return 0; // killed before it created the destination's table
            }
            throw e;
        }
    }

    private static HikariDataSource pool(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }
}
