package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL's smaller defects: readable /status and /tools, plurals, /cache clear, /sessions and /resume. */
class ChatCommandsTest {

    @TempDir Path ws;

    @Test
    void statusToolsCacheAndSessionsReadWell() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{}");
        Files.writeString(ws.resolve("a.txt"), "alpha");
        String scenario = """
                {"name": "one", "steps": [{"toolCalls": [{"name": "read_file", "arguments": {"path": "a.txt"}}]}, {"text": "read"}]}""";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build())) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "t");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            ArrayDeque<String> input = new ArrayDeque<>(List.of("read it", "/cache clear", "/status", "/tools", "/new", "/sessions",
                    "/resume cli:first", "/resume nope", "/q"));
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(ws, ws.resolve("config.json"), "sim:one", null, null, null, null, env))) {
                new ChatLoop(tern, "cli:first", out, false).run(prompt -> input.poll());
            }
            String text = bytes.toString(StandardCharsets.UTF_8);

            assertThat(text).contains("2 model calls, 1 tool call,").doesNotContain("1 tool calls");
            assertThat(text).containsPattern("tool cache cleared \\(\\d+ results? dropped\\)");
            assertThat(text).doesNotContain("ServerStatus[").doesNotContain("[name=");
            assertThat(text).containsPattern("tools +\\d+; /tools lists them");
            assertThat(text).containsPattern("\\n  read_file +read-only, timeout");
            assertThat(text).contains("SESSION").contains("cli:first");
            assertThat(text).contains("resumed session cli:first (4 messages)");
            assertThat(text).contains("no session 'nope'");
        }
    }

    @Test
    void anMcpServerReadsAsASentence() {
        var s = new dev.tern.mcp.McpToolset.ServerStatus("search", "http", false, 0, 0, "cannot resolve host mcp.example.com");
        assertThat(ChatLoop.serverLine(s)).isEqualTo("search (http): unavailable: cannot resolve host mcp.example.com, 0 tools");
        var fs = new dev.tern.mcp.McpToolset.ServerStatus("fs", "stdio", true, 14, 1, null);
        assertThat(ChatLoop.serverLine(fs)).isEqualTo("fs (stdio): connected, 14 tools");
    }

    @Test
    void longToolNamesKeepTheColumnsAligned() {
        dev.tern.tool.Tool longName = new dev.tern.tool.Tool() {
            @Override public dev.tern.model.ToolSpec spec() {
                return new dev.tern.model.ToolSpec("mcp_everything_trigger-long-running-operation", "long", "{\"type\":\"object\"}");
            }
            @Override public dev.tern.tool.ToolResult execute(dev.tern.tool.ToolCallContext c) { return dev.tern.tool.ToolResult.ok(""); }
        };
        dev.tern.tool.Tool shortName = new dev.tern.tool.Tool() {
            @Override public dev.tern.model.ToolSpec spec() { return new dev.tern.model.ToolSpec("exec", "run", "{\"type\":\"object\"}"); }
            @Override public dev.tern.tool.ToolResult execute(dev.tern.tool.ToolCallContext c) { return dev.tern.tool.ToolResult.ok(""); }
        };
        String[] rows = AgentOptions.toolTable(List.of(longName, shortName)).split("\n");
        assertThat(rows[0].indexOf("writes")).isEqualTo(rows[1].indexOf("writes"));
    }
}
