package dev.tern.logging;

import org.slf4j.event.Level;

/**
 * How much the process says on stderr besides its own progress, set by the front-end's {@code -q} and
 * {@code -v} flags. Tern's own loggers ({@code dev.tern.*}) and every library's (MCP SDK, Helidon,
 * the JDK's HTTP client...) have separate thresholds: libraries are silent unless asked for, because
 * their warnings are about their internals, not about what the user asked for.
 */
public enum Verbosity {
    /** {@code -q}: Tern's errors only; libraries silent. */
    QUIET(Level.ERROR, null),
    /** The default: Tern's warnings and errors; libraries silent. */
    NORMAL(Level.WARN, null),
    /** {@code -v}: Tern down to debug; libraries' warnings and errors. */
    VERBOSE(Level.DEBUG, Level.WARN),
    /** {@code -vv}: everything, with stack traces. */
    DEBUG(Level.TRACE, Level.DEBUG);

    private final Level tern;
    private final Level libraries;

    Verbosity(Level tern, Level libraries) {
        this.tern = tern;
        this.libraries = libraries;
    }

    /** The most detailed level shown for Tern's own loggers. */
    public Level tern() { return tern; }

    /** The most detailed level shown for library loggers, or null when they are silent. */
    public Level libraries() { return libraries; }

    /** From the command line: {@code quiet} wins, then the number of {@code -v}. */
    public static Verbosity of(boolean quiet, int verbose) {
        if (quiet) return QUIET;
        return verbose <= 0 ? NORMAL : verbose == 1 ? VERBOSE : DEBUG;
    }

    /** True when a message of {@code level} from logger {@code name} is shown. */
    public boolean enabled(String name, Level level) {
        Level threshold = isTern(name) ? tern : libraries;
        return threshold != null && level.toInt() >= threshold.toInt();
    }

    static boolean isTern(String name) {
        return name != null && (name.equals("dev.tern") || name.startsWith("dev.tern."));
    }
}
