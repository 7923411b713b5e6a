package dev.tern.serve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Where a long-running server's log lines go: every logger (Tern's, Helidon's, the SDKs') to
 * {@code <workspace>/.tern/logs/serve.log}; only Tern's own warnings also to stderr. Users see one startup
 * line of {@code tern serve} and real problems, never framework noise.
 */
final class ServeLogging {

    private ServeLogging() { }

    /** @return the log file */
    static Path install(Path workspace) throws IOException {
        // the MCP SDK and reactor log through SLF4J, which prints a "no providers" warning to stderr when none is
        // bound; Tern adds no binding and wants no framework noise: only SLF4J errors may print
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
        Path dir = workspace.resolve(".tern").resolve("logs");
        Files.createDirectories(dir);
        Path file = dir.resolve("serve.log");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        LogFile fh = new LogFile(file, 500); // a line per request: buffered, written every 0.5 s (warnings at once)
        fh.setLevel(Level.INFO);
        root.addHandler(fh);
        Handler err = new ConsoleHandler();
        err.setLevel(Level.WARNING);
        err.setFilter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("dev.tern") && !r.getLoggerName().startsWith("dev.tern.serve.access"));
        err.setFormatter(new java.util.logging.Formatter() {
            @Override public String format(java.util.logging.LogRecord r) { return "tern serve: " + formatMessage(r) + System.lineSeparator(); }
        });
        root.addHandler(err);
        root.setLevel(Level.INFO);
        return file;
    }
}
