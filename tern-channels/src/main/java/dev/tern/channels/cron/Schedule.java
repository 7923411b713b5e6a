package dev.tern.channels.cron;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When a job fires: a cron expression (in a time zone), a fixed interval, or once at an instant. */
public sealed interface Schedule {

    /** The first fire strictly after {@code after}, or null when there is no more. */
    Instant next(Instant after);

    /** How the schedule is written: {@code 0 9 * * 1-5}, {@code @every 30m}, {@code @at 2026-01-01T09:00:00Z}. */
    String text();

    /**
     * @param expression the cron expression, in {@code zone} (null = the zone of the scheduler's clock)
     */
    record Cron(CronExpression expression, ZoneId zone) implements Schedule {
        @Override public Instant next(Instant after) {
            ZonedDateTime z = expression.next(after.atZone(zone == null ? ZoneId.systemDefault() : zone));
            return z == null ? null : z.toInstant();
        }

        @Override public String text() { return expression.toString(); }

        /** The same schedule in {@code fallback} when it names no zone of its own. */
        public Cron inZone(ZoneId fallback) { return zone != null ? this : new Cron(expression, fallback); }
    }

    /** Every {@code interval}, counted from {@code anchor} (the job's creation), so restarts do not shift it. */
    record Every(Duration interval, Instant anchor) implements Schedule {
        @Override public Instant next(Instant after) {
            if (after.isBefore(anchor)) return anchor.plus(interval);
            long n = Duration.between(anchor, after).toMillis() / interval.toMillis() + 1;
            return anchor.plusMillis(n * interval.toMillis());
        }

        @Override public String text() { return "@every " + format(interval); }
    }

    /** Once, at {@code at} (nanobot's {@code at} jobs). */
    record At(Instant at) implements Schedule {
        @Override public Instant next(Instant after) { return at.isAfter(after) ? at : null; }

        @Override public String text() { return "@at " + at; }
    }

    Pattern DURATION = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    /**
     * Reads what {@code tern cron add} takes: five cron fields, a macro ({@code @daily}), {@code @every 30m}
     * ({@code 1h30m}, {@code 90s}, {@code 2d}), or {@code @at <ISO instant>}.
     *
     * @param anchor when the job was created (start of {@code @every} intervals)
     * @throws IllegalArgumentException one line saying what is wrong
     */
    static Schedule parse(String text, ZoneId zone, Instant anchor) {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@every")) return new Every(duration(t.substring(6).strip()), anchor);
        if (lower.startsWith("@at")) {
            try {
                return new At(Instant.parse(t.substring(3).strip()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("@at needs an ISO instant like 2026-01-31T09:00:00Z, got '" + t.substring(3).strip() + "'");
            }
        }
        return new Cron(CronExpression.parse(t), zone);
    }

    /** {@code 30m}, {@code 1h30m}, {@code 90s}, {@code 2d}, {@code 500ms}; at least one second. */
    static Duration duration(String s) {
        Matcher m = DURATION.matcher(s.toLowerCase(Locale.ROOT));
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            end = m.end();
        }
        if (s.isEmpty() || end != s.length()) throw new IllegalArgumentException("@every needs a duration like 30m, 1h30m, 90s or 2d, got '" + s + "'");
        if (d.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("@every needs at least 1s, got '" + s + "'");
        return d;
    }

    /** {@code 1h30m} for 90 minutes. */
    static String format(Duration d) {
        StringBuilder b = new StringBuilder();
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                b.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return b.isEmpty() ? "0s" : b.toString();
    }
}
