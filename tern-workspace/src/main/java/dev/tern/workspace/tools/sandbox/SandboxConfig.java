package dev.tern.workspace.tools.sandbox;

import dev.tern.workspace.tools.WorkspaceToolsConfig;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code sandbox} (a top-level section of the config): how {@code exec} (and, when asked, MCP stdio servers) are isolated.
 *
 * @param enabled    run commands under bubblewrap when {@code restrictToWorkspace} is on (default true);
 *                   false means exec runs unconfined, which is allowed only in {@code bypassPermissions}
 * @param network    let sandboxed commands use the network (default false: a private network namespace
 *                   with nothing but its own loopback)
 * @param mcpServers also start MCP stdio servers inside the sandbox (default false; per server
 *                   {@code "sandbox": true} in {@code mcpServers} does the same for one server)
 * @param env        names of further environment variables passed into the sandbox (the allow-list
 *                   otherwise holds only PATH, locale, terminal, user and time-zone variables)
 * @param readPaths  further folders visible read-only (e.g. a tool chain under the home folder)
 * @param writePaths further folders visible read-write (e.g. a build cache)
 * @param bwrap      the bubblewrap executable, or null to look for {@code bwrap} on the usual paths
 * @param allowHosts when {@code network} is false: hosts commands may still reach, through an HTTP
 *                   proxy ({@code HTTP(S)_PROXY} set inside; {@code host}, {@code host:port} or
 *                   {@code *.domain}); needs {@code socat} (Debian package) inside the sandbox
 */
public record SandboxConfig(boolean enabled, boolean network, boolean mcpServers, List<String> env,
                            List<Path> readPaths, List<Path> writePaths, Path bwrap, List<String> allowHosts) {

    public static final SandboxConfig DEFAULT = new SandboxConfig(true, false, false, List.of(), List.of(), List.of(), null, List.of());

    public SandboxConfig(boolean enabled, boolean network, boolean mcpServers, List<String> env, List<Path> readPaths,
                         List<Path> writePaths, Path bwrap) {
        this(enabled, network, mcpServers, env, readPaths, writePaths, bwrap, List.of());
    }

    public SandboxConfig {
        allowHosts = List.copyOf(allowHosts == null ? List.of() : allowHosts);
        env = List.copyOf(env == null ? List.of() : env);
        readPaths = List.copyOf(readPaths == null ? List.of() : readPaths);
        writePaths = List.copyOf(writePaths == null ? List.of() : writePaths);
    }

    /**
     * Reads the raw {@code sandbox} section (camelCase or snake_case keys); null gives the defaults.
     *
     * @throws IllegalArgumentException with a one-line reason naming the key
     */
    public static SandboxConfig fromJson(JsonNode n, String source) {
        if (n == null || n.isNull()) return DEFAULT;
        if (!n.isObject()) throw new IllegalArgumentException(source + ": 'sandbox' must be an object");
        for (String k : n.propertyNames()) {
            if (!KEYS.contains(k)) throw new IllegalArgumentException(source + ": unknown key 'sandbox." + k + "' (known: " + KEYS_CAMEL + ")");
        }
        JsonNode bw = WorkspaceToolsConfig.field(n, "bwrap");
        return new SandboxConfig(bool(n, "enabled", DEFAULT.enabled), bool(n, "network", DEFAULT.network),
                bool(n, "mcpServers", DEFAULT.mcpServers), strings(n, "env", source),
                strings(n, "readPaths", source).stream().map(SandboxConfig::path).toList(),
                strings(n, "writePaths", source).stream().map(SandboxConfig::path).toList(), bw == null ? null : path(bw.asString()),
                strings(n, "allowHosts", source));
    }

    private static final List<String> KEYS_CAMEL = List.of("enabled", "network", "allowHosts", "mcpServers", "env", "readPaths",
            "writePaths", "bwrap");
    private static final java.util.Set<String> KEYS = java.util.Set.of("enabled", "network", "allowHosts", "allow_hosts", "mcpServers",
            "mcp_servers", "env", "readPaths", "read_paths", "writePaths", "write_paths", "bwrap");

    private static boolean bool(JsonNode n, String key, boolean fallback) {
        JsonNode v = WorkspaceToolsConfig.field(n, key);
        return v == null ? fallback : v.asBoolean();
    }

    private static List<String> strings(JsonNode n, String key, String source) {
        JsonNode v = WorkspaceToolsConfig.field(n, key);
        if (v == null) return List.of();
        if (!v.isArray()) throw new IllegalArgumentException(source + ": 'sandbox." + key + "' must be an array of strings");
        List<String> out = new java.util.ArrayList<>();
        v.forEach(e -> out.add(e.asString()));
        return out;
    }

    private static Path path(String p) {
        return p.equals("~") || p.startsWith("~/") ? Path.of(System.getProperty("user.home") + p.substring(1)) : Path.of(p);
    }

    public SandboxConfig withEnabled(boolean e) { return new SandboxConfig(e, network, mcpServers, env, readPaths, writePaths, bwrap, allowHosts); }

    public SandboxConfig withNetwork(boolean n) { return new SandboxConfig(enabled, n, mcpServers, env, readPaths, writePaths, bwrap, allowHosts); }

    public SandboxConfig withBwrap(Path p) { return new SandboxConfig(enabled, network, mcpServers, env, readPaths, writePaths, p, allowHosts); }

    public SandboxConfig withAllowHosts(List<String> h) { return new SandboxConfig(enabled, network, mcpServers, env, readPaths, writePaths, bwrap, h); }

    /** True when commands reach the allow-listed hosts through the proxy (no direct network). */
    public boolean proxied() { return !network && !allowHosts.isEmpty(); }
}
