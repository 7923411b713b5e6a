package dev.tern.workspace.tools;

import dev.tern.tool.Tool;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.tools.web.GuardedFetcher;
import dev.tern.workspace.tools.web.SsrfGuard;
import dev.tern.workspace.tools.web.WebClients;
import dev.tern.workspace.tools.web.WebFetchTool;
import dev.tern.workspace.tools.web.WebSearchTool;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * The built-in tools (nanobot-compatible names and arguments): {@code read_file, write_file, edit_file,
 * list_dir, glob, grep, exec, web_fetch, web_search}.
 */
public final class BuiltinTools {

    private BuiltinTools() { }

    /**
     * Registers every built-in tool, the web tools sharing one new pooled client. Prefer
     * {@link #register(ToolRegistry, WorkspaceToolsConfig, HttpClient)} with the runtime's client.
     */
    public static List<Tool> register(ToolRegistry registry, WorkspaceToolsConfig config) {
        return register(registry, config, WebClients.newSharedClient(Duration.ofSeconds(10)));
    }

    /**
     * Registers every built-in tool.
     *
     * @param http the runtime's shared client; it must not follow redirects (see {@link WebClients#newSharedClient})
     * @return the registered tools
     */
    public static List<Tool> register(ToolRegistry registry, WorkspaceToolsConfig config, HttpClient http) {
        List<Tool> tools = create(config, http);
        registry.registerAll(tools);
        return tools;
    }

    /** The built-in tools, unregistered. */
    public static List<Tool> create(WorkspaceToolsConfig config, HttpClient http) {
        PathGuard guard = new PathGuard(config.workspace(), config.restrictToWorkspace());
        GuardedFetcher fetcher = new GuardedFetcher(http, new SsrfGuard(config.allowHosts()), config.webTimeout(),
                config.webMaxBytes());
        return List.of(
                new ReadFileTool(guard, config.readMaxLines(), config.readMaxBytes()),
                new WriteFileTool(guard),
                new EditFileTool(guard),
                new ListDirTool(guard, config.listMaxEntries()),
                new GlobTool(guard, config.listMaxEntries()),
                new GrepTool(guard, config.listMaxEntries()),
                new ExecTool(guard, config.execTimeout(), config.execMaxTimeout(), config.execMaxOutputBytes()),
                new WebFetchTool(fetcher, config.webMaxChars(), config.webTimeout()),
                new WebSearchTool(http, config.search(), config.webTimeout()));
    }
}
