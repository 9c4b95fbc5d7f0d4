package dev.syncwright.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one benchmark run: each the median of its measured runs, with its goal. Not thread-safe. */
final class Figures {
    /** A figure's goal: at least or at most a value, or none. */
    record Goal(String text, java.util.function.DoublePredicate met) {
        static final Goal NONE = new Goal("—", v -> true);

        static Goal atLeast(double v) {
            return new Goal("≥ " + fmt(v), x -> x >= v);
        }

        static Goal atMost(double v) {
            return new Goal("≤ " + fmt(v), x -> x <= v);
        }
    }

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, Goal> goals = new LinkedHashMap<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    /** Measures {@code warmups} + {@code runs} times and keeps the median of the measured runs. */
    double measure(String name, Goal goal, int warmups, int runs, Measurement m) throws Exception {
        for (int i = 0; i < warmups; i++) {
            settle();
            m.once();
        }
        double[] samples = new double[runs];
        for (int i = 0; i < runs; i++) {
            settle();
            samples[i] = m.once();
        }
        Arrays.sort(samples);
        double median = runs % 2 == 1 ? samples[runs / 2] : (samples[runs / 2 - 1] + samples[runs / 2]) / 2;
        put(name, median, goal);
        System.out.printf(Locale.ROOT, "  %-28s %16s   (runs: %s)%n", name, fmt(median), fmtAll(samples));
        return median;
    }

    /** Collects the previous run's garbage before the next run starts, so no run pays for another's. */
    private static void settle() {
        System.gc();
        System.gc();
    }

    void put(String name, double value, Goal goal) {
        values.put(name, value);
        goals.put(name, goal);
    }

    void parameter(String name, Object value) {
        parameters.put(name, value);
    }

    void printTable(PrintStream out) {
        out.printf(Locale.ROOT, "%n%-28s %16s  %-16s %s%n", "figure", "value", "goal", "met");
        values.forEach((name, v) -> {
            Goal g = goals.get(name);
            out.printf(Locale.ROOT, "%-28s %16s  %-16s %s%n", name, fmt(v), g.text(), g == Goal.NONE ? "" : g.met().test(v) ? "yes" : "NO");
        });
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(values);
        json.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        json.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        json.put("parameters", parameters);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmtAll(double[] samples) {
        List<String> out = new ArrayList<>();
        for (double s : samples) {
            out.add(fmt(s));
        }
        return String.join(", ", out);
    }

    /** One measured run, returning the figure's value for that run. */
    @FunctionalInterface
    interface Measurement {
        double once() throws Exception;
    }
}
