package dev.tern.mcp;

import dev.tern.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.AgentEvent;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.cache.ToolResultCache;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.tool.ToolExecutor;
import dev.tern.json.Json;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP client against Tern's own test server (a child JVM over stdio). One shared session. */
class McpJavaServerTest {

    @TempDir
    static Path dir;
    static McpToolset toolset;
    static final ToolRegistry registry = new ToolRegistry();
    static final List<AgentEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        McpOptions options = McpOptions.DEFAULT.withLogDir(dir.resolve("logs")).withCallTimeout(Duration.ofSeconds(3));
        toolset = new McpToolset(Map.of("t", TestServers.java("t", dir.resolve("count.txt"))), options).start();
        toolset.registerInto(registry);
    }

    @AfterAll
    static void stop() { toolset.close(); }

    static ToolResult call(String tool, String args) throws Exception {
        Tool t = registry.find(tool).orElseThrow(() -> new AssertionError("no tool " + tool + " in " + registry.definitions()));
        RunContext run = new RunContext("r", "a", null, dir, new Events("r", "a", List.of(events::add)),
                Instant.MAX, new ConcurrentHashMap<>());
        return t.execute(new ToolCallContext("call-" + System.nanoTime(), tool, JsonObject.parse(args), run));
    }

    @Test
    void listsToolsWithPrefixedNamesCanonicalSchemasAndAnnotationTraits() throws Exception {
        assertThat(registry.definitions()).extracting(d -> d.name())
                .contains("mcp_t_echo", "mcp_t_slow", "mcp_t_hang", "mcp_t_wipe", "mcp_t_add_tool");
        assertThat(registry.find("mcp_t_echo").orElseThrow().spec().parametersJson())
                .isEqualTo("{\"properties\":{\"text\":{\"type\":\"string\"}},\"type\":\"object\"}");
        McpTool echo = (McpTool) registry.find("mcp_t_echo").orElseThrow();
        McpTool wipe = (McpTool) registry.find("mcp_t_wipe").orElseThrow();
        McpTool add = (McpTool) registry.find("mcp_t_add_tool").orElseThrow();
        assertThat(echo.traits().readOnly()).isTrue();
        assertThat(echo.traits().cacheable()).isTrue();
        assertThat(echo.destructive()).isFalse();
        assertThat(wipe.traits().readOnly()).isFalse();
        assertThat(wipe.traits().cacheable()).isFalse();
        assertThat(wipe.destructive()).isTrue();
        assertThat(add.destructive()).isFalse();
        assertThat(echo.traits().resourceOf(JsonObject.EMPTY)).isEqualTo("mcp:t");
        assertThat(Files.readString(dir.resolve("logs/mcp-t.log"))).contains("starting:", "TestMcpServer");
    }

    @Test
    void callsReturnTextStructuredContentAndImageSummaries() throws Exception {
        assertThat(call("mcp_t_echo", "{\"text\":\"hi\"}")).isEqualTo(ToolResult.ok("echo: hi"));
        assertThat(call("mcp_t_structured", "{}").content())
                .isEqualTo("summary line\n[image: image/png, 8 bytes]\n{\"a\":[1,2],\"b\":2}");
    }

    @Test
    void isErrorBecomesAnErrorResult() throws Exception {
        assertThat(call("mcp_t_fail", "{}")).isEqualTo(ToolResult.error("failed on purpose"));
    }

    @Test
    void progressNotificationsReachTheCallsProgress() throws Exception {
        events.clear();
        assertThat(call("mcp_t_progress", "{\"steps\":3}").content()).isEqualTo("did 3 steps");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .anyMatch(e -> e instanceof AgentEvent.ToolProgress tp && tp.fraction() == 1.0));
        List<AgentEvent.ToolProgress> p = events.stream().filter(e -> e instanceof AgentEvent.ToolProgress)
                .map(e -> (AgentEvent.ToolProgress) e).toList();
        // notifications may arrive out of order; what reaches the user only ever moves forward
        assertThat(p).extracting(AgentEvent.ToolProgress::fraction).isSorted().doesNotHaveDuplicates();
        assertThat(p).last().extracting(AgentEvent.ToolProgress::message).isEqualTo("step 3 of 3");
        assertThat(p.get(0).tool()).isEqualTo("mcp_t_progress");
    }

    @Test
    void aHangingCallTimesOutAndTheServerKeepsWorking() throws Exception {
        long connectsBefore = toolset.servers().getFirst().connects();
        ToolResult r = call("mcp_t_hang", "{}");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("MCP server 't'", "timed out after 3000 ms");
        assertThat(call("mcp_t_echo", "{\"text\":\"still here\"}")).isEqualTo(ToolResult.ok("echo: still here"));
        assertThat(toolset.servers().getFirst().connects()).as("same session").isEqualTo(connectsBefore);
    }

    /**
     * A per-server timeout shorter than the server's start-up bounds each call, not the handshake (a JVM
     * server takes longer than 400 ms to start; with the timeout applied to initialize it never could).
     */
    @Test
    void aShortPerServerTimeoutBoundsCallsButNotTheStartUp() throws Exception {
        McpServerConfig.Stdio base = TestServers.java("quick", null);
        McpServerConfig.Stdio quick = new McpServerConfig.Stdio("quick", base.command(), base.args(), base.env(), null,
                Duration.ofMillis(400));
        try (McpToolset t = new McpToolset(Map.of("quick", quick), McpOptions.DEFAULT).start()) {
            ToolRegistry r = new ToolRegistry();
            t.registerInto(r);
            assertThat(t.servers().getFirst().error()).isNull();
            Tool hang = r.find("mcp_quick_hang").orElseThrow();
            RunContext run = new RunContext("r", "a", null, dir, Events.none("r"), Instant.MAX, new ConcurrentHashMap<>());
            long start = System.nanoTime();
            ToolResult res = hang.execute(new ToolCallContext("c", "mcp_quick_hang", JsonObject.EMPTY, run));
            assertThat(res.content()).contains("timed out after 400 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }
    }

    @Test
    void readOnlyToolsAreCachedAndCoalescedThroughTheSharedExecutor() throws Exception {
        Metrics metrics = new Metrics();
        ToolExecutor executor = new ToolExecutor(metrics).addInterceptor(new ToolResultCache(metrics));
        RunContext run = new RunContext("r2", "a", null, dir, new Events("r2", "a", List.of(events::add)),
                Instant.MAX, new ConcurrentHashMap<>());
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) calls.add(new ToolCall("s" + i, "mcp_t_slow", i % 2 == 0 ? "{\"ms\":600}" : "{ \"ms\": 600.0 }"));
        calls.add(new ToolCall("other", "mcp_t_slow", "{\"ms\":601}"));
        long t0 = System.nanoTime();
        List<ToolResultMessage> results = executor.executeAll(calls, registry, run);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(results).allSatisfy(r -> assertThat(r.error()).as(r.content()).isFalse());
        assertThat(results.subList(0, 8)).extracting(ToolResultMessage::content).containsOnly(results.getFirst().content());
        assertThat(Files.readAllLines(dir.resolve("count.txt"))).as("9 calls, 2 distinct: 2 executions on the server")
                .hasSize(2);
        assertThat(ms).as("the two distinct 600 ms calls ran in parallel").isLessThan((long) (0.7 * 9 * 600));
        assertThat(metrics.count("cache.tool.coalesced") + metrics.count("cache.tool.hit")).isEqualTo(7);

        List<ToolResultMessage> again = executor.executeAll(List.of(new ToolCall("x", "mcp_t_slow", "{\"ms\":600}")), registry, run);
        assertThat(again.getFirst().content()).isEqualTo(results.getFirst().content());
        assertThat(Files.readAllLines(dir.resolve("count.txt"))).hasSize(2);
        assertThat(metrics.count("cache.tool.hit")).isPositive();
    }

    @Test
    void anExecutorTimeoutCancelsTheCallButKeepsTheSession() throws Exception {
        long connectsBefore = toolset.servers().getFirst().connects();
        ToolExecutor executor = new ToolExecutor(new Metrics());
        RunContext shortRun = new RunContext("r3", "a", null, dir, Events.none("r3"),
                Instant.now().plusMillis(800), new ConcurrentHashMap<>());
        ToolResultMessage r = executor.execute(new ToolCall("h", "mcp_t_hang", "{}"), registry, shortRun);
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("wall-time limit");
        assertThat(call("mcp_t_echo", "{\"text\":\"after cancel\"}")).isEqualTo(ToolResult.ok("echo: after cancel"));
        assertThat(toolset.servers().getFirst().connects()).isEqualTo(connectsBefore);
    }
}
