package dev.tern.mcp;

import dev.tern.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;

/**
 * Servers that failed to start, remembered across runs ({@code <dir>/<server>.failed.json}: the
 * config's fingerprint, the reason, how many times, when), so the next run does not wait for a server
 * that was unreachable: it starts without it and retries in the background. A success, or a changed
 * config, forgets the failure.
 */
final class McpFailures {

    private static final Logger LOG = Logger.getLogger(McpFailures.class.getName());

    /** A remembered failure. */
    record Failure(String reason, int count, Instant at) { }

    private final Path dir;

    McpFailures(Path dir) { this.dir = dir; }

    boolean enabled() { return dir != null; }

    /** The failure remembered for this server and config, if any. */
    Optional<Failure> remembered(String server, String fingerprint) {
        if (dir == null) return Optional.empty();
        Path f = file(server);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            JsonNode n = Json.parse(Files.readString(f));
            if (!fingerprint.equals(n.path("fingerprint").asString(""))) return Optional.empty();
            return Optional.of(new Failure(n.path("reason").asString("failed"), n.path("count").asInt(1),
                    Instant.parse(n.path("at").asString(Instant.EPOCH.toString()))));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ignoring unreadable " + f + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    void record(String server, String fingerprint, String reason) {
        if (dir == null) return;
        int count = remembered(server, fingerprint).map(Failure::count).orElse(0) + 1;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", fingerprint);
        m.put("reason", reason);
        m.put("count", count);
        m.put("at", Instant.now().toString());
        Path f = file(server);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
            Files.writeString(tmp, Json.write(m), StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot remember the failure of MCP server '" + server + "': " + e.getMessage());
        }
    }

    void forget(String server) {
        if (dir == null) return;
        try {
            Files.deleteIfExists(file(server));
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot forget the failure of MCP server '" + server + "': " + e.getMessage());
        }
    }

    private Path file(String server) { return dir.resolve(McpNames.sanitize(server) + ".failed.json"); }
}
