package dev.tern.mcp;

import dev.tern.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamable HTTP transport against {@code server-everything streamableHttp}, behind a header-recording proxy. */
class McpHttpTransportTest {

    @TempDir
    Path dir;

    @Test
    void streamableHttpWithConfiguredHeaders() throws Exception {
        Path bin = TestServers.npmBin("mcp-server-everything");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("everything-http.log");
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "streamableHttp").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("PORT", String.valueOf(port));
        Process server = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!accepting(port)) {
                assertThat(server.isAlive()).as("server-everything exited: " + Files.readString(log)).isTrue();
                assertThat(System.nanoTime() - deadline).as("server-everything did not listen within 60 s").isNegative();
                Thread.sleep(100);
            }

            try (RecordingProxy proxy = new RecordingProxy(URI.create("http://127.0.0.1:" + port))) {
                McpServerConfig http = McpServerConfig.parse(Json.parse("""
                        {"mcpServers": {"web": {"url": "%s", "headers": {"Authorization": "Bearer t0ken", "X-Tern-Test": "42"},
                         "timeout": 20}}}""".formatted(proxy.url("/mcp"))), null).get("web");
                assertThat(http).isInstanceOf(McpServerConfig.Http.class);
                ToolRegistry registry = new ToolRegistry();
                try (McpToolset set = new McpToolset(Map.of("web", http), McpOptions.DEFAULT).start()) {
                    set.registerInto(registry);
                    assertThat(set.servers().getFirst().error()).as("start error").isNull();
                    assertThat(set.servers().getFirst().transport()).isEqualTo("http");
                    assertThat(registry.find("mcp_web_echo")).isPresent();
                    ToolResult r = registry.find("mcp_web_echo").orElseThrow().execute(new ToolCallContext("c1",
                            "mcp_web_echo", JsonObject.parse("{\"message\":\"over http\"}"), RunContext.standalone(null)));
                    assertThat(r.error()).isFalse();
                    assertThat(r.content()).contains("over http");
                }
                List<Map<String, List<String>>> posts = proxy.requests;
                assertThat(posts).hasSizeGreaterThanOrEqualTo(3); // initialize, initialized, tools/list, tools/call
                assertThat(posts).allSatisfy(h -> {
                    assertThat(h.get("Authorization")).containsExactly("Bearer t0ken");
                    assertThat(h.get("X-tern-test")).containsExactly("42");
                });
            }
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    private static boolean accepting(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
