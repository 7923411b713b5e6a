package dev.tern.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool lists saved per server ({@code <dir>/<server>.json}), so a lazily started server's tools are
 * known without starting it. Each file carries a fingerprint of the server's config; a changed config
 * makes the saved list invalid.
 */
final class ToolListStore {

    private static final Logger LOG = Logger.getLogger(ToolListStore.class.getName());
    private static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    /** The saved file's shape. */
    record Saved(String fingerprint, List<McpSchema.Tool> tools) { }

    private final Path dir;

    ToolListStore(Path dir) { this.dir = dir; }

    Optional<List<McpSchema.Tool>> load(String server, String fingerprint) {
        if (dir == null) return Optional.empty();
        Path f = file(server);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            Saved s = MAPPER.readValue(Files.readString(f), new TypeRef<Saved>() { });
            return fingerprint.equals(s.fingerprint()) && s.tools() != null ? Optional.of(s.tools()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring unreadable saved tool list " + f + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    void save(String server, String fingerprint, List<McpSchema.Tool> tools) {
        if (dir == null) return;
        Path f = file(server);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
            Files.writeString(tmp, MAPPER.writeValueAsString(new Saved(fingerprint, tools)), StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot save tool list of MCP server '" + server + "': " + e.getMessage());
        }
    }

    private Path file(String server) { return dir.resolve(McpNames.sanitize(server) + ".json"); }
}
