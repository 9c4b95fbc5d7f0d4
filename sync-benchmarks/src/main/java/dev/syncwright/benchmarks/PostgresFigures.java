package dev.syncwright.benchmarks;

import dev.syncwright.benchmarks.Figures.Goal;
import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.connectors.jdbc.JdbcDestination;
import dev.syncwright.connectors.jdbc.JdbcEntity;
import dev.syncwright.connectors.jdbc.JdbcSource;
import dev.syncwright.core.RunStatus;
import dev.syncwright.core.SyncEngine;
import dev.syncwright.core.SyncRequest;
import dev.syncwright.core.SyncResult;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Secret;
import org.postgresql.PGConnection;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * CSV files into PostgreSQL through the engine, against {@code COPY .. FROM STDIN} of the same files into empty
 * tables on one connection, one file after another (the two run by turns); and the JDBC source reading a table of 1,000,000 rows, with
 * the heap it holds. Every run starts from freshly made tables, so each does the same work.
 */
final class PostgresFigures {
    private static final String COLUMNS = "(id BIGINT PRIMARY KEY, name TEXT, email TEXT, amount NUMERIC(12,2),"
            + " created_at TIMESTAMP)";
    private static final int READ_ROWS = 1_000_000;
    private static final AtomicInteger SYNC_NAMES = new AtomicInteger();

    private final PostgresServerProcess pg;
    private final Path dir;
    private final List<Path> files;
    private final int batch;

    PostgresFigures(PostgresServerProcess pg, Path dir, List<Path> files, int batch) {
        this.pg = pg;
        this.dir = dir;
        this.files = files;
        this.batch = batch;
    }

    void measure(Figures figures, int warmups, int runs) throws Exception {
        pairedWithCopy(figures, warmups, runs);
        figures.measure("pg_upsert_p1_rps", Goal.NONE, warmups, runs, () -> upsertRps(1, false, JdbcDestination.WriteMethod.AUTO));
        figures.measure("pg_upsert_existing_p2_rps", Goal.NONE, warmups, runs,
                () -> upsertRps(2, true, JdbcDestination.WriteMethod.AUTO));
        figures.measure("pg_statements_p2_rps", Goal.NONE, 1, 3, () -> upsertRps(2, false, JdbcDestination.WriteMethod.STATEMENTS));
        createReadTable();
        figures.measure("jdbc_source_rps", Goal.NONE, warmups, runs, () -> readRps(false));
        figures.measure("jdbc_source_heap_growth_mb", Goal.atMost(16), 1, 1, () -> readRps(true));
        sql("DROP TABLE IF EXISTS bench_read");
        freshTables();
    }

    /**
     * COPY and the sync at parallelism 2 run by turns, so that both see the same machine (other work on it comes and
     * goes): {@code pg_upsert_vs_copy} is the median of the ratios of each pair.
     */
    private void pairedWithCopy(Figures figures, int warmups, int runs) throws Exception {
        double[] copy = new double[runs];
        double[] sync = new double[runs];
        double[] ratio = new double[runs];
        for (int i = -warmups; i < runs; i++) {
            System.gc();
            double c = copyRps();
            System.gc();
            double p2 = upsertRps(2, false, JdbcDestination.WriteMethod.AUTO);
            if (i >= 0) {
                copy[i] = c;
                sync[i] = p2;
                ratio[i] = p2 / c;
            }
        }
        put(figures, "pg_copy_rps", Goal.NONE, copy);
        put(figures, "pg_upsert_p2_rps", Goal.NONE, sync);
        put(figures, "pg_upsert_vs_copy", Goal.atLeast(0.6), ratio);
    }

    private static void put(Figures figures, String name, Goal goal, double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        figures.put(name, median, goal);
        System.out.printf(Locale.ROOT, "  %-28s %16s   (runs: %s)%n", name, Figures.fmt(median),
                Arrays.stream(samples).mapToObj(Figures::fmt).collect(Collectors.joining(", ")));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.url(), pg.user(), pg.password());
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** Drops and makes the benchmark's tables again, empty, named after the files ({@code bench_0} ..). */
    private void freshTables() throws SQLException {
        for (Path file : files) {
            String table = table(file);
            sql("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " " + COLUMNS);
        }
    }

    private static String table(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".csv".length());
    }

