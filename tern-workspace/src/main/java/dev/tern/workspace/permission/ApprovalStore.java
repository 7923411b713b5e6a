package dev.tern.workspace.permission;

import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The user's approvals of things a workspace asks Tern to run (its {@code .mcp.json} servers, later
 * its hooks), remembered by content hash: an approval holds while the item is byte-for-byte what was
 * approved, and any change needs a new one. Kept in the user's Tern folder ({@code ~/.tern/approvals.json}),
 * outside every workspace, hidden from sandboxed commands and protected from the file tools, so
 * neither the model nor a cloned repository can approve anything. Thread-safe within a process;
 * writes are atomic.
 *
 * <pre>{"workspaces": {"/real/path/of/ws": {"mcp:github": "sha256…"}}}</pre>
 */
public final class ApprovalStore {

    private final Path file;

    /** @param file the approvals file (need not exist) */
    public ApprovalStore(Path file) { this.file = file; }

    /** {@code <userDir>/approvals.json}. */
    public static ApprovalStore inUserDir(Path userDir) { return new ApprovalStore(userDir.resolve("approvals.json")); }

    public Path file() { return file; }

    /** True when {@code item} of {@code workspace} was approved with exactly this {@code hash}. */
    public synchronized boolean approved(Path workspace, String item, String hash) {
        JsonNode ws = read().path("workspaces").path(key(workspace));
        return ws.has(item) && ws.get(item).asString().equals(hash);
    }

    /** Remembers the approval of {@code item} with this {@code hash} (replacing an older one). */
    public synchronized void approve(Path workspace, String item, String hash) {
        ObjectNode root = read();
        ObjectNode all = root.has("workspaces") && root.get("workspaces").isObject()
                ? (ObjectNode) root.get("workspaces") : root.putObject("workspaces");
        ObjectNode ws = all.has(key(workspace)) && all.get(key(workspace)).isObject()
                ? (ObjectNode) all.get(key(workspace)) : all.putObject(key(workspace));
        ws.put(item, hash);
        try {
            AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the approval in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every approval of a workspace, item to hash. */
    public synchronized Map<String, String> of(Path workspace) {
        Map<String, String> out = new TreeMap<>();
        read().path("workspaces").path(key(workspace)).properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    private ObjectNode read() {
        if (!Files.isRegularFile(file)) return Json.object();
        try {
            JsonNode n = Json.parse(Files.readString(file));
            return n instanceof ObjectNode o ? o : Json.object();
        } catch (IOException | JacksonException e) {
            // an unreadable file approves nothing; the next approval rewrites it
            return Json.object();
        }
    }

    private static String key(Path workspace) {
        try {
            return workspace.toRealPath().toString();
        } catch (IOException e) {
            return workspace.toAbsolutePath().normalize().toString();
        }
    }
}
