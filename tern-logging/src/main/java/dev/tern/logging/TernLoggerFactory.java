package dev.tern.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * The loggers of the process and the settings they all read at each call (verbosity, sink), so
 * {@link TernLogging#configure} applies at once to loggers created before it.
 */
final class TernLoggerFactory implements ILoggerFactory {

    /** What every logger reads. */
    record Settings(Verbosity verbosity, LogSink sink) { }

    private final ConcurrentMap<String, TernLogger> loggers = new ConcurrentHashMap<>();
    private volatile Settings settings = new Settings(Verbosity.NORMAL, LogSink.STDERR);
    /** The JUL loggers whose levels we set: JUL keeps loggers weakly, a collected one forgets its level. */
    final java.util.List<java.util.logging.Logger> julLevels = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new TernLogger(n, this));
    }

    Settings settings() { return settings; }

    void settings(Settings s) { this.settings = s; }
}
