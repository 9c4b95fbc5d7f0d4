package dev.syncwright.examples;

import dev.syncwright.core.EntityProgress;
import dev.syncwright.core.SyncProgress;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders a {@link SyncProgress} snapshot as text, the way a sync-progress page shows it: a header
 * "N of M entities processed" with the elapsed time, the percent, the five figures and the per-entity
 * table. Stateless and thread-safe.
 */
public final class ProgressView {
    /** ANSI: cursor to the top-left corner, then clear the screen below it. */
    public static final String REDRAW = "\u001b[H\u001b[J";

    private ProgressView() {
    }

    /**
     * Whether standard output is an interactive terminal, where {@link #REDRAW} may redraw the view in place. On
     * JDK 22 and later {@link System#console()} is not null even when the output is redirected to a file or a
     * pipe, so the JDK's {@code Console.isTerminal()} is asked where it exists; before JDK 22 a console exists only
     * for a terminal. Escape codes never end up in a log file.
     *
     * @return true when the view may be redrawn in place
     */
    public static boolean isTerminal() {
        Console console = System.console();
        return isTerminal(console != null, console == null ? null : askIsTerminal(console));
    }

    /**
     * @param consolePresent whether {@link System#console()} is not null
     * @param isTerminal     what {@code Console.isTerminal()} answered, or null on a JDK without it (before 22)
     * @return true when the view may be redrawn in place
     */
    static boolean isTerminal(boolean consolePresent, Boolean isTerminal) {
        return consolePresent && (isTerminal == null || isTerminal);
    }

    /** @return {@code console.isTerminal()} on JDK 22+, null on a JDK without that method */
    private static Boolean askIsTerminal(Console console) {
        Method isTerminal;
        try {
            isTerminal = Console.class.getMethod("isTerminal");
        } catch (NoSuchMethodException olderJdk) {
            return null;
        }
        try {
            return (Boolean) isTerminal.invoke(console);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false; // when in doubt, no escape codes
        }
    }

    /**
     * @param p a snapshot
     * @return false while the run has not listed its entities yet (it is opening its connectors): a frame would
     *         show an empty "0 of 0 entities processed"
     */
    public static boolean hasEntities(SyncProgress p) {
        return p.total() > 0;
    }

    /** @return the snapshot as lines of text, ending with a newline */
    public static String render(SyncProgress p) {
        StringBuilder out = new StringBuilder(256 + 64 * p.entities().size());
        out.append(String.format(Locale.ROOT, "%s — %d of %d entities processed · %s%n", p.syncName(), p.processed(),
                p.total(), clock(p.elapsed())));
        out.append(String.format(Locale.ROOT, "%s %5.1f %%%n%n", bar(p.percent(), 40), p.percent()));
        out.append(String.format(Locale.ROOT, "  Total %-6d Done %-6d Active %-6d Errors %-6d Records %,d%n%n",
                p.total(), p.done(), p.active(), p.errors(), p.records()));
        out.append(String.format(Locale.ROOT, "  %-24s %12s %9s  %s%n", "Entity", "Records", "Time", "Status"));
        for (EntityProgress e : p.entities()) {
            out.append(String.format(Locale.ROOT, "  %-24s %,12d %9s  %s%s%n", e.entity(), e.records(), clock(e.elapsed()),
                    e.status(), e.error() == null ? "" : " — " + e.error()));
        }
        return out.toString();
    }

    private static String bar(double percent, int width) {
        int filled = (int) Math.round(percent / 100 * width);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** @return mm:ss, or h:mm:ss past an hour */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
