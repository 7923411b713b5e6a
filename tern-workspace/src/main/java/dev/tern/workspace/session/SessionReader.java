package dev.tern.workspace.session;

import dev.tern.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import dev.tern.store.SessionEntry;
import dev.tern.store.SessionInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a session log, tolerating damage: an invalid line in the middle is reported and skipped; a
 * torn last line (a crash mid-write: no newline, not valid JSON) is reported and cut off, so the next
 * append starts on a fresh line. Never fails on content, only on I/O.
 */
final class SessionReader {

    private static final Logger LOG = Logger.getLogger(SessionReader.class.getName());

    /**
     * @param entries     the messages, in order
     * @param nanobotMeta the metadata line of a nanobot-written file, or null
     * @param warnings    one line per skipped or repaired line
     * @param started     ids of tool calls journaled as started (their side effects may have happened)
     */
    record Loaded(List<SessionEntry> entries, SessionInfo nanobotMeta, List<String> warnings, Set<String> started) { }

    private SessionReader() { }

    static Loaded read(Path file, String key) {
        List<SessionEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> started = new HashSet<>();
        SessionInfo meta = null;
        if (!Files.exists(file)) return new Loaded(entries, null, warnings, started);
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new IOException("cannot read session " + file + ": not a regular file"));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read session " + file + ": " + e.getMessage(), e);
        }
        Instant fallback = Instant.now();
        int start = 0;
        int lineNo = 0;
        while (start < bytes.length) {
            int nl = indexOf(bytes, (byte) '\n', start);
            boolean terminated = nl >= 0;
            int end = terminated ? nl : bytes.length;
            lineNo++;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) {
                String problem = null;
                try {
                    JsonNode o = Json.parse(line);
                    String type = o.isObject() ? o.path("_type").asString(null) : null;
                    if ("metadata".equals(type)) {
                        meta = SessionMetaFile.fromNanobot(key, o, fallback);
                    } else if (SessionCodec.TOOL_STARTED.equals(type)) {
                        started.add(o.path("tool_call_id").asString(""));
                    } else if (type != null) {
                        // a journal line (run_finished, ...) or a record of a newer version: not a message
                    } else {
                        entries.add(SessionCodec.decode(o, fallback));
                    }
                } catch (JacksonException e) {
                    problem = "invalid JSON";
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
                if (problem != null && !terminated) {
                    warnings.add(file + ":" + lineNo + ": torn last line (" + (end - start) + " bytes, " + problem
                            + ") dropped; it was never acknowledged");
                    repair(file, start, false);
                } else if (problem != null) {
                    warnings.add(file + ":" + lineNo + ": " + problem + ", line skipped");
                } else if (!terminated) {
                    repair(file, bytes.length, true);  // complete last line missing its newline
                }
            } else if (!terminated && end > start) {
                repair(file, start, false);  // trailing whitespace without newline
            }
            start = end + 1;
        }
        warnings.forEach(LOG::warning);
        return new Loaded(entries, meta, warnings, started);
    }

    /** Cuts the file at {@code at}, or appends the missing newline at {@code at} when {@code addNewline}. */
    private static void repair(Path file, long at, boolean addNewline) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (addNewline) ch.write(ByteBuffer.wrap(new byte[] {'\n'}), at);
            else ch.truncate(at);
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair session " + file + ": " + e.getMessage(), e);
        }
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }
}