    /** Rows/s of COPY of the files into empty tables, one connection, one file after another. */
    double copyRps() throws Exception {
        freshTables();
        long rows = 0;
        try (Connection c = connect()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    rows += copy.copyIn("COPY " + table(file) + " FROM STDIN (FORMAT csv, HEADER true)", in, 1 << 16);
                }
            }
            double s = ConnectorFigures.seconds(start);
            check(rows);
            return rows / s;
        }
    }

    /**
     * Rows/s of the CSV source to the JDBC destination through the engine.
     *
     * @param parallelism entities synced at once
     * @param existing    whether the tables already hold every row (all upserts update) rather than being empty
     */
    double upsertRps(int parallelism, boolean existing, JdbcDestination.WriteMethod method) throws Exception {
        if (existing) {
            copyRps();
        } else {
            freshTables();
        }
        JdbcDestination destination = JdbcDestination.builder().url(pg.url()).user(pg.user())
                .password(Secret.of(pg.password())).writeMethod(method).build();
        try (SyncEngine engine = SyncEngine.builder().parallelism(parallelism).batchSize(batch).build()) {
            long start = System.nanoTime();
            SyncResult result = engine.start(SyncRequest.builder("pg-bench-" + SYNC_NAMES.incrementAndGet())
                    .source(CsvSource.builder().directory(dir).build()).destination(destination).build()).await();
            double s = ConnectorFigures.seconds(start);
            if (result.status() != RunStatus.COMPLETED || result.progress().deliveries().ok() != expected()) {
                throw new IllegalStateException("the sync did not write every row: " + result.status() + ", "
                        + result.progress().deliveries());
            }
            return result.progress().deliveries().ok() / s;
        }
    }

    private void createReadTable() throws SQLException {
        sql("DROP TABLE IF EXISTS bench_read", "CREATE TABLE bench_read " + COLUMNS,
                "INSERT INTO bench_read SELECT g, 'Customer ' || g, 'customer' || g || '@example.com', (g % 100000) / 100.0,"
                        + " TIMESTAMP '2024-01-01' + g * INTERVAL '1 second' FROM generate_series(1, " + READ_ROWS + ") g",
                "VACUUM ANALYZE bench_read");
    }

    /**
     * Reads the 1,000,000-row table page by page with the JDBC source, one thread.
     *
     * @param heap false: the records/s; true: how far the used heap, after full collections every 100,000 records,
     *             rose above where it was after the first page, in MB (a flat reader stays near 0)
     */
    double readRps(boolean heap) {
        JdbcSource source = JdbcSource.builder().url(pg.url()).user(pg.user()).password(Secret.of(pg.password()))
                .estimateCount(false).entity(JdbcEntity.table("bench_read", "bench_read", "id")).build();
        source.open();
        try {
            EntityDescriptor entity = source.entities().get(0);
            long[] heapSeen = {-1, 0}; // used heap after the first page, and the most seen
            long start = System.nanoTime();
            long records = ConnectorFigures.readAll(source, entity, batch, read -> {
                if (heap && (heapSeen[0] < 0 || read % 100_000 == 0)) {
                    long used = usedHeapAfterGc();
                    heapSeen[0] = heapSeen[0] < 0 ? used : heapSeen[0];
                    heapSeen[1] = Math.max(heapSeen[1], used);
                }
            });
            double s = ConnectorFigures.seconds(start);
            if (records != READ_ROWS) {
                throw new IllegalStateException("read " + records + " rows of " + READ_ROWS);
            }
            if (heap) {
                System.out.printf(Locale.ROOT, "  (heap used after the first page %.1f MB, at most %.1f MB)%n",
                        heapSeen[0] / 1e6, heapSeen[1] / 1e6);
                return (heapSeen[1] - heapSeen[0]) / 1e6;
            }
            return records / s;
        } finally {
            source.close();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private long expected() {
        return (long) files.size() * ConnectorFigures.ROWS_PER_FILE;
    }

    private void check(long rows) {
        if (rows != expected()) {
            throw new IllegalStateException("COPY loaded " + rows + " rows, not " + expected());
        }
    }
}
