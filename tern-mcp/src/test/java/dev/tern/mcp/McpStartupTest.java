package dev.tern.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken server is remembered and retried in the background, never waited for again; its errors read as words. */
class McpStartupTest {

    @TempDir Path dir;

    @Test
    void sdkAndJdkExceptionsBecomeReadableReasons() {
        McpServerConfig.Http search = new McpServerConfig.Http("search", "https://mcp.example.com/mcp", Map.of(), null);
        RuntimeException wrapped = new RuntimeException("Client failed to initialize by explicit API call",
                new IllegalStateException("x", new UnresolvedAddressException()));
        assertThat(McpErrors.describe(wrapped, search)).isEqualTo("cannot resolve host mcp.example.com");
        McpServerConfig.Http local = new McpServerConfig.Http("local", "http://127.0.0.1:9/mcp", Map.of(), null);
        assertThat(McpErrors.describe(new RuntimeException(new ConnectException()), local)).isEqualTo("connection refused by 127.0.0.1:9");
        assertThat(McpErrors.describe(new IllegalArgumentException("command not found: nope"), null)).isEqualTo("command not found: nope");
    }

    @Test
    void aServerThatFailedIsNotWaitedForOnTheNextStartAndIsRetriedInTheBackground() throws Exception {
        McpServerConfig broken = new McpServerConfig.Stdio("broken", dir.resolve("no-such-server").toString(), List.of(), Map.of(), null, null);
        McpOptions options = McpOptions.DEFAULT.withEager(false).withToolListDir(dir.resolve("mcp")).withMaxBackoff(Duration.ofSeconds(1));
        List<String> news = new CopyOnWriteArrayList<>();
        try (McpToolset first = new McpToolset(Map.of("broken", broken), options).onStatus(news::add).start()) {
            assertThat(first.servers().getFirst().error()).contains("command not found");
        }
        assertThat(news).containsExactly("starting MCP server broken…",
                "MCP server 'broken' failed to start: command not found: " + dir.resolve("no-such-server")
                        + "; later runs start without it and retry in the background");
        assertThat(dir.resolve("mcp/broken.failed.json")).exists();

        news.clear();
        try (McpToolset second = new McpToolset(Map.of("broken", broken), options).onStatus(news::add).start()) {
            assertThat(news.getFirst()).isEqualTo("MCP server broken unavailable last time (command not found: "
                    + dir.resolve("no-such-server") + "): starting without it, retrying in the background");
            assertThat(news).noneMatch(n -> n.startsWith("starting MCP server"));
            assertThat(second.servers().getFirst().error()).contains("retrying in the background");
        }

        // fixed (the config changed): the memory no longer applies
        McpServerConfig fixed = TestServers.java("broken", null);
        news.clear();
        try (McpToolset third = new McpToolset(Map.of("broken", fixed), options).onStatus(news::add).start()) {
            assertThat(news.getFirst()).isEqualTo("starting MCP server broken…");
            assertThat(third.servers().getFirst().tools()).isPositive();
        }
        assertThat(Files.exists(dir.resolve("mcp/broken.failed.json"))).as("the old failure is about another config").isTrue();
    }
}
