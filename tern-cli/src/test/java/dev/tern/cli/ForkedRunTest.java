package dev.tern.cli;

import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.permission.ApprovalStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.tern.json.Json;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern run} as its own process: a clean stderr with MCP servers, and Ctrl-C. */
class ForkedRunTest {

    @TempDir Path dir;

    @Test
    void stderrOfAPlainRunWithMcpServersHoldsOnlyTernsOwnLines() throws Exception {
        Path bin = McpWorkspaceTest.npmBin("mcp-server-filesystem");
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path root = ws.toRealPath();
        Files.writeString(root.resolve("notes.txt"), "hello from fs");
        // a working stdio server and a broken HTTP one (the README's example shape)
        Files.writeString(ws.resolve(".mcp.json"), Json.write(Map.of("mcpServers", Map.of(
                "fs", Map.of("command", bin.toString(), "args", List.of(root.toString())),
                "search", Map.of("url", "http://127.0.0.1:9/mcp")))));
        Files.writeString(ws.resolve("config.json"), "{\"unknownKey\": 1}");
        // both servers were approved by the user (in a user folder of the test's own)
        Path userDir = Files.createDirectories(dir.resolve("user"));
        var servers = ConfigLoader.loadMcpJson(ws.resolve(".mcp.json"));
        for (String name : List.of("fs", "search")) {
            ApprovalStore.inUserDir(userDir).approve(ws, "mcp:" + name, servers.get(name).fingerprint());
        }
        Map<String, String> env = new java.util.HashMap<>();
        String read = Json.write(Map.of("path", root.resolve("notes.txt").toString()));
        String scenario = """
                {"name": "fs", "steps": [{"toolCalls": [{"name": "mcp_fs_read_text_file", "arguments": %s}]},
                                        {"text": "{{toolResult:mcp_fs_read_text_file}}"}]}""".formatted(read);
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build())) {
            env.putAll(CliRun.simEnv(sim.baseUrl()));
            env.put("TERN_USER_DIR", userDir.toString());
            Process p = ForkedTern.start(dir, env, "run", "--workspace", ws.toString(),
                    "--config", ws.resolve("config.json").toString(), "--model", "sim:fs", "read my notes");
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String err = ForkedTern.stderr(dir);

            assertThat(p.exitValue()).as(err).isZero();
            assertThat(ForkedTern.stdout(dir).strip()).isEqualTo("hello from fs");
            assertThat(err).doesNotContain("SLF4J").doesNotContain("WARNING:").doesNotContain("Exception")
                    .doesNotContain("at io.").doesNotContain("at java.");
            assertThat(err).containsOnlyOnce("unknown key 'unknownKey'");
            assertThat(err).contains("connection refused by 127.0.0.1:9");
            for (String line : err.strip().split("\n")) {
                assertThat(line).as("every stderr line is Tern's: progress [  1.23s] or tern: ...").matches("(\\[ *\\d+\\.\\d+s\\] .*|tern: .*)");
            }
        }
    }

    static boolean sessionHas(Path ws, String text) throws java.io.IOException {
        if (!Files.isDirectory(ws.resolve("sessions"))) return false;
        try (var files = Files.list(ws.resolve("sessions"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".jsonl")).toList()) if (Files.readString(f).contains(text)) return true;
        }
        return false;
    }

    @Test
    void ctrlCCancelsTheRunPrintsCancelledAndExits130() throws Exception {
        String slow = "{\"name\": \"slow\", \"steps\": [{\"text\": \"too late\", \"fault\": {\"type\": \"slow_headers\", \"ms\": 60000}}]}";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(slow)).build())) {
            Path ws = Files.createDirectories(dir.resolve("ws"));
            Files.writeString(ws.resolve("config.json"), "{}");
            Process p = ForkedTern.start(dir, CliRun.simEnv(sim.baseUrl()), "run", "--workspace", ws.toString(),
                    "--config", ws.resolve("config.json").toString(), "--model", "sim:slow", "take your time");
            // the model call is in flight once the user's message is in the session (it is saved before the call)
            await().atMost(Duration.ofSeconds(60)).until(() -> sessionHas(ws, "take your time"));
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                // e.g. SIGINT ignored (see ForkedTern.defaultSignals): keep what the process was doing for a look
                String threads = ForkedTern.threadDump(p);
                p.destroyForcibly();
                fail("still running 30 s after SIGINT (the model answers after 60 s); stderr:%n%s%nthreads:%n%s",
                        ForkedTern.stderr(dir), threads);
            }

            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(ForkedTern.stderr(dir)).contains("tern: cancelled");
            assertThat(ForkedTern.stdout(dir)).isEmpty();
            try (var files = Files.list(ws.resolve("sessions"))) {
                Path log = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
                assertThat(Files.readString(log)).as("the user's message was kept").contains("take your time");
            }
        }
    }
}
