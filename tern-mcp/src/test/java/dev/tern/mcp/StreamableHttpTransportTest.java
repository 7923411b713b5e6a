package dev.tern.mcp;

import dev.tern.http.SseParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tern.http.HttpTransport;
import dev.tern.http.TransportRequest;
import dev.tern.http.Transports;
import dev.tern.json.JsonObject;
import dev.tern.run.RunContext;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamableHttpTransport} on Tern's HTTP client against {@link LoopbackMcpServer}, through the
 * real SDK client and {@link McpToolset}: JSON, SSE and 202 answers, the session id and protocol
 * version on later requests, the GET stream's 405, DELETE on close, 404 → a new session, and
 * one-line errors.
 */
class StreamableHttpTransportTest {

    private LoopbackMcpServer server;
    private HttpTransport http;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackMcpServer();
        http = Transports.create();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private McpToolset toolset(ToolRegistry registry) {
        McpServerConfig config = new McpServerConfig.Http("loop", server.url(), LoopbackMcpServer.auth(), Duration.ofSeconds(10));
        McpToolset set = new McpToolset(Map.of("loop", config), McpOptions.DEFAULT.withHttp(http)).start();
        set.registerInto(registry);
        return set;
    }

    private static ToolResult call(ToolRegistry registry, String tool, String args) throws Exception {
        Tool t = registry.find(tool).orElseThrow(() -> new AssertionError("no tool " + tool));
        return t.execute(new ToolCallContext("c" + System.nanoTime(), tool, JsonObject.parse(args), RunContext.standalone(null)));
    }

