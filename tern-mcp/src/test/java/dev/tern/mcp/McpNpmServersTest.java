package dev.tern.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.cache.ToolResultCache;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP client against the reference servers from npm ({@code .ci/setup} installs them under
 * {@code .tern/npm}), driven through the real {@link ToolExecutor} and {@link ToolResultCache}.
 */
class McpNpmServersTest {

    @TempDir
    Path dir;
    private final Metrics metrics = new Metrics();
    private final ToolResultCache cache = new ToolResultCache(metrics);
    private final ToolExecutor executor = new ToolExecutor(metrics).addInterceptor(cache);
    private final ToolRegistry registry = new ToolRegistry();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();

    private RunContext run() {
        return new RunContext("run", "agent", null, dir, new Events("run", "agent", List.of(events::add)),
                Instant.MAX, new ConcurrentHashMap<>());
    }

    private ToolResultMessage call(String tool, String args) {
        return executor.execute(new ToolCall("c" + System.nanoTime(), tool, args), registry, run());
    }

    private ToolSource lastSource() {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof AgentEvent.ToolFinished f) return f.source();
        }
        throw new AssertionError("no ToolFinished event");
    }

    @Test
    void filesystemServerReadsAreCachedUntilAWriteThroughTheSameServer() throws Exception {
        Path bin = TestServers.npmBin("mcp-server-filesystem");
        Path root = Files.createDirectories(dir.resolve("files")).toRealPath();
        Files.writeString(root.resolve("note.txt"), "first version");
        McpServerConfig fs = new McpServerConfig.Stdio("fs", bin.toString(), List.of(root.toString()), Map.of(), null, null);
        try (McpToolset set = new McpToolset(Map.of("fs", fs), McpOptions.DEFAULT.withLogDir(dir.resolve("logs"))).start()) {
            set.registerInto(registry);
            McpTool read = (McpTool) registry.find("mcp_fs_read_text_file").orElseThrow();
            McpTool write = (McpTool) registry.find("mcp_fs_write_file").orElseThrow();
            assertThat(read.traits().readOnly()).isTrue();
            assertThat(read.traits().cacheable()).isTrue();
            assertThat(write.destructive()).isTrue();
            assertThat(write.traits().cacheable()).isFalse();

            String args = "{\"path\":\"" + root.resolve("note.txt") + "\"}";
            assertThat(call("mcp_fs_read_text_file", args).content()).isEqualTo("first version");
            assertThat(lastSource()).isEqualTo(ToolSource.EXECUTED);
            assertThat(call("mcp_fs_read_text_file", args).content()).isEqualTo("first version");
            assertThat(lastSource()).isEqualTo(ToolSource.CACHED);

            ToolResultMessage w = call("mcp_fs_write_file",
                    "{\"path\":\"" + root.resolve("note.txt") + "\",\"content\":\"second version\"}");
            assertThat(w.error()).as(w.content()).isFalse();
            assertThat(call("mcp_fs_read_text_file", args).content()).as("the write dropped the cached read")
                    .isEqualTo("second version");
            assertThat(lastSource()).isEqualTo(ToolSource.EXECUTED);

            ToolResultMessage outside = call("mcp_fs_read_text_file", "{\"path\":\"/etc/hostname\"}");
            assertThat(outside.error()).isTrue();
            assertThat(outside.content()).containsIgnoringCase("denied");
        }
    }

    @Test
    void memoryServerKeepsAGraphAcrossCalls() throws Exception {
        Path bin = TestServers.npmBin("mcp-server-memory");
        McpServerConfig mem = new McpServerConfig.Stdio("memory", bin.toString(), List.of(),
                Map.of("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString()), null, null);
        try (McpToolset set = new McpToolset(Map.of("memory", mem), McpOptions.DEFAULT).start()) {
            set.registerInto(registry);
            assertThat(((McpTool) registry.find("mcp_memory_create_entities").orElseThrow()).destructive()).isFalse();
            ToolResultMessage created = call("mcp_memory_create_entities", """
                    {"entities":[{"name":"Tern","entityType":"project","observations":["JVM agent runtime"]}]}""");
            assertThat(created.error()).as(created.content()).isFalse();
            assertThat(created.content()).contains("\"Tern\"").doesNotContain("{\"entities\":[");
            assertThat(call("mcp_memory_read_graph", "{}").content()).contains("JVM agent runtime");
            call("mcp_memory_add_observations", """
                    {"observations":[{"entityName":"Tern","contents":["uses virtual threads"]}]}""");
            assertThat(call("mcp_memory_read_graph", "{}").content()).as("not a stale cached graph")
                    .contains("uses virtual threads");
            assertThat(Files.readString(dir.resolve("memory.jsonl"))).contains("uses virtual threads");
        }
    }

    @Test
    void everythingServerOverStdioProgressImagesAndCoalescing() throws Exception {
        Path bin = TestServers.npmBin("mcp-server-everything");
        McpServerConfig ev = new McpServerConfig.Stdio("everything", bin.toString(), List.of("stdio"), Map.of(), null, null);
        try (McpToolset set = new McpToolset(Map.of("everything", ev), McpOptions.DEFAULT).start()) {
            set.registerInto(registry);
            assertThat(call("mcp_everything_get-sum", "{\"a\":2,\"b\":40}").content()).contains("42");
            assertThat(call("mcp_everything_get-tiny-image", "{}").content()).contains("[image: image/png");

            events.clear();
            List<ToolCall> same = List.of(
                    new ToolCall("p1", "mcp_everything_trigger-long-running-operation", "{\"duration\":1,\"steps\":4}"),
                    new ToolCall("p2", "mcp_everything_trigger-long-running-operation", "{\"steps\":4,\"duration\":1}"),
                    new ToolCall("p3", "mcp_everything_trigger-long-running-operation", "{\"duration\":1.0,\"steps\":4}"));
            List<ToolResultMessage> results = executor.executeAll(same, registry, run());
            assertThat(results).allSatisfy(r -> assertThat(r.content()).contains("Long running operation completed"));
            List<ToolSource> sources = events.stream().filter(e -> e instanceof AgentEvent.ToolFinished)
                    .map(e -> ((AgentEvent.ToolFinished) e).source()).toList();
            assertThat(sources).containsExactlyInAnyOrder(ToolSource.EXECUTED, ToolSource.COALESCED, ToolSource.COALESCED);
            // 4 notifications were sent for the one execution; a late or out-of-order one may be dropped
            // (the SDK delivers them asynchronously), but what reaches the user only moves forward
            List<Double> fractions = events.stream().filter(e -> e instanceof AgentEvent.ToolProgress)
                    .map(e -> ((AgentEvent.ToolProgress) e).fraction()).toList();
            assertThat(fractions).hasSizeBetween(1, 4).isSorted().allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
            assertThat(metrics.count("cache.tool.coalesced")).isEqualTo(2);
        }
    }
}
