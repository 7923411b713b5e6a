package dev.tern.orchestration.files;

import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsed definitions kept between processes in one JSON file (path, modification time in ns, size,
 * value), so a new process stats the files and parses only those that changed: hundreds of agents
 * list fast from the second run on. The file is only a cache: unreadable, corrupt or stale entries are
 * ignored (the files are parsed again) and it is replaced atomically.
 *
 * @param <T> the parsed value
 */
public final class ParsedIndex<T> {

    /** Writes and reads one value with the tree API (no reflection: a cold process reads hundreds fast). */
    public interface Codec<T> {
        void write(T value, ObjectNode into);

        T read(JsonNode from);
    }

    private static final Logger LOG = Logger.getLogger(ParsedIndex.class.getName());
    private static final int VERSION = 2;

    /** One saved value. */
    public record Saved<T>(Path file, long modifiedNanos, long size, T value) { }

    private final Path file;
    private final Codec<T> codec;

    public ParsedIndex(Path file, Codec<T> codec) {
        this.file = file;
        this.codec = codec;
    }

    public Path file() { return file; }

    /** The saved values, or none when the file is missing or unreadable. */
    List<Saved<T>> read() {
        List<Saved<T>> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) return out;
        try {
            JsonNode root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (root.path("version").asInt() != VERSION) return out;
            for (JsonNode e : root.path("entries")) {
                out.add(new Saved<>(Path.of(e.get("file").asString()), e.get("modified").asLong(), e.get("size").asLong(),
                        codec.read(e.get("value"))));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ignoring the definition index " + file + ": " + e.getMessage());
            out.clear();
        }
        return out;
    }

    /** Replaces the file; a failure only costs the next process a re-parse (the index is a cache). */
    void write(List<Saved<T>> entries) {
        var root = Json.object();
        root.put("version", VERSION);
        var arr = root.putArray("entries");
        for (Saved<T> s : entries) {
            var e = arr.addObject();
            e.put("file", s.file().toString());
            e.put("modified", s.modifiedNanos());
            e.put("size", s.size());
            codec.write(s.value(), e.putObject("value"));
        }
        try {
            AtomicFiles.write(file, Json.write(root));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot save the definition index " + file + ": " + e.getMessage());
        }
    }
}
