package dev.syncwright.store.jdbc.crash;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A host JVM of the crash tests, on this test's class path: its standard output is collected line by line (the
 * child says how far it got), its standard error appended to {@code syncwright-crash-child.log} in the temporary
 * folder. Thread-safe.
 */
final class ChildJvm {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean ended; // its output ended: guarded by lines

    private ChildJvm(Process process) {
        this.process = process;
    }

    /**
     * @param main the child's main class
     * @param args its arguments
     * @return the started child
     */
    static ChildJvm start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        new File(System.getProperty("java.io.tmpdir"), "syncwright-crash-child.log")))
                .start();
        ChildJvm child = new ChildJvm(process);
        Thread reader = new Thread(child::read, "crash-child-output");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    Process process() {
        return process;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed: its output ends
        } finally {
            synchronized (lines) {
                ended = true;
                lines.notifyAll();
            }
        }
    }

    /** @return the lines the child printed so far */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits until the child prints a line that matches, or ends, or the time is up.
     *
     * @return the line, or null when the child ended (or the time ran out) first
     */
    String awaitLine(Predicate<String> matches, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (matches.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                lines.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** Kills the child as {@code kill -9} does and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a child JVM killed with destroyForcibly() did not end in 30 s");
        }
    }
}
