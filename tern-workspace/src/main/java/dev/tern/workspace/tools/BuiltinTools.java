package dev.tern.workspace.tools;

import dev.tern.tool.Tool;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.tools.sandbox.Sandbox;
import dev.tern.workspace.tools.web.GuardedFetcher;
import dev.tern.workspace.tools.web.SsrfGuard;
import dev.tern.workspace.tools.web.WebFetchTool;
import dev.tern.workspace.tools.web.WebSearchTool;
import dev.tern.http.HttpTransport;
import dev.tern.http.Transports;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The built-in tools (nanobot-compatible names and arguments): {@code read_file, write_file, edit_file,
 * list_dir, glob, grep, exec, web_fetch, web_search}.
 */
public final class BuiltinTools {

    private BuiltinTools() { }

    /**
     * Registers every built-in tool, the web tools sharing one new HTTP transport. Prefer
     * {@link #register(ToolRegistry, WorkspaceToolsConfig, HttpTransport)} with the runtime's transport.
     */
    public static List<Tool> register(ToolRegistry registry, WorkspaceToolsConfig config) {
        return register(registry, config, Transports.create());
    }

    /**
     * Registers every built-in tool.
     *
     * @param http the runtime's shared HTTP transport (the web tools follow redirects themselves, checking each hop)
     * @return the registered tools
     */
    public static List<Tool> register(ToolRegistry registry, WorkspaceToolsConfig config, HttpTransport http) {
        List<Tool> tools = create(config, http);
        registry.registerAll(tools);
        return tools;
    }

    /** Registers every built-in tool, exec in {@code sandbox} (see {@link #create(WorkspaceToolsConfig, HttpTransport, Sandbox, BooleanSupplier)}). */
    public static List<Tool> register(ToolRegistry registry, WorkspaceToolsConfig config, HttpTransport http, Sandbox sandbox,
                                      BooleanSupplier unconfinedAllowed) {
        List<Tool> tools = create(config, http, sandbox, unconfinedAllowed);
        registry.registerAll(tools);
        return tools;
    }

    /** The built-in tools, unregistered, with the default protected paths and a sandbox that never falls back. */
    public static List<Tool> create(WorkspaceToolsConfig config, HttpTransport http) {
        ProtectedPaths p = ProtectedPaths.forWorkspace(config.workspace(), null, null);
        return create(config, http, Sandbox.create(config.sandbox(), p), () -> false);
    }

    /**
     * The built-in tools, unregistered.
     *
     * @param sandbox           the OS isolation of exec; its protected paths are the file tools' too
     * @param unconfinedAllowed true while exec may run without the sandbox when it is unavailable
     *                          (the runtime answers "the permission mode is bypassPermissions")
     */
    public static List<Tool> create(WorkspaceToolsConfig config, HttpTransport http, Sandbox sandbox, BooleanSupplier unconfinedAllowed) {
        PathGuard guard = new PathGuard(config.workspace(), config.restrictToWorkspace(), sandbox.protectedPaths());
        GuardedFetcher fetcher = new GuardedFetcher(http, new SsrfGuard(config.allowHosts()), config.webTimeout(),
                config.webMaxBytes());
        return List.of(
                new ReadFileTool(guard, config.readMaxLines(), config.readMaxBytes()),
                new WriteFileTool(guard),
                new EditFileTool(guard),
                new ListDirTool(guard, config.listMaxEntries()),
                new GlobTool(guard, config.listMaxEntries()),
                new GrepTool(guard, config.listMaxEntries()),
                new ExecTool(guard, sandbox, unconfinedAllowed, config.execTimeout(), config.execMaxTimeout(),
                        config.execMaxOutputBytes(), Duration.ofSeconds(5)),
                new WebFetchTool(fetcher, config.webMaxChars(), config.webTimeout()),
                new WebSearchTool(http, config.search(), config.webTimeout()));
    }
}
