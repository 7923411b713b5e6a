package dev.tern.workspace.config;

import dev.tern.json.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir Path dir;

    private static final ConfigLoader NO_ENV = new ConfigLoader(k -> null);

    @Test
    void readsCamelAndSnakeCaseKeysIntoEverySection() throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, """
            {
              "agents": {"defaults": {"model": "gpt-4.1", "memory_model": "gpt-4.1-mini", "maxTokens": 1000,
                                      "temperature": 0.5, "max_tool_iterations": 7, "memoryWindow": 30,
                                      "workspace": "~/.nanobot/workspace"}},
              "providers": {"openai": {"apiKey": "sk-1", "base_url": "http://localhost:1/v1"},
                            "anthropic": {"api_key": "ak-1"}, "openrouter": {"apiKey": "or", "apiBase": "http://or"}},
              "tools": {"restrict_to_workspace": false, "exec": {"timeout": 5},
                        "web": {"allowHosts": ["example.com"], "search": {"provider": "searxng", "base_url": "http://sx", "maxResults": 3}}},
              "mcpServers": {"fs": {"command": "npx", "args": ["-y", "server-fs"], "env": {"A": "1"}},
                             "remote": {"url": "http://mcp", "headers": {"Authorization": "Bearer x"}}},
              "permissions": {"mode": "acceptEdits"},
              "cache": {"ttl_seconds": 30, "maxBytes": 1024},
              "sessions": {"fsync": "always"}
            }""");
        TernConfig c = NO_ENV.load(f);
        assertThat(c.agents()).isEqualTo(new AgentDefaults("gpt-4.1", "gpt-4.1-mini", 1000, 0.5, 7, 30,
                Path.of(System.getProperty("user.home"), ".nanobot", "workspace")));
        assertThat(c.openai()).isEqualTo(new ProviderConfig("sk-1", "http://localhost:1/v1"));
        assertThat(c.anthropic().apiKey()).isEqualTo("ak-1");
        assertThat(c.provider("openrouter").baseUrl()).isEqualTo("http://or");
        assertThat(c.tools().restrictToWorkspace()).isFalse();
        assertThat(c.tools().exec().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.tools().web().allowHosts()).containsExactly("example.com");
        assertThat(c.tools().web().search()).isEqualTo(new ToolsConfig.Search("searxng", null, "http://sx", 3));
        assertThat(c.mcpServers().keySet()).containsExactly("fs", "remote");
        assertThat(c.mcpServers().get("fs").stdio()).isTrue();
        assertThat(c.mcpServers().get("fs").args()).containsExactly("-y", "server-fs");
        assertThat(c.mcpServers().get("remote").headers()).containsEntry("Authorization", "Bearer x");
        assertThat(c.permissionMode()).isEqualTo("acceptEdits");
        assertThat(c.cache()).isEqualTo(new CacheConfig(true, Duration.ofSeconds(30), 1024));
        assertThat(c.sessions().fsync()).isEqualTo("always");
        assertThat(c.warnings()).isEmpty();
        assertThat(c.openai().toString()).doesNotContain("sk-1");
    }

    @Test
    void modelTiersAreReadForOrchestration() {
        TernConfig c = ConfigLoader.parse("{\"models\": {\"fast\": \"gpt-4o-mini\", \"deep\": \"o3\"}}", null);
        assertThat(c.models()).containsExactly(java.util.Map.entry("fast", "gpt-4o-mini"), java.util.Map.entry("deep", "o3"));
        assertThat(c.warnings()).isEmpty();
        assertThat(ConfigLoader.parse("{\"models\": {\"huge\": \"x\"}}", null).warnings()).anyMatch(w -> w.contains("huge"));
        assertThat(ConfigLoader.parse("{}", null).models()).isEmpty();
    }

    @Test
    void defaultsWhenKeysAreMissing() {
        TernConfig c = ConfigLoader.parse("{}", null);
        assertThat(c.agents()).isEqualTo(AgentDefaults.DEFAULT);
        assertThat(c.tools().restrictToWorkspace()).isTrue();
        assertThat(c.agents().effectiveMemoryModel()).isNull();
        assertThat(ConfigLoader.parse("{\"agents\":{\"defaults\":{\"model\":\"m\"}}}", null).agents().effectiveMemoryModel())
                .isEqualTo("m");
    }

    @Test
    void unknownKeysAreWarnedAboutNotFatal() {
        TernConfig c = ConfigLoader.parse("{\"agents\":{\"defaults\":{\"modle\":\"x\"}},\"colour\":1}", Path.of("c.json"));
        assertThat(c.warnings()).containsExactlyInAnyOrder(
                "c.json: unknown key 'agents.defaults.modle' ignored", "c.json: unknown key 'colour' ignored");
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\n  \"agents\": {\n    \"defaults\": {\"model\": \"x\",,}\n  }\n}\n");
        assertThatThrownBy(() -> NO_ENV.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":3:")
                .hasMessageContaining("invalid JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void wrongTypesAndBadMcpEntriesAreOneLineErrors() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\"agents\":{\"defaults\":{\"maxTokens\":\"many\"}}}", Path.of("c.json")))
                .hasMessage("c.json: 'agents.defaults.maxTokens' must be an integer, got string");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"mcpServers\":{\"x\":{\"args\":[]}}}", null))
                .hasMessageContaining("mcpServers.x needs exactly one of 'command' or 'url'");
        assertThatThrownBy(() -> NO_ENV.load(dir.resolve("missing.json"))).hasMessageContaining("not found");
    }

    @Test
    void theFileOverridesTheEnvironmentWhichFillsWhatTheFileLeavesUnset() {
        Map<String, String> env = Map.of("TERN_MODEL", "env-model", "OPENAI_API_KEY", "env-key",
                "ANTHROPIC_BASE_URL", "http://anthropic.local", "OPENAI_BASE_URL", "");
        TernConfig file = ConfigLoader.parse("{\"agents\":{\"defaults\":{\"model\":\"file-model\"}},"
                + "\"providers\":{\"openai\":{\"apiKey\":\"file-key\",\"baseUrl\":\"http://file\"}}}", null);
        TernConfig c = new ConfigLoader(env::get).applyEnvironment(file);
        assertThat(c.agents().model()).isEqualTo("file-model");
        assertThat(c.openai()).isEqualTo(new ProviderConfig("file-key", "http://file"));
        assertThat(c.anthropic()).isEqualTo(new ProviderConfig(null, "http://anthropic.local"));
        TernConfig bare = new ConfigLoader(env::get).applyEnvironment(ConfigLoader.parse("{}", null));
        assertThat(bare.agents().model()).isEqualTo("env-model");
        assertThat(bare.openai()).isEqualTo(new ProviderConfig("env-key", null));
    }

    @Test
    void readsWorkspaceMcpJsonAndNanobotToolsMcpServers() throws Exception {
        Path f = dir.resolve(".mcp.json");
        Files.writeString(f, "{\"mcpServers\":{\"git\":{\"command\":\"uvx\",\"args\":[\"mcp-server-git\"]}}}");
        assertThat(ConfigLoader.loadMcpJson(f)).containsOnlyKeys("git");
        assertThat(ConfigLoader.loadMcpJson(dir.resolve("none.json"))).isEmpty();
        TernConfig c = ConfigLoader.parse("{\"tools\":{\"mcp_servers\":{\"a\":{\"url\":\"http://a\"}}}}", null);
        assertThat(c.mcpServers()).containsOnlyKeys("a");
        assertThat(c.withExtraMcpServers(ConfigLoader.loadMcpJson(f)).mcpServers()).containsOnlyKeys("git", "a");
    }

    @Test
    void aNanobotConfigLoadsWithWarningsForWhatTernDoesNotUse() {
        TernConfig c = ConfigLoader.parse("""
            {"agents": {"defaults": {"workspace": "/tmp/ws", "model": "anthropic/claude-opus-4-5", "max_tokens": 8192,
                                     "temperature": 0.7, "max_tool_iterations": 20, "memory_window": 50}},
             "channels": {"telegram": {"enabled": false, "token": ""}},
             "providers": {"openrouter": {"api_key": "sk-or", "api_base": null, "extra_headers": null}},
             "gateway": {"host": "0.0.0.0", "port": 18790},
             "tools": {"web": {"search": {"api_key": "brave", "max_results": 5}}, "exec": {"timeout": 60},
                       "restrict_to_workspace": false, "mcp_servers": {}}}""", Path.of("nanobot.json"));
        assertThat(c.agents().memoryWindow()).isEqualTo(50);
        assertThat(c.agents().workspace()).isEqualTo(Path.of("/tmp/ws"));
        assertThat(c.provider("openrouter").apiKey()).isEqualTo("sk-or");
        assertThat(c.tools().web().search().apiKey()).isEqualTo("brave");
        assertThat(c.warnings()).containsExactly("nanobot.json: unknown key 'providers.openrouter.extra_headers' ignored");
        // the channel and gateway sections are handed, raw, to the modules that own them
        assertThat(c.section("channels").path("telegram").path("enabled").asBoolean()).isFalse();
        assertThat(c.section("gateway").path("port").asInt()).isEqualTo(18790);
    }

    @Test
    void modelsHoldTiersAndContextWindowsSandboxAndMcpTimeoutsAreRead() {
        TernConfig c = ConfigLoader.parse("""
                {"models": {"fast": "gpt-4o-mini", "my-local": {"contextWindow": 65536, "max_output": 8192}},
                 "sandbox": {"network": true, "env": ["GOPATH"], "readPaths": ["/opt/sdk"], "mcp_servers": true},
                 "mcpServers": {"slow": {"command": "node", "args": ["s.js"], "timeout": 8, "cwd": "srv", "sandbox": true},
                                "off": {"command": "x", "disabled": true}}}""", null);
        ModelsConfig models = ModelsConfig.parse(c.section("models"), c.sourceName());
        assertThat(models.tiers()).containsEntry("fast", "gpt-4o-mini");
        assertThat(models.windows()).containsEntry("my-local", new ModelsConfig.Window(65536, 8192));
        var sandbox = dev.tern.workspace.tools.sandbox.SandboxConfig.fromJson(c.section("sandbox"), c.sourceName());
        assertThat(sandbox.network()).isTrue();
        assertThat(sandbox.enabled()).isTrue();
        assertThat(sandbox.mcpServers()).isTrue();
        assertThat(sandbox.env()).containsExactly("GOPATH");
        assertThat(sandbox.readPaths()).containsExactly(java.nio.file.Path.of("/opt/sdk"));
        assertThat(c.mcpServers()).containsOnlyKeys("slow");
        assertThat(c.mcpServers().get("slow").timeout()).isEqualTo(java.time.Duration.ofSeconds(8));
        assertThat(c.mcpServers().get("slow").cwd()).isEqualTo("srv");
        assertThat(c.mcpServers().get("slow").sandbox()).isTrue();
        assertThat(c.warnings()).isEmpty();
        assertThatThrownBy(() -> ModelsConfig.parse(Json.parse("{\"x\":{\"maxOutput\":5}}"), "f.json"))
                .hasMessageContaining("models.x.contextWindow' is required");
        assertThat(ModelsConfig.parse(Json.parse("{\"deep\":{\"model\":\"o3\"}}"), "f.json").windows()).isEmpty();
        assertThatThrownBy(() -> ModelsConfig.parse(Json.parse("{\"x\":3}"), "f.json"))
                .hasMessageContaining("'models.x' must be a model id or an object");
        assertThatThrownBy(() -> dev.tern.workspace.tools.sandbox.SandboxConfig.fromJson(Json.parse("{\"netwrk\":true}"), "f.json"))
                .hasMessageContaining("unknown key 'sandbox.netwrk'");
        // the fingerprint an approval is remembered by changes with anything the server would run
        var a = c.mcpServers().get("slow");
        var b = ConfigLoader.parse("{\"mcpServers\":{\"slow\":{\"command\":\"node\",\"args\":[\"s.js\",\"--evil\"]}}}", null).mcpServers().get("slow");
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).hasSize(64);
    }
}
