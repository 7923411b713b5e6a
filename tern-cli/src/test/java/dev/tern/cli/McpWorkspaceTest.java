package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tern.json.Json;
import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.permission.ApprovalStore;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern run} in a workspace whose {@code .mcp.json} names the real npm filesystem MCP server:
 * the tools appear as {@code mcp_fs_*}, a prefetched call fills the shared cache, the model's own
 * identical calls are served from it, and the run is logged in the metrics log.
 */
class McpWorkspaceTest {

    @TempDir Path ws;

    @Test
    void drivesAnMcpServerFromTheWorkspaceMcpJson() throws Exception {
        Path bin = npmBin("mcp-server-filesystem");
        Path root = ws.toRealPath();
        Files.writeString(root.resolve("notes.txt"), "from the filesystem server");
        workspaceWithFilesystemServer(bin, root);
        String read = Json.write(Map.of("path", root.resolve("notes.txt").toString()));
        Files.writeString(ws.resolve("prefetch.json"), "[{\"tool\": \"mcp_fs_read_text_file\", \"arguments\": " + read + "}]");
        String scenario = """
                {"name": "mcp", "steps": [
                  {"toolCalls": [{"name": "mcp_fs_read_text_file", "arguments": %s},
                                 {"name": "mcp_fs_read_text_file", "arguments": %s}]},
                  {"text": "{{toolResult:mcp_fs_read_text_file}}"}]}""".formatted(read, read);
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build())) {
            CliRun r = CliRun.run(env(sim), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                    "--model", "sim:mcp", "--prefetch", ws.resolve("prefetch.json").toString(), "read my notes");
            String stderr = r.stderr();

            assertThat(r.code()).as(stderr).isZero();
            assertThat(r.stdout().strip()).isEqualTo("from the filesystem server");
            assertThat(stderr).contains("gathered 1 tool result in");
            // both of the model's calls were answered by the cache the prefetch filled: one real execution in all
            assertThat(stderr.split("cache hit", -1).length - 1).isEqualTo(2);
            List<String> runs = Files.readAllLines(ws.resolve(".tern/metrics/runs.jsonl"));
            assertThat(runs).hasSize(1);
            assertThat(Json.parse(runs.getFirst()).get("outcome").asString()).isEqualTo("completed");
            assertThat(Json.parse(runs.getFirst()).get("toolCalls").asInt()).isEqualTo(2);
        }
    }

    @Test
    void destructiveMcpToolsGoThroughThePermissionCheck() throws Exception {
        Path bin = npmBin("mcp-server-filesystem");
        Path root = ws.toRealPath();
        workspaceWithFilesystemServer(bin, root);
        String write = Json.write(Map.of("path", root.resolve("secret.txt").toString(), "content", "overwritten"));
        String scenario = """
                {"name": "mcpwrite", "steps": [
                  {"toolCalls": [{"name": "mcp_fs_write_file", "arguments": %s}]},
                  {"text": "{{toolResult:mcp_fs_write_file}}"}]}""".formatted(write);
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build())) {
            CliRun r = CliRun.run(env(sim), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                    "--model", "sim:mcpwrite", "write it");

            assertThat(r.code()).isZero();
            assertThat(Files.exists(root.resolve("secret.txt"))).as("denied in default mode without anyone to ask").isFalse();
            assertThat(r.stderr()).contains("mcp_fs_write_file").contains("(denied)");
        }
    }

    @TempDir Path userDir;

    /** The simulator's environment with a private user folder (approvals), never the real ~/.tern. */
    Map<String, String> env(SimServer sim) {
        Map<String, String> env = new java.util.HashMap<>(CliRun.simEnv(sim.baseUrl()));
        env.put("TERN_USER_DIR", userDir.toString());
        return env;
    }

    @Test
    void theTimeoutCutsAHangingMcpCall() throws Exception {
        Path bin = npmBin("mcp-server-everything");
        Files.writeString(ws.resolve(".mcp.json"), Json.write(Map.of("mcpServers", Map.of("ev", Map.of("command", bin.toString())))));
        Files.writeString(ws.resolve("config.json"), "{}");
        ApprovalStore.inUserDir(userDir).approve(ws, "mcp:ev", ConfigLoader.loadMcpJson(ws.resolve(".mcp.json")).get("ev").fingerprint());
        String scenario = """
                {"name": "hang", "steps": [
                  {"toolCalls": [{"name": "mcp_ev_trigger-long-running-operation", "arguments": {"duration": 60, "steps": 60}}]},
                  {"text": "never"}]}""";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build())) {
            // first run lists the server's tools (started at once); the timed run then waits only for the call
            CliRun.run(env(sim), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                    "--model", "echo", "--list-tools");
            long t0 = System.nanoTime();
            CliRun r = CliRun.run(env(sim), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                    "--model", "sim:hang", "--timeout", "3", "go");
            long ms = (System.nanoTime() - t0) / 1_000_000;

            assertThat(r.code()).as(r.stderr()).isEqualTo(RunCommand.LIMIT);
            assertThat(r.stderr()).contains("tern: timed out: ").contains("mcp_ev_trigger-long-running-operation");
            assertThat(ms).as("cut long before the tool's 60 s").isLessThan(30_000);
        }
    }

    /**
     * A workspace whose .mcp.json names the filesystem server for {@code root}, and an empty config; the
     * user approved that server (as tern chat would remember it).
     */
    void workspaceWithFilesystemServer(Path bin, Path root) throws Exception {
        Files.writeString(ws.resolve(".mcp.json"), Json.write(Map.of("mcpServers",
                Map.of("fs", Map.of("command", bin.toString(), "args", List.of(root.toString()))))));
        Files.writeString(ws.resolve("config.json"), "{}");
        var server = ConfigLoader.loadMcpJson(ws.resolve(".mcp.json")).get("fs");
        ApprovalStore.inUserDir(userDir).approve(ws, "mcp:fs", server.fingerprint());
    }

    /** The npm server installed by .ci/setup (runs it when missing); skips only when node is absent. */
    static Path npmBin(String bin) throws Exception {
        assumeTrue(onPath("node"), "node is not installed: skipping the test against npm MCP servers");
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve(".ci"))) root = root.getParent();
        if (root == null) throw new IllegalStateException("repository root (.ci/) not found");
        Path p = root.resolve(".tern/npm/node_modules/.bin").resolve(bin);
        if (!Files.isExecutable(p)) {
            Process setup = new ProcessBuilder(root.resolve(".ci/setup").toString()).inheritIO().start();
            if (!setup.waitFor(5, TimeUnit.MINUTES) || setup.exitValue() != 0) throw new IllegalStateException(".ci/setup failed");
        }
        return p;
    }

    static boolean onPath(String cmd) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) if (Files.isExecutable(Path.of(dir, cmd))) return true;
        return false;
    }
}
