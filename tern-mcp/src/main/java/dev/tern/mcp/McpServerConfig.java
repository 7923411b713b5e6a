package dev.tern.mcp;

import dev.tern.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One MCP server as configured in the Claude Desktop shape:
 * <pre>{"mcpServers": {"name": {"command": "...", "args": [...], "env": {...}, "cwd": "..."}
 *                    | {"url": "https://...", "headers": {...}}}}</pre>
 * Optional per server: {@code "timeout"} (seconds per tool call), {@code "disabled": true} and, for
 * stdio servers, {@code "sandbox": true|false} (start it in the OS sandbox). The one type for an MCP
 * server's configuration: the config file's {@code mcpServers} (and nanobot's {@code tools.mcpServers})
 * and a workspace's {@code .mcp.json} are parsed by {@link #parse}.
 */
public sealed interface McpServerConfig {

    /** The server's name, as written in the config (tools become {@code mcp_<name>_<tool>}). */
    String name();

    /** Per-call timeout, or null for the toolset default. */
    Duration timeout();

    /**
     * SHA-256 of what this server would run or reach (command, args, env, cwd, url, headers, sandbox),
     * the identity a user's approval is remembered by: any change needs a new approval.
     */
    default String fingerprint() {
        var m = new java.util.TreeMap<String, Object>();
        switch (this) {
            case Stdio s -> {
                m.put("command", s.command());
                m.put("args", s.args());
                m.put("env", new java.util.TreeMap<>(s.env()));
                m.put("cwd", s.cwd() == null ? "" : s.cwd().toString());
                m.put("url", "");
                m.put("headers", Map.of());
                m.put("sandbox", s.sandbox() == null ? "" : s.sandbox().toString());
            }
            case Http h -> {
                m.put("command", "");
                m.put("args", List.of());
                m.put("env", Map.of());
                m.put("cwd", "");
                m.put("url", h.url());
                m.put("headers", new java.util.TreeMap<>(h.headers()));
                m.put("sandbox", "");
            }
        }
        return dev.tern.json.CanonicalJson.sha256Hex(Json.write(m));
    }

    /** What it runs or reaches, for people: {@code run: npx -y ...} or {@code connect to https://...}. */
    default String describe() {
        return switch (this) {
            case Stdio s -> "run: " + s.command() + (s.args().isEmpty() ? "" : " " + String.join(" ", s.args()));
            case Http h -> "connect to " + h.url();
        };
    }

    /**
     * A server started as a child process speaking MCP over stdin/stdout.
     *
     * @param cwd     working directory, or null for the current one
     * @param sandbox start it in the OS sandbox ({@code "sandbox"}), or null for the configured default
     */
    record Stdio(String name, String command, List<String> args, Map<String, String> env, Path cwd,
                 Duration timeout, Boolean sandbox) implements McpServerConfig {
        public Stdio {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(command, "command");
            args = List.copyOf(args == null ? List.of() : args);
            env = Collections.unmodifiableMap(new LinkedHashMap<>(env == null ? Map.of() : env));
        }

        public Stdio(String name, String command, List<String> args, Map<String, String> env, Path cwd, Duration timeout) {
            this(name, command, args, env, cwd, timeout, null);
        }
    }

    /** A server reached over Streamable HTTP. */
    record Http(String name, String url, Map<String, String> headers, Duration timeout) implements McpServerConfig {
        public Http {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        }
    }

    /**
     * Parses a config document: either the whole config (with {@code mcpServers} or {@code mcp_servers})
     * or the servers map itself. Disabled servers are left out. Relative {@code cwd} resolves against
     * {@code baseDir} (nullable).
     *
     * @throws IllegalArgumentException with a one-line reason naming the server and field
     */
    public static Map<String, McpServerConfig> parse(JsonNode root, Path baseDir) {
        Map<String, McpServerConfig> out = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) return out;
        if (!root.isObject()) throw new IllegalArgumentException("mcpServers: expected an object");
        JsonNode servers = root.has("mcpServers") ? root.get("mcpServers")
                : root.has("mcp_servers") ? root.get("mcp_servers") : root;
        if (servers.isNull()) return out;
        if (!servers.isObject()) throw new IllegalArgumentException("mcpServers: expected an object of name -> server");
        for (Map.Entry<String, JsonNode> e : servers.properties()) {
            McpServerConfig c = parseOne(e.getKey(), e.getValue(), baseDir);
            if (c != null) out.put(e.getKey(), c);
        }
        return out;
    }

    /** Reads a JSON file such as {@code ~/.tern/config.json} or a workspace {@code .mcp.json}; missing file = none. */
    public static Map<String, McpServerConfig> load(Path file) {
        if (!Files.isRegularFile(file)) return new LinkedHashMap<>();
        try {
            return parse(Json.parse(Files.readString(file)), file.toAbsolutePath().getParent());
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException(file + ": cannot read MCP servers: " + oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static McpServerConfig parseOne(String name, JsonNode s, Path baseDir) {
        String where = "mcpServers." + name;
        if (name.isBlank()) throw new IllegalArgumentException("mcpServers: a server has an empty name");
        if (!s.isObject()) throw new IllegalArgumentException(where + ": expected an object");
        if (s.path("disabled").asBoolean(false)) return null;
        Duration timeout = null;
        JsonNode t = s.get("timeout");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.asDouble() <= 0) throw new IllegalArgumentException(where + ".timeout: expected seconds > 0");
            timeout = Duration.ofMillis(Math.round(t.asDouble() * 1000));
        }
        boolean hasCommand = s.hasNonNull("command");
        boolean hasUrl = s.hasNonNull("url");
        if (hasCommand == hasUrl) {
            throw new IllegalArgumentException(where + ": needs exactly one of \"command\" (stdio) or \"url\" (HTTP)");
        }
        if (hasUrl) {
            String url = text(s, "url", where);
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException(where + ".url: expected an http:// or https:// URL, got " + url);
            }
            return new Http(name, url, stringMap(s.get("headers"), where + ".headers"), timeout);
        }
        String command = text(s, "command", where);
        List<String> args = new ArrayList<>();
        JsonNode a = s.get("args");
        if (a != null && !a.isNull()) {
            if (!a.isArray()) throw new IllegalArgumentException(where + ".args: expected an array of strings");
            for (JsonNode x : a) {
                if (!x.isValueNode() || x.isNull()) throw new IllegalArgumentException(where + ".args: expected strings");
                args.add(x.asString());
            }
        }
        Path cwd = null;
        if (s.hasNonNull("cwd")) {
            cwd = Path.of(text(s, "cwd", where));
            if (!cwd.isAbsolute() && baseDir != null) cwd = baseDir.resolve(cwd).normalize();
        }
        Boolean sandbox = null;
        JsonNode sb = s.get("sandbox");
        if (sb != null && !sb.isNull()) {
            if (!sb.isBoolean()) throw new IllegalArgumentException(where + ".sandbox: expected true or false");
            sandbox = sb.booleanValue();
        }
        return new Stdio(name, command, args, stringMap(s.get("env"), where + ".env"), cwd, timeout, sandbox);
    }

    private static String text(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (!v.isString() || v.stringValue().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + ": expected a non-empty string");
        }
        return v.stringValue();
    }

    private static Map<String, String> stringMap(JsonNode n, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) return out;
        if (!n.isObject()) throw new IllegalArgumentException(where + ": expected an object of string values");
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new IllegalArgumentException(where + "." + e.getKey() + ": expected a string");
            }
            out.put(e.getKey(), e.getValue().asString());
        }
        return out;
    }

    private static String oneLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
