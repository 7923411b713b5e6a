package dev.tern.mcp;

import dev.tern.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes, kills, tool-list changes, broken servers and lazy start, each with its own server process. */
class McpFaultsTest {

    @TempDir
    Path dir;

    private McpOptions options() {
        return McpOptions.DEFAULT.withLogDir(dir.resolve("logs")).withCallTimeout(Duration.ofSeconds(20));
    }

    static ToolResult call(ToolRegistry registry, String tool, String args) throws Exception {
        Tool t = registry.find(tool).orElseThrow(() -> new AssertionError("no tool " + tool));
        return t.execute(new ToolCallContext("c" + System.nanoTime(), tool, JsonObject.parse(args), RunContext.standalone(null)));
    }

    @Test
    void aServerKilledMidCallGivesThatCallAnErrorAndTheNextCallReconnects() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset set = new McpToolset(Map.of("k", TestServers.java("k", null)), options()).start()) {
            set.registerInto(registry);
            long pid = Long.parseLong(call(registry, "mcp_k_pid", "{}").content());
            CompletableFuture<ToolResult> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return call(registry, "mcp_k_slow", "{\"ms\":15000}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            Thread.sleep(500);
            long t0 = System.nanoTime();
            assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
            ToolResult r = slow.get(30, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.error()).isTrue();
            assertThat(r.content()).contains("MCP server 'k'", "restarted on the next call");
            assertThat(ms).as("the dead server is noticed well before the 20 s call timeout").isLessThan(10_000);

            assertThat(call(registry, "mcp_k_echo", "{\"text\":\"back\"}")).isEqualTo(ToolResult.ok("echo: back"));
            long newPid = Long.parseLong(call(registry, "mcp_k_pid", "{}").content());
            assertThat(newPid).isNotEqualTo(pid);
            assertThat(set.servers().getFirst().connects()).isEqualTo(2);
        }
    }

    @Test
    void aServerThatCrashesItselfReportsItsStderr() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset set = new McpToolset(Map.of("c", TestServers.java("c", null)), options()).start()) {
            set.registerInto(registry);
            ToolResult r = call(registry, "mcp_c_crash", "{}");
            assertThat(r.error()).isTrue();
            assertThat(r.content()).contains("crashing on purpose");
            assertThat(Files.readString(dir.resolve("logs/mcp-c.log"))).as("stderr kept in the log").contains("crashing on purpose");
            assertThat(call(registry, "mcp_c_echo", "{\"text\":\"x\"}")).isEqualTo(ToolResult.ok("echo: x"));
        }
    }

    @Test
    void toolsListChangedRefreshesTheRegistry() throws Exception {
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset set = new McpToolset(Map.of("t", TestServers.java("t", null)), options()).start()) {
            set.registerInto(registry);
            long version = registry.version();
            List<?> definitions = registry.definitions();
            assertThat(registry.find("mcp_t_fresh")).isEmpty();
            assertThat(call(registry, "mcp_t_add_tool", "{\"name\":\"fresh\"}").content()).isEqualTo("added fresh");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("mcp_t_fresh").isPresent());
            assertThat(registry.version()).isGreaterThan(version);
            assertThat(registry.definitions()).isNotSameAs(definitions);
            assertThat(call(registry, "mcp_t_fresh", "{}")).isEqualTo(ToolResult.ok("I am fresh"));
        }
    }

    @Test
    void aBrokenServerNeverTakesTheOthersDownAndBacksOff() throws Exception {
        Map<String, McpServerConfig> servers = new LinkedHashMap<>();
        servers.put("broken", new McpServerConfig.Stdio("broken", dir.resolve("no-such-server").toString(),
                List.of(), Map.of(), null, null));
        servers.put("ok", TestServers.java("ok", null));
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset set = new McpToolset(servers, options()).start()) {
            set.registerInto(registry);
            assertThat(set.servers()).extracting(McpToolset.ServerStatus::name).containsExactly("broken", "ok");
            McpToolset.ServerStatus broken = set.servers().getFirst();
            assertThat(broken.connected()).isFalse();
            assertThat(broken.error()).contains("MCP server 'broken' failed to start");
            assertThat(set.servers().get(1).tools()).isPositive();
            assertThat(call(registry, "mcp_ok_echo", "{\"text\":\"fine\"}")).isEqualTo(ToolResult.ok("echo: fine"));

            // first failure: the next attempt may go at once; the second failure backs off
            assertThatThrownBy(() -> set.refresh("broken")).isInstanceOf(McpUnavailableException.class)
                    .hasMessageContaining("failed to start");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> set.refresh("broken")).isInstanceOf(McpUnavailableException.class)
                    .hasMessageContaining("next attempt in");
            assertThat((System.nanoTime() - t0) / 1_000_000).as("backing off fails fast").isLessThan(1000);
        }
    }

    @Test
    void lazyStartUsesTheSavedToolListAndStartsTheServerOnFirstCall() throws Exception {
        McpOptions lazy = options().withEager(false).withToolListDir(dir.resolve("mcp"));
        Map<String, McpServerConfig> servers = Map.of("z", TestServers.java("z", null));
        try (McpToolset first = new McpToolset(servers, lazy).start()) {
            assertThat(first.servers().getFirst().connects()).as("no saved list yet: listed at start").isEqualTo(1);
        }
        assertThat(dir.resolve("mcp/z.json")).exists();
        ToolRegistry registry = new ToolRegistry();
        try (McpToolset second = new McpToolset(servers, lazy).start()) {
            second.registerInto(registry);
            assertThat(second.servers().getFirst().connects()).as("started lazily").isZero();
            assertThat(registry.find("mcp_z_echo")).isPresent();
            assertThat(call(registry, "mcp_z_echo", "{\"text\":\"lazy\"}")).isEqualTo(ToolResult.ok("echo: lazy"));
            assertThat(second.servers().getFirst().connects()).isEqualTo(1);
        }
        Map<String, McpServerConfig> changed = Map.of("z", TestServers.java("z", dir.resolve("other-count")));
        try (McpToolset third = new McpToolset(changed, lazy).start()) {
            assertThat(third.servers().getFirst().connects()).as("config changed: saved list ignored").isEqualTo(1);
        }
    }
}
