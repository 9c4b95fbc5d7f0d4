package dev.syncwright.benchmarks;

import dev.syncwright.benchmarks.Figures.Goal;
import dev.syncwright.connectors.file.CsvSource;
import dev.syncwright.spi.Checkpoint;
import dev.syncwright.spi.EntityDescriptor;
import dev.syncwright.spi.Page;
import dev.syncwright.spi.SourceConnector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The built-in connectors' figures: the CSV source alone, and, when a PostgreSQL server can be had, CSV files into
 * PostgreSQL against {@code COPY} of the same files, and the JDBC source reading a large table
 * ({@link PostgresFigures}). The data is 4 CSV files of 250,000 rows of 5 columns (a BIGINT key, two texts, a
 * NUMERIC(12,2) and a TIMESTAMP), made once in a temporary directory.
 */
final class ConnectorFigures {
    static final int FILES = 4;
    static final int ROWS_PER_FILE = 250_000;
    static final int BATCH = 1_000;

    private ConnectorFigures() {
    }

    /** Measures every connector figure into {@code figures}; PostgreSQL's only when a server can be had. */
    static void measure(Figures figures, int warmups, int runs) throws Exception {
        figures.parameter("connector_files", FILES);
        figures.parameter("connector_rows_per_file", ROWS_PER_FILE);
        figures.parameter("connector_batch_size", BATCH);
        Path dir = Files.createTempDirectory("syncwright-connector-bench");
        try {
            List<Path> files = writeCsv(dir);
            figures.measure("csv_source_rps", Goal.NONE, warmups, runs, () -> csvSourceRps(dir));
            var server = PostgresServerProcess.findOrStart();
            if (server.isPresent()) {
                try (PostgresServerProcess pg = server.get()) {
                    System.out.printf(Locale.ROOT, "  PostgreSQL %s (%s)%n", pg.url(), pg.origin());
                    new PostgresFigures(pg, dir, files, BATCH).measure(figures, warmups, runs);
                }
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Records/s of the CSV source alone: every page of every file parsed into records, one thread. */
    static double csvSourceRps(Path dir) {
        CsvSource source = CsvSource.builder().directory(dir).build();
        source.open();
        try {
            long records = 0;
            long start = System.nanoTime();
            for (EntityDescriptor entity : source.entities()) {
                records += readAll(source, entity, BATCH, read -> { });
            }
            return records / seconds(start);
        } finally {
            source.close();
        }
    }

    /**
     * Reads every page of an entity from the start.
     *
     * @param afterPage called after each page with the number of records read so far
     * @return the number of records read
     */
    static long readAll(SourceConnector source, EntityDescriptor entity, int batch, LongConsumer afterPage) {
        long records = 0;
        Checkpoint from = Checkpoint.START;
        Page page;
        do {
            page = source.read(entity, from, batch);
            records += page.records().size();
            from = page.next();
            afterPage.accept(records);
        } while (page.hasMore());
        return records;
    }

    /** Writes the benchmark's CSV files, {@code bench_0.csv} .. {@code bench_3.csv}, keys unique across files. */
    private static List<Path> writeCsv(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            Path file = dir.resolve("bench_" + f + ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("id,name,email,amount,created_at\n");
                for (int i = 0; i < ROWS_PER_FILE; i++) {
                    long id = (long) f * ROWS_PER_FILE + i + 1;
                    w.write(Long.toString(id));
                    w.write(",Customer ");
                    w.write(Long.toString(id));
                    w.write(",customer");
                    w.write(Long.toString(id));
                    w.write("@example.com,");
                    w.write(Long.toString(id % 100_000));
                    w.write('.');
                    w.write(String.format(Locale.ROOT, "%02d", id % 100));
                    w.write(",2024-");
                    w.write(String.format(Locale.ROOT, "%02d-%02dT%02d:%02d:%02d", 1 + id % 12, 1 + id % 28, id % 24,
                            id % 60, (id / 60) % 60));
                    w.write('\n');
                }
            }
            files.add(file);
        }
        return files;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
