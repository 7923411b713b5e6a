package dev.tern.mcp;

import dev.tern.http.HttpTransport;
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
 * @param http        the HTTP client that reaches servers configured by {@code url} (the process's one
 *                    transport, owned and closed by whoever made it); null = the toolset creates one
 *                    ({@link dev.tern.http.Transports#create()}) on first use and closes it with itself
 */
public record McpOptions(Path logDir, Duration callTimeout, Duration initTimeout, boolean eager, Path toolListDir,
                         Duration maxBackoff, HttpTransport http) {

    public static final McpOptions DEFAULT =
            new McpOptions(null, Duration.ofSeconds(60), Duration.ofSeconds(30), true, null, Duration.ofSeconds(30), null);

    public McpOptions {
        callTimeout = callTimeout == null ? DEFAULT.callTimeout() : callTimeout;
        initTimeout = initTimeout == null ? DEFAULT.initTimeout() : initTimeout;
        maxBackoff = maxBackoff == null ? DEFAULT.maxBackoff() : maxBackoff;
    }

    /** Without a transport of the caller's: the toolset makes its own when it needs one. */
    public McpOptions(Path logDir, Duration callTimeout, Duration initTimeout, boolean eager, Path toolListDir,
                      Duration maxBackoff) {
        this(logDir, callTimeout, initTimeout, eager, toolListDir, maxBackoff, null);
    }

    /** Logs in {@code <workspace>/.tern/logs}, tool lists in {@code <workspace>/.tern/mcp}, lazy start. */
    public static McpOptions forWorkspace(Path workspace) {
        return new McpOptions(workspace.resolve(".tern/logs"), null, null, false, workspace.resolve(".tern/mcp"), null);
    }

    public McpOptions withCallTimeout(Duration d) { return new McpOptions(logDir, d, initTimeout, eager, toolListDir, maxBackoff, http); }

    public McpOptions withEager(boolean e) { return new McpOptions(logDir, callTimeout, initTimeout, e, toolListDir, maxBackoff, http); }

    public McpOptions withLogDir(Path p) { return new McpOptions(p, callTimeout, initTimeout, eager, toolListDir, maxBackoff, http); }

    public McpOptions withToolListDir(Path p) { return new McpOptions(logDir, callTimeout, initTimeout, eager, p, maxBackoff, http); }

    public McpOptions withMaxBackoff(Duration d) { return new McpOptions(logDir, callTimeout, initTimeout, eager, toolListDir, d, http); }

    /** HTTP servers are reached through {@code transport} (not closed by the toolset); null = a transport of the toolset's own. */
    public McpOptions withHttp(HttpTransport transport) {
        return new McpOptions(logDir, callTimeout, initTimeout, eager, toolListDir, maxBackoff, transport);
    }
}
