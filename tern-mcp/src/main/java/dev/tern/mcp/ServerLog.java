package dev.tern.mcp;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stdio server's stderr: appended to its log file (when there is one) and the last lines kept in
 * memory so an error message can say why the server failed. A file over {@link #MAX_BYTES} when it is
 * opened is moved to {@code <name>.1} (one old generation kept), so logs stay bounded.
 */
final class ServerLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerLog.class.getName());
    private static final int TAIL_LINES = 3;
    static final long MAX_BYTES = 1L << 20;

    private final Path file;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private BufferedWriter out;
    private boolean failed;

    ServerLog(Path file) { this.file = file; }

    synchronized void started(String commandLine) {
        tail.clear();
        write("--- " + Instant.now() + " starting: " + commandLine);
    }

    synchronized void line(String line) {
        if (line == null || line.isBlank()) return;
        if (tail.size() == TAIL_LINES) tail.removeFirst();
        tail.addLast(McpConnection.oneLine(line.strip()));
        write(line);
    }

    /** The last stderr lines, joined with " | ", or "". */
    synchronized String tail() { return String.join(" | ", tail); }

    private void write(String line) {
        if (file == null || failed) return;
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                    Files.move(file, file.resolveSibling(file.getFileName() + ".1"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            failed = true;
            LOG.log(Level.WARNING, "cannot write MCP server log " + file + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + file, e);
        }
        out = null;
    }
}
