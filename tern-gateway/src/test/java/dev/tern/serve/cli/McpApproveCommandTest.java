package dev.tern.serve.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.serve.Gateway;
import dev.tern.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tern mcp approve}: a headless {@code tern serve} user approves a new (or changed) MCP server of the
 * workspace's {@code .mcp.json} from the command line; serve names the unapproved server in one line and starts
 * it once approved.
 */
class McpApproveCommandTest {

    @TempDir Path ws;
    @TempDir Path userDir;

    record Run(int code, String out, String err) { }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        McpApproveCommand c = new McpApproveCommand(Map.of("TERN_USER_DIR", userDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = new CommandLine(c).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config() throws Exception {
        Path c = ws.resolve("config.json");
        if (!Files.exists(c)) Files.writeString(c, "{}");
        return c;
    }

    private void mcpJson(String arg) throws Exception {
        Files.writeString(ws.resolve(".mcp.json"), """
                {"mcpServers": {"fs": {"command": "true", "args": ["%s"]}, "other": {"command": "true"}}}""".formatted(arg));
    }

    @Test
    void listsApprovesAndAsksAgainAfterAChange() throws Exception {
        mcpJson("one");
        String w = ws.toString(), c = config().toString();
        assertThat(run("--workspace", w, "--config", c).out()).contains("fs\tnew\trun: true one").contains("other\tnew\trun: true");

        Run approve = run("fs", "--workspace", w, "--config", c);
        assertThat(approve.code()).isZero();
        assertThat(approve.out()).contains("approved MCP server 'fs' (run: true one)");
        assertThat(Files.readString(userDir.resolve("approvals.json"))).contains("mcp:fs").doesNotContain("mcp:other");
        assertThat(run("--workspace", w, "--config", c).out()).contains("fs\tapproved").contains("other\tnew");

        mcpJson("two"); // any change needs a new approval
        assertThat(run("--workspace", w, "--config", c).out()).contains("fs\tchanged\trun: true two");
        assertThat(run("--all", "--workspace", w, "--config", c).out()).contains("approved MCP server 'fs'").contains("approved MCP server 'other'");
        assertThat(run("--workspace", w, "--config", c).out()).contains("fs\tapproved").contains("other\tapproved");
    }

    @Test
    void anUnknownNameIsAOneLineErrorAndApprovesNothing() throws Exception {
        mcpJson("one");
        Run r = run("nope", "fs", "--workspace", ws.toString(), "--config", config().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("tern: no MCP server 'nope' in " + ws.resolve(".mcp.json") + " (servers: fs, other)");
        assertThat(userDir.resolve("approvals.json")).doesNotExist();
    }

    @TempDir Path other;

    @Test
    void serveNamesAnUnapprovedServerAndStartsItOnceApproved() throws Exception {
        try (SimServer sim = SimServer.start()) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "test", "TERN_USER_DIR", userDir.toString());
            // the workspace's MCP server: another gateway's /mcp (a real MCP server on loopback)
            Files.writeString(other.resolve("config.json"), "{}");
            try (Gateway server = Gateway.start(new Gateway.Options(other, other.resolve("config.json"), "127.0.0.1", 0, env, java.util.List.of(), false, null))) {
                Files.writeString(ws.resolve(".mcp.json"), """
                        {"mcpServers": {"fs": {"url": "%s/mcp"}}}""".formatted(server.baseUrl()));
                try (Gateway g = Gateway.start(new Gateway.Options(ws, config(), "127.0.0.1", 0, env, java.util.List.of(), false, null))) {
                    assertThat(g.warnings()).filteredOn(l -> l.contains("MCP server 'fs'")).singleElement().asString()
                            .contains("it was NOT started").contains("tern mcp approve fs --workspace " + ws).doesNotContain("\n");
                    assertThat(g.users().rootSpace().mcp()).isNull();
                }
                assertThat(run("fs", "--workspace", ws.toString(), "--config", config().toString()).code()).isZero();
                try (Gateway g = Gateway.start(new Gateway.Options(ws, config(), "127.0.0.1", 0, env, java.util.List.of(), false, null))) {
                    assertThat(g.warnings()).noneMatch(l -> l.contains("NOT started"));
                    var mcp = g.users().rootSpace().mcp(); // approved: the runtime starts it
                    assertThat(mcp).isNotNull();
                    assertThat(mcp.servers()).singleElement().satisfies(s -> {
                        assertThat(s.name()).isEqualTo("fs");
                        assertThat(s.connected()).isTrue();
                        assertThat(s.tools()).isPositive();
                    });
                }
            }
        }
    }
}