    @Test
    void jsonSseAnd202AnswersCarryTheSessionAndCloseSendsDelete() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset set = toolset(registry)) {
            assertThat(set.servers().getFirst().error()).as("start error").isNull();
            // tools/list was answered as SSE: a comment, then one event whose JSON spans two data lines
            assertThat(registry.find("mcp_loop_echo")).isPresent();
            assertThat(registry.find("mcp_loop_fail")).isPresent();
            assertThat(call(registry, "mcp_loop_echo", "{\"text\":\"over tern-http\"}"))
                    .isEqualTo(ToolResult.ok("echo: over tern-http"));

            LoopbackMcpServer.Seen init = server.seen("POST", "initialize").getFirst();
            assertThat(init.sessionId()).isNull();
            assertThat(init.accept()).isEqualTo("application/json, text/event-stream");
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.seen("POST", "notifications/initialized").isEmpty());
            assertThat(server.seen("POST", "notifications/initialized").getFirst().status()).isEqualTo(202);
            for (String rpc : List.of("notifications/initialized", "tools/list", "tools/call")) {
                LoopbackMcpServer.Seen s = server.seen("POST", rpc).getFirst();
                assertThat(s.sessionId()).as(rpc).isEqualTo("s-1");
                assertThat(s.protocolVersion()).as(rpc).isEqualTo(LoopbackMcpServer.PROTOCOL);
            }
            // the optional GET stream was asked for once and its 405 taken as "none": no retries
            await().atMost(Duration.ofSeconds(5)).until(() -> server.seen("GET", null).size() == 1);
            assertThat(server.seen("GET", null).getFirst()).extracting(LoopbackMcpServer.Seen::status,
                    LoopbackMcpServer.Seen::sessionId, LoopbackMcpServer.Seen::accept).containsExactly(405, "s-1", "text/event-stream");
            assertThat(call(registry, "mcp_loop_echo", "{\"text\":\"again\"}").content()).isEqualTo("echo: again");
            assertThat(server.seen("GET", null)).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.seen("DELETE", null).isEmpty());
        assertThat(server.seen("DELETE", null).getFirst().sessionId()).isEqualTo("s-1");
        assertThat(server.seen).allSatisfy(s -> assertThat(s.auth()).as("configured header on " + s).isEqualTo("Bearer loop"));
        assertThat(server.seen("POST", "tools/call")).hasSize(2);
    }

    @Test
    void aForgottenSessionGets404AndTheCallGoesAgainOnANewSession() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset set = toolset(registry)) {
            assertThat(call(registry, "mcp_loop_echo", "{\"text\":\"one\"}").content()).isEqualTo("echo: one");
            server.forgetSessions(); // the server restarted

            ToolResult r = call(registry, "mcp_loop_echo", "{\"text\":\"two\"}");

            assertThat(r).isEqualTo(ToolResult.ok("echo: two"));
            assertThat(server.seen("POST", "tools/call")).extracting(LoopbackMcpServer.Seen::sessionId,
                    LoopbackMcpServer.Seen::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("s-1", 200), org.assertj.core.groups.Tuple.tuple("s-1", 404),
                    org.assertj.core.groups.Tuple.tuple("s-2", 200));
            assertThat(set.servers().getFirst().connects()).isEqualTo(2);
            // the tools of the new session are listed again
            await().atMost(Duration.ofSeconds(5)).until(() -> server.seen("POST", "tools/list").stream()
                    .anyMatch(s -> "s-2".equals(s.sessionId())));
        }
        // the forgotten session is not deleted; the new one is
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.seen("DELETE", null).isEmpty());
        assertThat(server.seen("DELETE", null)).extracting(LoopbackMcpServer.Seen::sessionId).containsExactly("s-2");
    }

    @Test
    void theGetStreamDeliversServerMessagesAndClosingAbortsIt() throws Exception {
        server.streamOnGet = true;
        ToolRegistry registry = new ToolRegistry();
        long closedAfterMs;
        try (McpToolset set = toolset(registry)) {
            assertThat(set.servers().getFirst().error()).isNull();
            // tools/list_changed arrived on the GET stream: the client lists the tools again
            await().atMost(Duration.ofSeconds(5)).until(() -> server.seen("POST", "tools/list").size() >= 2);
            assertThat(call(registry, "mcp_loop_echo", "{\"text\":\"with a stream open\"}").content())
                    .isEqualTo("echo: with a stream open");
            long t0 = System.nanoTime();
            set.close();
            closedAfterMs = (System.nanoTime() - t0) / 1_000_000;
        }
        assertThat(closedAfterMs).as("closing does not wait for the open GET stream").isLessThan(3_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.seen("DELETE", null).isEmpty());
    }

    @Test
    void anErrorStatusBecomesOneLineWithStatusAndBodyAndTheSessionStays() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset set = toolset(registry)) {
            ToolResult r = call(registry, "mcp_loop_fail", "{}");

            assertThat(r.error()).isTrue();
            assertThat(r.content()).doesNotContain("\n")
                    .contains("MCP server 'loop'", "HTTP 500", "tools/call", "upstream exploded while calling fail");
            assertThat(call(registry, "mcp_loop_echo", "{\"text\":\"still\"}").content()).isEqualTo("echo: still");
            assertThat(set.servers().getFirst().connects()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableServerIsOneClearLine() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        McpServerConfig config = new McpServerConfig.Http("gone", "http://127.0.0.1:" + port + "/mcp", Map.of(), null);
        try (McpToolset set = new McpToolset(Map.of("gone", config), McpOptions.DEFAULT.withHttp(http)).start()) {
            assertThat(set.servers().getFirst().error()).doesNotContain("\n").contains("MCP server 'gone'", "connection refused");
        }
    }

    @Test
    void theToolsetClosesOnlyATransportOfItsOwn() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        McpServerConfig config = new McpServerConfig.Http("own", server.url(), Map.of(), null);
        try (McpToolset set = new McpToolset(Map.of("own", config), McpOptions.DEFAULT).start()) {
            set.registerInto(registry);
            assertThat(call(registry, "mcp_own_echo", "{\"text\":\"own\"}").content()).isEqualTo("echo: own");
        }
        try (McpToolset set = toolset(registry)) {
            assertThat(set.servers().getFirst().error()).isNull();
        }
        // the caller's transport is still open after its toolset closed
        try (var r = http.send(TransportRequest.get(URI.create(server.url()), List.of(), null), dev.tern.http.Abort.NEVER)) {
            assertThat(r.status()).isEqualTo(405);
        }
    }

    @Test
    void sseParsingFollowsTheEventStreamRules() throws Exception {
        String stream = ": comment\r\n"
                + "retry: 2500\r\n"
                + "id: 7\r\n"
                + "data: first\r\n"
                + "data:second\r"
                + "data\n"
                + "\n"
                + "event: ping\n"
                + "\n"                      // no data: not dispatched, the type is reset
                + "event: other\n"
                + "data: {\"x\": 1}\n"
                + "\n"
                + "data: half an event";    // the stream ends before the blank line: dropped
        SseParser r = new SseParser(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), 1024, false);
        List<SseParser.Event> events = new java.util.ArrayList<>();
        r.run(events::add);

        assertThat(events).containsExactly(new SseParser.Event("message", "first\nsecond\n", "7"),
                new SseParser.Event("other", "{\"x\": 1}", "7"));
        assertThat(r.retryMillis()).isEqualTo(2500);
        assertThat(r.lastId()).isEqualTo("7");
    }
}
