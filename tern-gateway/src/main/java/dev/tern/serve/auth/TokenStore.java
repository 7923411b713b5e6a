package dev.tern.serve.auth;

import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where hashed tokens live: the config file's {@code serve.tokens} (when {@code tern token create} is given
 * {@code --config}) and the workspace's {@code .tern/tokens.json} (otherwise). {@code tern serve} reads both.
 */
public final class TokenStore {

    private TokenStore() { }

    /** The workspace's token file. */
    public static Path workspaceFile(Path workspace) { return workspace.resolve(".tern").resolve("tokens.json"); }

    /**
     * The tokens of the workspace file (none when it does not exist).
     *
     * @throws IllegalArgumentException with a one-line reason when the file is broken
     */
    public static List<TokenEntry> loadWorkspace(Path workspace) {
        Path f = workspaceFile(workspace);
        if (!Files.isRegularFile(f)) return List.of();
        try {
            JsonNode root = Json.parse(Files.readString(f));
            JsonNode arr = root.get("tokens");
            if (arr == null || !arr.isArray()) throw new IllegalArgumentException(f + ": expected {\"tokens\": [{name, sha256}]}");
            List<TokenEntry> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : arr) {
                out.add(TokenEntry.of(e.path("name").asString(null), e.path("sha256").asString(null), f + ": tokens[" + i++ + "]"));
            }
            return out;
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /**
     * Stores a token's hash: into {@code configFile}'s {@code serve.tokens} when given, else into the workspace file.
     *
     * @return the file written
     * @throws IllegalArgumentException with a one-line reason when the file cannot be read or written
     */
    public static Path add(TokenEntry entry, Path configFile, Path workspace) {
        Path target = configFile != null ? configFile : workspaceFile(workspace);
        try {
            ObjectNode root;
            if (Files.isRegularFile(target)) {
                JsonNode n = Json.parse(Files.readString(target));
                if (!n.isObject()) throw new IllegalArgumentException(target + ": the top level must be a JSON object");
                root = (ObjectNode) n;
            } else if (configFile != null) {
                throw new IllegalArgumentException("config file not found: " + configFile);
            } else {
                root = Json.object();
            }
            ArrayNode tokens;
            if (configFile != null) {
                JsonNode serve = root.get("serve");
                if (serve == null || serve.isNull()) serve = root.putObject("serve");
                if (!serve.isObject()) throw new IllegalArgumentException(target + ": 'serve' must be an object");
                tokens = arrayAt((ObjectNode) serve, "tokens", target);
            } else {
                tokens = arrayAt(root, "tokens", target);
            }
            ObjectNode e = tokens.addObject();
            e.put("name", entry.name());
            e.put("sha256", entry.sha256());
            e.put("created", java.time.Instant.now().toString());
            Files.createDirectories(target.toAbsolutePath().getParent());
            AtomicFiles.write(target, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            return target;
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("cannot update " + target + ": " + e.getMessage());
        }
    }

    private static ArrayNode arrayAt(ObjectNode parent, String key, Path file) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return parent.putArray(key);
        if (!n.isArray()) throw new IllegalArgumentException(file + ": '" + key + "' must be an array");
        return (ArrayNode) n;
    }
}
