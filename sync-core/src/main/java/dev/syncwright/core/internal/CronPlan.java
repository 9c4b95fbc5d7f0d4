package dev.syncwright.core.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Ticks at the times of a cron expression, read by cron-utils. cron-utils is an optional dependency: this class is
 * only loaded once {@link TickPlan#cronSupported()} said it is there. Immutable and thread-safe.
 */
public final class CronPlan implements TickPlan {
    private final ExecutionTime times;
    private final ZoneId zone;

    private CronPlan(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /**
     * Checks an expression without keeping it.
     *
     * @param expression the expression
     * @param syntax     the name of a {@link CronType}: UNIX, QUARTZ or SPRING
     * @throws IllegalArgumentException when it is not a valid expression of that syntax
     * @throws IllegalStateException    when cron-utils is not on the class path
     */
    public static void check(String expression, String syntax) {
        if (!TickPlan.cronSupported()) {
            throw new IllegalStateException("cron expressions need com.cronutils:cron-utils on the class path (an"
                    + " optional dependency of sync-core): add it to your build, or schedule by interval with"
                    + " every(Duration)");
        }
        Parsed.parse(expression, syntax);
    }

    /**
     * @param expression a valid expression (see {@link #check})
     * @param syntax     the name of a {@link CronType}
     * @param zone       the zone the expression is read in
     * @return its plan
     */
    public static CronPlan of(String expression, String syntax, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return new CronPlan(ExecutionTime.forCron(Parsed.parse(expression, syntax)), zone);
    }

    @Override
    public Instant next(Instant after) {
        return times.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant).orElse(null);
    }

    /** Parsing, kept apart so that {@link #check} loads no cron-utils class before the presence check. */
    private static final class Parsed {
        private Parsed() {
        }

        static Cron parse(String expression, String syntax) {
            if (expression.isBlank()) {
                throw new IllegalArgumentException("cron expression must not be blank");
            }
            CronParser parser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.valueOf(syntax)));
            try {
                return parser.parse(expression.strip()).validate();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cron expression '" + Texts.oneLine(expression) + "' is not valid "
                        + syntax + " cron: " + Texts.oneLine(e.getMessage()), e);
            }
        }
    }
}
