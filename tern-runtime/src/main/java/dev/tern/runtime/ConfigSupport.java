package dev.tern.runtime;

import dev.tern.cache.CachePolicy;
import dev.tern.cost.ModelPrice;
import dev.tern.cost.PriceTable;
import dev.tern.mcp.McpServerConfig;
import dev.tern.provider.ProviderRouter;
import dev.tern.memory.responses.ResponseCachePolicy;
import dev.tern.memory.tracker.PerfTracker;
import dev.tern.tokens.ModelCatalog;
import dev.tern.tokens.ModelWindows;
import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.config.TernConfig;
import dev.tern.workspace.tools.WorkspaceToolsConfig;
import dev.tern.workspace.config.ConfigException;
import dev.tern.workspace.config.ModelsConfig;
import dev.tern.workspace.tools.sandbox.Sandbox;
import dev.tern.workspace.tools.sandbox.SandboxConfig;
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
        return loadFile(o).withExtraMcpServers(ConfigLoader.loadMcpJson(o.workspace().resolve(".mcp.json")));
    }

    /** The names of the MCP servers that come from the workspace's {@code .mcp.json} (not overridden by the config file). */
    static java.util.Set<String> workspaceServers(RuntimeOptions o, TernConfig merged) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        Map<String, McpServerConfig> json = ConfigLoader.loadMcpJson(o.workspace().resolve(".mcp.json"));
        json.forEach((name, s) -> {
            if (s.equals(merged.mcpServers().get(name))) out.add(name);
        });
        return out;
    }

    /** The per-user Tern folder: {@code TERN_USER_DIR} from the options' environment, else {@code ~/.tern}. */
    static java.nio.file.Path userDir(Map<String, String> env) {
        String d = env.get("TERN_USER_DIR");
        return d != null && !d.isBlank() ? java.nio.file.Path.of(d) : java.nio.file.Path.of(System.getProperty("user.home"), ".tern");
    }

    /** The config file the options name (or the default one). */
    static java.nio.file.Path configFile(RuntimeOptions o) {
        return o.configFile() != null ? o.configFile() : ConfigLoader.defaultPath();
    }

    private static TernConfig loadFile(RuntimeOptions o) {
        ConfigLoader loader = new ConfigLoader(k -> o.env().get(k));
        TernConfig c;
        if (o.configFile() != null) {
            if (!Files.exists(o.configFile())) throw new SetupException("config file not found: " + o.configFile());
            c = loader.load(o.configFile());
        } else {
            c = loader.loadDefault();
        }
        return loader.applyEnvironment(c);
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
     * Where the context guard gets a model's window: the config's {@code models.<id>} entries first, then
     * the bundled catalog for the models it knows, then the provider's own model list (vLLM
     * {@code max_model_len}, OpenRouter {@code context_length}, Anthropic {@code max_input_tokens}; fetched
     * once per provider), and only then the catalog's conservative default, reported once.
     */
    static ModelWindows windows(TernConfig c, ModelCatalog catalog, ProviderRouter providers,
                                java.util.function.Consumer<String> report) {
        Map<String, ModelCatalog.Limits> configured = new HashMap<>();
        ModelsConfig.parse(c.section("models"), c.sourceName()).windows().forEach((id, w) -> {
            int maxOut = w.maxOutput() > 0 ? w.maxOutput()
                    : Math.min(catalog.knows(id) ? catalog.limits(id).maxOutput() : catalog.defaultLimits().maxOutput(), w.contextWindow() / 4);
            configured.put(id, new ModelCatalog.Limits(w.contextWindow(), Math.max(1, maxOut)));
        });
        List<ModelWindows.Source> sources = new java.util.ArrayList<>();
        if (!configured.isEmpty()) sources.add(ModelWindows.fromMap(configured));
        sources.add(listed(catalog, providers));
        return new ModelWindows(sources, catalog, report);
    }

    /** The provider's model list, asked only for models the catalog does not know; failures count as "not listed". */
    private static ModelWindows.Source listed(ModelCatalog catalog, ProviderRouter providers) {
        Map<String, java.util.Optional<ModelCatalog.Limits>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        return model -> {
            if (model == null || catalog.knows(model)) return java.util.Optional.empty();
            return seen.computeIfAbsent(model, m -> {
                try {
                    ProviderRouter.Route r = providers.route(m);
                    return r.provider().contextWindow(r.model()).filter(w -> w > 0).map(w ->
                            new ModelCatalog.Limits(w, Math.max(1, Math.min(catalog.defaultLimits().maxOutput(), w / 4))));
                } catch (RuntimeException e) { // no model list, no route: the catalog's default applies
                    return java.util.Optional.empty();
                }
            });
        };
    }

    /** The top-level {@code sandbox} section. @throws ConfigException when it is malformed */
    static SandboxConfig sandbox(TernConfig c) {
        try {
            return SandboxConfig.fromJson(c.section("sandbox"), c.sourceName());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
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
                .webTimeout(web.timeout()).search(search).sandbox(sandbox(c)).build();
    }

    private static List<String> orderStartingWith(String first) {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        order.add(first);
        order.addAll(SearchConfig.BACKENDS);
        return List.copyOf(order);
    }

    /**
     * The MCP client's configs for {@code servers}, with their cwd and per-server timeout; stdio
     * servers that ask for the sandbox ({@code "sandbox": true}, or {@code tools.sandbox.mcpServers})
     * start inside it, and are left out with a warning when it cannot run.
     */
    static Map<String, McpServerConfig> mcpServers(TernConfig c, Map<String, McpServerConfig> servers,
                                                   java.nio.file.Path workspace, Sandbox sandbox, java.util.function.Consumer<String> warnings) {
        Map<String, McpServerConfig> out = new LinkedHashMap<>();
        servers.forEach((name, server) -> {
            if (!(server instanceof McpServerConfig.Stdio s)) {
                out.put(name, server);
                return;
            }
            boolean confine = s.sandbox() != null ? s.sandbox() : sandbox.config().mcpServers();
            if (!confine) {
                out.put(name, s);
                return;
            }
            String why = sandbox.unavailable();
            if (why != null) {
                warnings.accept("MCP server '" + name + "' asks for the sandbox, which cannot run (" + why + "); it was not started");
                return;
            }
            List<String> command = new java.util.ArrayList<>(List.of(s.command()));
            command.addAll(s.args());
            java.nio.file.Path cwd = s.cwd();
            List<String> argv = sandbox.wrapWithEnvironment(command, cwd != null ? cwd : sandbox.workspace(), s.env());
            out.put(name, new McpServerConfig.Stdio(name, argv.getFirst(), argv.subList(1, argv.size()), Map.of(), cwd,
                    s.timeout(), true));
        });
        return out;
    }
}
