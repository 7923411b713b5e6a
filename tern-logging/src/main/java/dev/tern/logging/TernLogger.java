package dev.tern.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger: checks the factory's current verbosity and writes Tern's one-line format. */
final class TernLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient TernLoggerFactory factory;

    TernLogger(String name, TernLoggerFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    private boolean on(Level level) { return factory.settings().verbosity().enabled(name, level); }

    @Override public boolean isTraceEnabled() { return on(Level.TRACE); }

    @Override public boolean isDebugEnabled() { return on(Level.DEBUG); }

    @Override public boolean isInfoEnabled() { return on(Level.INFO); }

    @Override public boolean isWarnEnabled() { return on(Level.WARN); }

    @Override public boolean isErrorEnabled() { return on(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() { return null; }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        TernLoggerFactory.Settings s = factory.settings();
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        s.sink().write(format(name, level, message, throwable, s.verbosity()));
    }

    /**
     * {@code tern: warning: <message>}; beyond the default verbosity the logger's short name is added
     * ({@code tern: debug [McpConnection]: ...}), and at {@link Verbosity#DEBUG} the stack trace follows.
     * Without a stack trace the line is one line: the exception's class and message are appended.
     */
    static String format(String logger, Level level, String message, Throwable t, Verbosity v) {
        StringBuilder b = new StringBuilder("tern: ").append(label(level));
        if (v == Verbosity.VERBOSE || v == Verbosity.DEBUG) b.append(" [").append(shortName(logger)).append(']');
        b.append(": ").append(message == null ? "" : oneLine(message));
        if (t != null) {
            if (v == Verbosity.DEBUG) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                b.append('\n').append(w.toString().stripTrailing());
            } else {
                b.append(" (").append(describe(t)).append(')');
            }
        }
        return b.toString();
    }

    static String label(Level level) {
        return switch (level) {
            case ERROR -> "error";
            case WARN -> "warning";
            case INFO -> "info";
            case DEBUG -> "debug";
            case TRACE -> "trace";
        };
    }

    static String shortName(String logger) {
        if (logger == null) return "?";
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    /** The exception and its root cause in a few words. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String s = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + oneLine(t.getMessage()));
        if (root != t) s += "; caused by " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage()));
        return s;
    }

    static String oneLine(String s) {
        String one = s.strip().replaceAll("\\s*\\R\\s*", " | ");
        return one.length() > 2000 ? one.substring(0, 2000) + "..." : one;
    }
}
