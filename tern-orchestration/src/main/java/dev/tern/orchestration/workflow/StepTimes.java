package dev.tern.orchestration.workflow;

import dev.tern.json.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Past durations of workflow steps, kept locally in an append-only JSON-lines file
 * ({@code .tern/metrics/workflow-steps.jsonl}: one line per finished step). Only the tail of the file
 * is read (at most {@link #TAIL_BYTES}), and the last {@link #KEEP} durations per step; the estimate is
 * their median. A failure to record is an error of the caller's choosing (returned, never swallowed).
 */
public final class StepTimes {

    static final int KEEP = 20;
    static final long TAIL_BYTES = 1L << 20;

    private final Path file;
    private final Map<String, Deque<Long>> history = new HashMap<>();
    private boolean loaded;

    public StepTimes(Path file) { this.file = file; }

    public Path file() { return file; }

    /** The key of step {@code index} of {@code workflow}: its name, position and shape. */
    public static String key(String workflow, int index, String label) { return workflow + "#" + index + " " + label; }

    /** The median of the recorded durations of {@code key}, or null when there are none. */
    public synchronized Duration expected(String key) {
        load();
        Deque<Long> d = history.get(key);
        if (d == null || d.isEmpty()) return null;
        List<Long> sorted = new ArrayList<>(d);
        sorted.sort(null);
        return Duration.ofMillis(sorted.get(sorted.size() / 2));
    }

    /** Appends one duration (one line, one write). @throws IOException when it cannot be saved */
    public synchronized void record(String key, Duration elapsed) throws IOException {
        load();
        remember(key, elapsed.toMillis());
        Files.createDirectories(file.getParent());
        String line = Json.write(Map.of("step", key, "ms", elapsed.toMillis(), "at", System.currentTimeMillis())) + "\n";
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
        }
    }

    private void remember(String key, long ms) {
        Deque<Long> d = history.computeIfAbsent(key, k -> new ArrayDeque<>());
        d.addLast(ms);
        while (d.size() > KEEP) d.removeFirst();
    }

    private void load() {
        if (loaded) return;
        loaded = true;
        if (!Files.isRegularFile(file)) return;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - TAIL_BYTES);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            if (from > 0) text = text.substring(text.indexOf('\n') + 1); // first line may be cut
            for (String line : text.split("\n")) {
                if (line.isBlank()) continue;
                try {
                    JsonNode n = Json.parse(line);
                    if (n.hasNonNull("step") && n.hasNonNull("ms")) remember(n.get("step").asString(), n.get("ms").asLong());
                } catch (JacksonException e) {
                    // a torn last line (crash mid-append) is skipped
                }
            }
        } catch (IOException e) {
            // unreadable history: no estimate, the run itself is unaffected
        }
    }
}
