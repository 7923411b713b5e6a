package dev.tern.workspace.permission;

import dev.tern.mcp.McpServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides which MCP servers a workspace may start. Servers from the user's own config are trusted;
 * servers from the workspace's {@code .mcp.json} (which the model, or whoever wrote the repository,
 * can change) start only when the user approved exactly this server config (command, arguments,
 * environment, URL, headers: {@link McpServerConfig#fingerprint()}). A new or changed one is asked
 * about through the {@link PermissionPrompter} when there is one and remembered in the
 * {@link ApprovalStore} when allowed; without a prompter (non-interactive {@code tern run}) it is
 * left out, with a one-line warning naming it.
 */
public final class ServerApprovals {

    private final ApprovalStore store;
    private final Path workspace;
    private final PermissionPrompter prompter;
    private final Consumer<String> warnings;

    /** @param prompter who to ask, or null when no one can be asked */
    public ServerApprovals(ApprovalStore store, Path workspace, PermissionPrompter prompter, Consumer<String> warnings) {
        this.store = store;
        this.workspace = workspace;
        this.prompter = prompter;
        this.warnings = warnings;
    }

    /**
     * The servers that may start.
     *
     * @param servers       every configured server
     * @param fromWorkspace the names that come from the workspace's {@code .mcp.json}
     */
    public Map<String, McpServerConfig> startable(Map<String, McpServerConfig> servers, Set<String> fromWorkspace)
            throws InterruptedException {
        Map<String, McpServerConfig> out = new LinkedHashMap<>();
        for (Map.Entry<String, McpServerConfig> e : servers.entrySet()) {
            McpServerConfig s = e.getValue();
            if (!fromWorkspace.contains(e.getKey()) || allowed(s)) out.put(e.getKey(), s);
        }
        return out;
    }

    private boolean allowed(McpServerConfig s) throws InterruptedException {
        String item = "mcp:" + s.name();
        String hash = s.fingerprint();
        if (store.approved(workspace, item, hash)) return true;
        boolean known = store.of(workspace).containsKey(item);
        String what = s.describe();
        if (prompter == null) {
            warnings.accept("MCP server '" + s.name() + "' in .mcp.json is " + (known ? "changed" : "new")
                    + " since you last approved it (" + what + "); it was NOT started. Approve it with 'tern mcp approve "
                    + s.name() + " --workspace " + workspace + "' (or answer tern chat's prompt in this workspace)");
            return false;
        }
        PermissionDecision d = prompter.ask(new PermissionRequest("mcp server " + s.name(),
                "start the " + (known ? "CHANGED" : "new") + " MCP server '" + s.name() + "' from .mcp.json: " + what,
                dev.tern.json.JsonObject.EMPTY, "workspace", null, null));
        if (d == PermissionDecision.DENY || d == null) {
            warnings.accept("MCP server '" + s.name() + "' was not approved; it was not started");
            return false;
        }
        store.approve(workspace, item, hash);
        return true;
    }
}
