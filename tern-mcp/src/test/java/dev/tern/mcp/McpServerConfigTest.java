package dev.tern.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void parsesClaudeDesktopShapeStdioAndHttp() throws Exception {
        Files.writeString(dir.resolve(".mcp.json"), """
                {"mcpServers": {
                  "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
                         "env": {"DEBUG": "1", "LEVEL": 3}, "cwd": "tools", "timeout": 12.5},
                  "remote": {"url": "https://mcp.example.com/mcp?x=1", "headers": {"Authorization": "Bearer k"}},
                  "off": {"command": "nope", "disabled": true}
                }}""");
        Map<String, McpServerConfig> servers = McpServerConfig.load(dir.resolve(".mcp.json"));
        assertThat(servers.keySet()).containsExactly("fs", "remote");
        McpServerConfig.Stdio fs = (McpServerConfig.Stdio) servers.get("fs");
        assertThat(fs.command()).isEqualTo("npx");
        assertThat(fs.args()).containsExactly("-y", "@modelcontextprotocol/server-filesystem", "/tmp");
        assertThat(fs.env()).containsExactly(Map.entry("DEBUG", "1"), Map.entry("LEVEL", "3"));
        assertThat(fs.cwd()).isEqualTo(dir.toAbsolutePath().resolve("tools"));
        assertThat(fs.timeout()).isEqualTo(Duration.ofMillis(12_500));
        McpServerConfig.Http remote = (McpServerConfig.Http) servers.get("remote");
        assertThat(remote.url()).isEqualTo("https://mcp.example.com/mcp?x=1");
        assertThat(remote.headers()).containsEntry("Authorization", "Bearer k");
        assertThat(remote.timeout()).isNull();
    }

    @Test
    void acceptsSnakeCaseAndTheBareMapAndFingerprintsWhatWouldRun() {
        Map<String, McpServerConfig> user = McpServerConfig.parse(Json.parse(
                "{\"mcp_servers\": {\"a\": {\"command\": \"x\"}, \"b\": {\"command\": \"y\", \"sandbox\": true}}}"), null);
        Map<String, McpServerConfig> bare = McpServerConfig.parse(Json.parse("{\"b\": {\"url\": \"http://localhost:1/mcp\"}}"), null);
        assertThat(user.keySet()).containsExactly("a", "b");
        assertThat(((McpServerConfig.Stdio) user.get("b")).sandbox()).isTrue();
        assertThat(bare.get("b")).isInstanceOf(McpServerConfig.Http.class);
        assertThat(McpServerConfig.load(dir.resolve("missing.json"))).isEmpty();
        assertThat(user.get("a")).isEqualTo(new McpServerConfig.Stdio("a", "x", List.of(), Map.of(), null, null));
        // the approval identity changes with anything that changes what would run
        assertThat(user.get("a").fingerprint()).isEqualTo(new McpServerConfig.Stdio("a", "x", List.of(), Map.of(), null, null).fingerprint())
                .isNotEqualTo(new McpServerConfig.Stdio("a", "x", List.of("--evil"), Map.of(), null, null).fingerprint());
    }

    @Test
    void badEntriesGetOneLineErrorsNamingTheField() throws Exception {
        assertThatThrownBy(() -> McpServerConfig.parse(Json.parse("{\"mcpServers\":{\"x\":{}}}"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mcpServers.x: needs exactly one of \"command\" (stdio) or \"url\" (HTTP)");
        assertThatThrownBy(() -> McpServerConfig.parse(Json.parse("{\"mcpServers\":{\"x\":{\"command\":\"a\",\"args\":\"b\"}}}"), null))
                .hasMessage("mcpServers.x.args: expected an array of strings");
        assertThatThrownBy(() -> McpServerConfig.parse(Json.parse("{\"mcpServers\":{\"x\":{\"url\":\"ftp://a\"}}}"), null))
                .hasMessage("mcpServers.x.url: expected an http:// or https:// URL, got ftp://a");
        assertThatThrownBy(() -> McpServerConfig.parse(Json.parse("{\"mcpServers\":{\"x\":{\"url\":\"http://a\",\"headers\":[]}}}"), null))
                .hasMessage("mcpServers.x.headers: expected an object of string values");
        assertThatThrownBy(() -> McpServerConfig.parse(Json.parse("{\"mcpServers\":{\"x\":{\"command\":\"a\",\"timeout\":0}}}"), null))
                .hasMessage("mcpServers.x.timeout: expected seconds > 0");
        Files.writeString(dir.resolve("broken.json"), "{\"mcpServers\": {");
        assertThatThrownBy(() -> McpServerConfig.load(dir.resolve("broken.json")))
                .hasMessageStartingWith(dir.resolve("broken.json") + ": cannot read MCP servers: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void toolNamesArePrefixedSanitizedAndBounded() {
        assertThat(McpNames.toolName("fs", "read_file")).isEqualTo("mcp_fs_read_file");
        assertThat(McpNames.toolName("my server", "get.quote/v2")).isEqualTo("mcp_my_server_get_quote_v2");
        String a = McpNames.toolName("stocks", "x".repeat(80) + "a");
        String b = McpNames.toolName("stocks", "x".repeat(80) + "b");
        assertThat(a).hasSize(64).matches("[a-zA-Z0-9_-]+").startsWith("mcp_stocks_xxx").isNotEqualTo(b);
        assertThat(List.of(a, b)).allSatisfy(n -> assertThat(n).hasSize(64));
    }
}
