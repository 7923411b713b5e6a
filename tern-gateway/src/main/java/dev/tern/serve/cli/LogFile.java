package dev.tern.serve.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The server's log file, cheap enough for a line per request: lines are formatted without
 * {@code String.format} and without asking for the caller's class (JUL's {@code SimpleFormatter} walks the
 * stack for it), appended to a buffer, and written at most {@code flushEvery} later by one daemon thread;
 * warnings and worse are written at once, and {@link #close()} (JUL's shutdown reset) writes the rest.
 * Line format: {@code 2026-12-02T06:07:34.280 INFO logger.name: message}, then the stack trace if any.
 */
final class LogFile extends Handler {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.");

    private final Writer out;
    private final ZoneId zone = ZoneId.systemDefault();
    private final ScheduledExecutorService flusher;
    private boolean dirty;
    private boolean closed;
    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    /** The formatted time of one second ({@code 2026-12-02T06:07:34.}), reused by every line of that second. */
    private record Stamp(long second, String text) { }

    LogFile(Path file, long flushEveryMillis) throws IOException {
        this.out = new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 64 * 1024);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-log-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushIfDirty, flushEveryMillis, flushEveryMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) return;
        String line = format(r);
        synchronized (this) {
            if (closed) return;
            try {
                out.write(line);
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    out.flush();
                    dirty = false;
                } else {
                    dirty = true;
                }
            } catch (IOException e) {
                reportError("cannot write the log file: " + e.getMessage(), e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    String format(LogRecord r) {
        StringBuilder b = new StringBuilder(160);
        java.time.Instant at = r.getInstant();
        Stamp st = stamp;
        if (st.second() != at.getEpochSecond()) {
            st = new Stamp(at.getEpochSecond(), TIME.format(LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(at.getEpochSecond()), zone)));
            stamp = st;
        }
        int ms = at.getNano() / 1_000_000;
        b.append(st.text()).append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
        b.append(' ').append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(": ");
        String msg = r.getMessage();
        Object[] params = r.getParameters();
        b.append(params == null || params.length == 0 || msg == null ? msg : java.text.MessageFormat.format(msg, params));
        b.append(System.lineSeparator());
        if (r.getThrown() != null) {
            StringWriter sw = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(sw));
            b.append(sw);
        }
        return b.toString();
    }

    private synchronized void flushIfDirty() {
        if (dirty && !closed) flush();
    }

    @Override
    public synchronized void flush() {
        if (closed) return;
        try {
            out.flush();
            dirty = false;
        } catch (IOException e) {
            reportError("cannot write the log file: " + e.getMessage(), e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        flush();
        closed = true;
        flusher.shutdownNow();
        try {
            out.close();
        } catch (IOException e) {
            reportError("cannot close the log file: " + e.getMessage(), e, ErrorManager.CLOSE_FAILURE);
        }
    }
}
