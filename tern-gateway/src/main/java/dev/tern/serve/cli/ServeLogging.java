package dev.tern.serve.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

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
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        FileHandler fh = new FileHandler(file.toString(), 0, 1, true);
        fh.setFormatter(new SimpleFormatter());
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
