package dev.tern.logging;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.slf4j.event.Level;

/**
 * Configures the process's one logging path: SLF4J with Tern's provider ({@link TernServiceProvider}),
 * java.util.logging bridged into it (Tern's own classes, Helidon, the JDK), one line per message in
 * Tern's format ({@code tern: warning: ...}), on stderr unless a front-end routes lines elsewhere
 * (the progress display, so a warning never tears its status line). Front-ends call
 * {@link #configure} once, first thing, with the verbosity their {@code -q}/{@code -v} flags ask for.
 */
public final class TernLogging {

    private TernLogging() { }

    /** Sets the verbosity, writes to stderr, and bridges java.util.logging. */
    public static void configure(Verbosity verbosity) { configure(verbosity, LogSink.STDERR); }

    /** Sets the verbosity and the sink, and bridges java.util.logging. */
    public static void configure(Verbosity verbosity, LogSink sink) {
        TernLoggerFactory f = factory();
        if (f != null) f.settings(new TernLoggerFactory.Settings(verbosity, sink));
        bridgeJul(verbosity, f);
    }

    /** The current verbosity ({@link Verbosity#NORMAL} when another SLF4J provider is in charge). */
    public static Verbosity verbosity() {
        TernLoggerFactory f = factory();
        return f == null ? Verbosity.NORMAL : f.settings().verbosity();
    }

    /** Routes lines to {@code sink} from now on (e.g. through the progress display); returns the previous sink. */
    public static LogSink sink(LogSink sink) {
        TernLoggerFactory f = factory();
        if (f == null) return LogSink.STDERR;
        TernLoggerFactory.Settings before = f.settings();
        f.settings(new TernLoggerFactory.Settings(before.verbosity(), sink));
        return before.sink();
    }

    private static TernLoggerFactory factory() {
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        return f instanceof TernLoggerFactory t ? t : null;
    }

    /**
     * Replaces java.util.logging's console handler (its two-line format) with the bridge, and sets the
     * JUL levels to the verbosity's thresholds so disabled JUL calls stay a level check.
     */
    private static void bridgeJul(Verbosity v, TernLoggerFactory f) {
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        boolean bridged = false;
        for (Handler h : root.getHandlers()) {
            if (h instanceof SLF4JBridgeHandler) bridged = true;
            else root.removeHandler(h);
        }
        if (!bridged) root.addHandler(new SLF4JBridgeHandler());
        root.setLevel(jul(v.libraries()));
        java.util.logging.Logger tern = java.util.logging.Logger.getLogger("dev.tern");
        tern.setLevel(jul(v.tern()));
        if (f != null && !f.julLevels.contains(tern)) f.julLevels.add(tern);
    }

    static java.util.logging.Level jul(Level level) {
        if (level == null) return java.util.logging.Level.OFF;
        return switch (level) {
            case ERROR -> java.util.logging.Level.SEVERE;
            case WARN -> java.util.logging.Level.WARNING;
            case INFO -> java.util.logging.Level.INFO;
            case DEBUG -> java.util.logging.Level.FINE;
            case TRACE -> java.util.logging.Level.FINEST;
        };
    }
}
