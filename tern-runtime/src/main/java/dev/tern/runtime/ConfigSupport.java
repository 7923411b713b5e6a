package dev.tern.runtime;

import dev.tern.cache.CachePolicy;
import dev.tern.mcp.McpServerConfig;
import dev.tern.memory.responses.ResponseCachePolicy;
import dev.tern.memory.tracker.PerfTracker;
import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.config.TernConfig;
import dev.tern.workspace.tools.WorkspaceToolsConfig;
import dev.tern.workspace.tools.web.SearchConfig;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Turns the loaded config into the settings of the parts the runtime assembles. */
final class ConfigSupport {

    private ConfigSupport() { }

    /** The config file (or {@code ~/.tern/config.json}), then the environment, then the workspace {@code .mcp.json}. */
    static TernConfig load(RuntimeOptions o) {
        ConfigLoader loader = new ConfigLoader(k -> o.env().get(k));
        TernConfig c;
        if (o.configFile() != null) {
            if (!Files.exists(o.configFile())) throw new SetupException("config file not found: " + o.configFile());
            c = loader.load(o.configFile());
        } else {
            c = loader.loadDefault();
        }
        c = loader.applyEnvironment(c);
        return c.withExtraMcpServers(ConfigLoader.loadMcpJson(o.workspace().resolve(".mcp.json")));
    }

    /** The environment the providers read; keys and base URLs from the config file override it (SPEC). */
    static Map<String, String> providerEnv(TernConfig config, Map<String, String> env) {
        Map<String, String> out = new HashMap<>(env);
        fill(out, "OPENAI_API_KEY", config.openai().apiKey());
        fill(out, "OPENAI_BASE_URL", config.openai().baseUrl());
        fill(out, "ANTHROPIC_API_KEY", config.anthropic().apiKey());
        fill(out, "ANTHROPIC_BASE_URL", config.anthropic().baseUrl());
        return out;
    }

    private static void fill(Map<String, String> env, String key, String value) {
        if (value != null && !value.isBlank()) env.put(key, value);
    }

    static CachePolicy cachePolicy(TernConfig c) {
        CachePolicy p = CachePolicy.DEFAULT.withDefaultTtl(c.cache().ttl()).withMaxBytes(c.cache().maxBytes());
        return c.cache().enabled() ? p : new CachePolicy(false, p.defaultTtl(), p.maxBytes(), p.include(), p.exclude(), p.ttls());
    }

    /**
     * The response cache's policy from the {@code responseCache} section, with {@code --no-cache} applied.
     *
     * @throws SetupException one line for a bad value
     */
    static ResponseCachePolicy responseCachePolicy(TernConfig c, boolean noCache, List<String> warnings) {
        try {
            return ResponseCachePolicy.fromConfig(c.section("responseCache"), c.sourceName(), warnings).withBypass(noCache);
        } catch (IllegalArgumentException e) {
            throw new SetupException(e.getMessage());
        }
    }

    /** The performance tracker's options from the {@code tracker} section. @throws SetupException one line for a bad value */
    static PerfTracker.Options trackerOptions(TernConfig c, List<String> warnings) {
        try {
            return PerfTracker.Options.fromConfig(c.section("tracker"), c.sourceName(), warnings);
        } catch (IllegalArgumentException e) {
            throw new SetupException(e.getMessage());
        }
    }

    static WorkspaceToolsConfig toolsConfig(TernConfig c, java.nio.file.Path workspace, Map<String, String> env) {
        var web = c.tools().web();
        var s = web.search();
        List<String> order = s.backend() == null ? SearchConfig.BACKENDS : orderStartingWith(s.backend());
        SearchConfig base = SearchConfig.fromEnv(env);
        SearchConfig search = new SearchConfig(order,
                "brave".equals(s.backend()) && s.apiKey() != null ? s.apiKey() : base.braveApiKey(),
                "tavily".equals(s.backend()) && s.apiKey() != null ? s.apiKey() : base.tavilyApiKey(),
                s.baseUrl() != null ? s.baseUrl() : base.searxngUrl(), null, null, null, s.maxResults());
        return WorkspaceToolsConfig.builder(workspace).restrictToWorkspace(c.tools().restrictToWorkspace())
                .execTimeout(c.tools().exec().timeout()).allowHosts(new LinkedHashSet<>(web.allowHosts()))
                .search(search).build();
    }

    private static List<String> orderStartingWith(String first) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        order.add(first);
        order.addAll(SearchConfig.BACKENDS);
        return List.copyOf(order);
    }

    static Map<String, McpServerConfig> mcpServers(TernConfig c) {
        Map<String, McpServerConfig> out = new LinkedHashMap<>();
        c.mcpServers().forEach((name, s) -> out.put(name, s.stdio()
                ? new McpServerConfig.Stdio(name, s.command(), s.args(), s.env(), null, null)
                : new McpServerConfig.Http(name, s.url(), s.headers(), null)));
        return out;
    }
}
