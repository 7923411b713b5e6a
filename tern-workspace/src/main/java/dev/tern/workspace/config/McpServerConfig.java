package dev.tern.workspace.config;

import java.util.List;
import java.util.Map;

/**
 * One MCP server in the Claude Desktop shape: either a local process ({@code command, args, env})
 * or a remote endpoint ({@code url, headers}).
 *
 * @param name    the server's key in {@code mcpServers}
 * @param command the executable for stdio servers, else null
 * @param args    its arguments
 * @param env     extra environment for the process
 * @param url     the endpoint for HTTP servers, else null
 * @param headers HTTP headers (auth)
 * @param cwd     the stdio server's working folder, or null
 * @param timeout per-call timeout ({@code "timeout"} in seconds), or null for the default
 * @param sandbox run this stdio server inside the OS sandbox ({@code "sandbox": true}); null = the
 *                {@code tools.sandbox.mcpServers} default
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env,
                              String url, Map<String, String> headers, String cwd, java.time.Duration timeout,
                              Boolean sandbox) {

    public McpServerConfig(String name, String command, List<String> args, Map<String, String> env,
                           String url, Map<String, String> headers) {
        this(name, command, args, env, url, headers, null, null, null);
    }

    public McpServerConfig {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(env));
        headers = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(headers));
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new ConfigException("mcpServers." + name + ".timeout must be a number of seconds > 0");
        }
        if ((command == null || command.isBlank()) == (url == null || url.isBlank())) {
            throw new ConfigException("mcpServers." + name + " needs exactly one of 'command' or 'url'");
        }
    }

    public boolean stdio() { return command != null && !command.isBlank(); }

    /**
     * SHA-256 of what this server would run or reach (command, args, env, cwd, url, headers, sandbox),
     * the identity a user's approval is remembered by: any change needs a new approval.
     */
    public String fingerprint() {
        var m = new java.util.TreeMap<String, Object>();
        m.put("command", command == null ? "" : command);
        m.put("args", args);
        m.put("env", env);
        m.put("cwd", cwd == null ? "" : cwd);
        m.put("url", url == null ? "" : url);
        m.put("headers", headers);
        m.put("sandbox", sandbox == null ? "" : sandbox.toString());
        return dev.tern.json.CanonicalJson.sha256Hex(dev.tern.json.Json.write(m));
    }
}
