package dev.tern.workspace.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.workspace.config.McpServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspace MCP servers start only once approved, by content hash; issue 9, hole 2. */
class ServerApprovalsTest {

    @TempDir Path ws;
    @TempDir Path userDir;

    final List<PermissionRequest> asked = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    static McpServerConfig server(String name, String... args) {
        return new McpServerConfig(name, "node", List.of(args), Map.of(), null, Map.of());
    }

    ServerApprovals approvals(PermissionDecision answer) {
        PermissionPrompter p = answer == null ? null : r -> {
            asked.add(r);
            return answer;
        };
        return new ServerApprovals(ApprovalStore.inUserDir(userDir), ws, p, warnings::add);
    }

    @Test
    void newServersAreAskedOnceRememberedByHashAndAskedAgainWhenChanged() throws Exception {
        Map<String, McpServerConfig> servers = new LinkedHashMap<>();
        servers.put("mine", server("mine", "trusted.js"));   // from the user's own config
        servers.put("repo", server("repo", "server.js"));    // from the workspace's .mcp.json
        Set<String> fromWorkspace = Set.of("repo");

        // non-interactive: the workspace server is left out, with a warning naming it
        assertThat(approvals(null).startable(servers, fromWorkspace)).containsOnlyKeys("mine");
        assertThat(warnings).singleElement().asString().contains("'repo'").contains("new").contains("NOT started");

        // interactive: asked, approved, remembered
        assertThat(approvals(PermissionDecision.ALLOW_ONCE).startable(servers, fromWorkspace)).containsOnlyKeys("mine", "repo");
        assertThat(asked).singleElement().extracting(PermissionRequest::summary).asString().contains("node server.js");
        assertThat(Files.readString(userDir.resolve("approvals.json"))).contains("mcp:repo");
        asked.clear();
        assertThat(approvals(null).startable(servers, fromWorkspace)).containsOnlyKeys("mine", "repo");

        // changed arguments: a new approval is needed; a refusal leaves it out
        servers.put("repo", server("repo", "server.js", "--evil"));
        assertThat(approvals(PermissionDecision.DENY).startable(servers, fromWorkspace)).containsOnlyKeys("mine");
        assertThat(asked).singleElement().extracting(PermissionRequest::summary).asString().contains("CHANGED");
        warnings.clear();
        assertThat(approvals(null).startable(servers, fromWorkspace)).containsOnlyKeys("mine");
        assertThat(warnings).singleElement().asString().contains("changed");

        // an approval is per workspace
        ServerApprovals other = new ServerApprovals(ApprovalStore.inUserDir(userDir), Files.createTempDirectory(ws, "other"), null, w -> { });
        servers.put("repo", server("repo", "server.js"));
        assertThat(other.startable(servers, fromWorkspace)).containsOnlyKeys("mine");
    }
}
