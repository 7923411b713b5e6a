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
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env,
                              String url, Map<String, String> headers) {

    public McpServerConfig {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        headers = Map.copyOf(headers);
        if ((command == null || command.isBlank()) == (url == null || url.isBlank())) {
            throw new ConfigException("mcpServers." + name + " needs exactly one of 'command' or 'url'");
        }
    }

    public boolean stdio() { return command != null && !command.isBlank(); }
}
