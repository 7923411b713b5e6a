package dev.tern.runtime;

import dev.tern.cache.CachePolicy;
import dev.tern.cost.ModelPrice;
import dev.tern.cost.PriceTable;
import dev.tern.mcp.McpServerConfig;
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

    /**
     * {@code base} with the config's {@code prices} section: {@code {"model-prefix": {"input": USD per
     * million, "output": ..., "cacheRead": ..., "cacheWrite5m": ..., "cacheWrite1h": ...}}}, as in
     * {@code ~/.tern/prices.json}'s {@code models}.
     *
     * @throws SetupException naming the entry when a price is not usable
     */
    static PriceTable prices(PriceTable base, TernConfig c) {
        tools.jackson.databind.JsonNode section = c.section("prices");
        if (section == null || section.isNull()) return base;
        if (!section.isObject()) throw new SetupException(c.sourceName() + ": prices: expected an object of model -> {input, output}");
        PriceTable out = base;
        for (java.util.Map.Entry<String, tools.jackson.databind.JsonNode> e : section.properties()) {
            tools.jackson.databind.JsonNode p = e.getValue();
            double input = usd(c, e.getKey(), p, "input", -1), output = usd(c, e.getKey(), p, "output", -1);
            out = out.with(e.getKey(), new ModelPrice(input, output, usd(c, e.getKey(), p, "cacheWrite5m", input),
                    usd(c, e.getKey(), p, "cacheWrite1h", input), usd(c, e.getKey(), p, "cacheRead", input),
                    usd(c, e.getKey(), p, "batchDiscount", 0)));
        }
        return out;
    }

    private static double usd(TernConfig c, String model, tools.jackson.databind.JsonNode p, String key, double fallback) {
        tools.jackson.databind.JsonNode v = p == null ? null : p.get(key);
        if (v == null && fallback >= 0) return fallback;
        if (v == null || !v.isNumber() || v.asDouble() < 0) {
            throw new SetupException(c.sourceName() + ": prices." + model + "." + key + ": expected a number >= 0 (USD per million tokens)");
        }
        return v.asDouble();
    }

    /**
     * The tool cache's policy: the built-in TTL, MCP's short default ({@code cache.mcpTtlSeconds}, beaten by
     * a server's own {@code ttlMs}), then the {@code cache.ttls} patterns, which beat both (0 = never cache).
     */
    static CachePolicy cachePolicy(TernConfig c) {
        Map<String, java.time.Duration> ttls = new LinkedHashMap<>();
        java.util.List<String> never = new java.util.ArrayList<>();
        if (c.cache().mcpTtl().isZero()) never.add(CachePolicy.MCP_PATTERN);
        else ttls.put(CachePolicy.MCP_PATTERN, c.cache().mcpTtl());
        c.cache().ttls().forEach((pattern, ttl) -> {
            if (ttl.isZero()) never.add(pattern);
            else ttls.put(pattern, ttl);
        });
        CachePolicy p = CachePolicy.DEFAULT.withDefaultTtl(c.cache().ttl()).withMaxBytes(c.cache().maxBytes())
                .withTtls(ttls).withExclude(never);
        return c.cache().enabled() ? p : new CachePolicy(false, p.defaultTtl(), p.maxBytes(), p.include(), p.exclude(), p.ttls());
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
