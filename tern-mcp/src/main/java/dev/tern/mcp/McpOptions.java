package dev.tern.mcp;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the {@link McpToolset} runs its servers.
 *
 * @param logDir      where each stdio server's stderr goes ({@code <logDir>/mcp-<server>.log}); null = not kept
 * @param callTimeout default per-call timeout (a server's own {@code timeout} overrides it)
 * @param initTimeout how long starting a server and the MCP handshake may take
 * @param eager       true: {@link McpToolset#start} connects every server at once (in parallel) and lists
 *                    its tools; false: a server starts on first use, and its tools are listed from the
 *                    copy saved in {@code toolListDir} by an earlier run when there is one
 * @param toolListDir where tool lists are saved for lazy start; null = always list at startup
 * @param maxBackoff  longest wait between reconnect attempts of a failing server
 */
public record McpOptions(Path logDir, Duration callTimeout, Duration initTimeout, boolean eager, Path toolListDir,
                         Duration maxBackoff) {

    public static final McpOptions DEFAULT =
            new McpOptions(null, Duration.ofSeconds(60), Duration.ofSeconds(30), true, null, Duration.ofSeconds(30));

    public McpOptions {
        callTimeout = callTimeout == null ? DEFAULT.callTimeout() : callTimeout;
        initTimeout = initTimeout == null ? DEFAULT.initTimeout() : initTimeout;
        maxBackoff = maxBackoff == null ? DEFAULT.maxBackoff() : maxBackoff;
    }

    /** Logs in {@code <workspace>/.tern/logs}, tool lists in {@code <workspace>/.tern/mcp}, lazy start. */
    public static McpOptions forWorkspace(Path workspace) {
        return new McpOptions(workspace.resolve(".tern/logs"), null, null, false, workspace.resolve(".tern/mcp"), null);
    }

    public McpOptions withCallTimeout(Duration d) { return new McpOptions(logDir, d, initTimeout, eager, toolListDir, maxBackoff); }

    public McpOptions withEager(boolean e) { return new McpOptions(logDir, callTimeout, initTimeout, e, toolListDir, maxBackoff); }

    public McpOptions withLogDir(Path p) { return new McpOptions(p, callTimeout, initTimeout, eager, toolListDir, maxBackoff); }

    public McpOptions withToolListDir(Path p) { return new McpOptions(logDir, callTimeout, initTimeout, eager, p, maxBackoff); }

    public McpOptions withMaxBackoff(Duration d) { return new McpOptions(logDir, callTimeout, initTimeout, eager, toolListDir, d); }
}
