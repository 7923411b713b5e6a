package dev.tern.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.serve.auth.TokenEntry;
import dev.tern.serve.auth.TokenStore;
import dev.tern.serve.auth.Tokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** MCP server mode with the official MCP Java SDK client: agents are tools, a call runs with progress notifications. */
class McpServerTest {

    static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.builder().build());

    @TempDir Path ws;

    @Test
    void ternMcpOnStdioListsTheAgentAndRunsItWithProgress() throws Exception {
        try (GatewayFixture f = new GatewayFixture(ws)) { // for its simulator; tern mcp is a process of its own
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ServerParameters p = ServerParameters.builder(java)
                    .args("-cp", System.getProperty("java.class.path"), "dev.tern.serve.cli.McpCommand", "--workspace", ws.toString(),
                            "--config", f.config.toString())
                    .env(Map.of("OPENAI_BASE_URL", f.sim.baseUrl() + "/v1", "OPENAI_API_KEY", "test")).build();
            check(new StdioClientTransport(p, MAPPER));
            // the server ends when its stdin closes, storing the finished run in the workspace's memory first: wait for
            // it, or the temporary workspace is deleted under its feet (a clean-clone run failed on exactly that)
            for (ProcessHandle server : ProcessHandle.current().descendants()
                    .filter(h -> h.info().arguments().map(a -> List.of(a).contains(ws.toString())).orElse(false)).toList()) {
                server.onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(ws.resolve(".tern/logs/serve.log")).isRegularFile();
        }
    }

    @Test
    void slashMcpOnTheGatewayListsTheAgentAndRunsItWithProgress() throws Exception {
        String token = Tokens.create();
        TokenStore.add(new TokenEntry("mcp", Tokens.hash(token)), null, ws);
        Files.createDirectories(ws.resolve("users/mcp"));
        Files.writeString(ws.resolve("users/mcp/notes.txt"), "buy milk");
        try (GatewayFixture f = new GatewayFixture(ws)) {
            check(HttpClientStreamableHttpTransport.builder(f.gateway.baseUrl()).endpoint("/mcp").jsonMapper(MAPPER)
                    .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build());
            // without the token: 401, like every API call
            assertThat(f.post("/mcp", "{}").statusCode()).isEqualTo(401);
        }
    }

    private static void check(McpClientTransport transport) {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .progressConsumer(progress::add).build()) {
            client.initialize();
            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name).contains("tern");
            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("tern", Map.of("task", "please read the notes"),
                    Map.of("progressToken", "p-1")));
            assertThat(r.isError()).isFalse();
            assertThat(((McpSchema.TextContent) r.content().getFirst()).text()).contains("notes say: buy milk");
            assertThat(progress).extracting(McpSchema.ProgressNotification::message)
                    .anyMatch(m -> m.startsWith("thinking")).anyMatch(m -> m.equals("running read_file"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() >= 4);
            // the client may hand notifications to its consumer on several threads: check the server's numbering instead
            List<String> inServerOrder = progress.stream().sorted(java.util.Comparator.comparing(McpSchema.ProgressNotification::progress))
                    .map(McpSchema.ProgressNotification::message).toList();
            assertThat(progress).extracting(McpSchema.ProgressNotification::progress).doesNotHaveDuplicates();
            assertThat(inServerOrder.get(0)).startsWith("thinking");
            assertThat(inServerOrder.get(1)).isEqualTo("running read_file");
            assertThat(inServerOrder.get(2)).startsWith("read_file done in ");
            assertThat(inServerOrder.get(3)).startsWith("thinking");
            McpSchema.CallToolResult bad = client.callTool(new McpSchema.CallToolRequest("tern", Map.of()));
            assertThat(bad.isError()).isTrue();
        }
    }
}
