package dev.tern.workspace.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The whole configuration, immutable. Load it with {@link ConfigLoader}.
 *
 * @param agents          {@code agents.defaults}
 * @param providers       {@code providers} by name (openai, anthropic, and any OpenAI-compatible name)
 * @param tools           {@code tools}
 * @param mcpServers      {@code mcpServers} by name, in file order
 * @param permissionMode  {@code permissions.mode} (interpreted by the permission module)
 * @param cache           {@code cache}
 * @param sessions        {@code sessions}
 * @param budget          {@code budget}: per-run token and money limits, cost warning, fallback models
 * @param models          {@code models}: model tiers by name ({@code fast}, {@code balanced}, {@code deep}), read by orchestration
 * @param source          the file it came from, or null for built-in defaults
 * @param warnings        unknown keys and other non-fatal remarks, one line each
 * @param sections        top-level sections owned by other modules ({@link #MODULE_SECTIONS}), raw, by name
 */
public record TernConfig(AgentDefaults agents, Map<String, ProviderConfig> providers, ToolsConfig tools,
                         Map<String, McpServerConfig> mcpServers, String permissionMode, CacheConfig cache,
                         SessionsConfig sessions, BudgetConfig budget, Map<String, String> models, Path source,
                         List<String> warnings, Map<String, JsonNode> sections) {

    /**
     * Top-level keys parsed by the module that owns them (each reports its own unknown keys): chat
     * channels and heartbeat (tern-channels), the HTTP gateway, the response cache, per-model settings
     * (the tiers of {@code models} are also read here), memory, the sandbox, the performance tracker,
     * model prices (tern-runtime).
     */
    public static final List<String> MODULE_SECTIONS = List.of("channels", "heartbeat", "gateway", "serve",
            "responseCache", "models", "memory", "sandbox", "tracker", "prices");

    public TernConfig {
        sections = sections == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sections));
        providers = Map.copyOf(providers);
        mcpServers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mcpServers));
        permissionMode = permissionMode == null || permissionMode.isBlank() ? "default" : permissionMode;
        warnings = List.copyOf(warnings);
        budget = budget == null ? BudgetConfig.NONE : budget;
        models = models == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
    }

    /** A config without model tiers. */
    public TernConfig(AgentDefaults agents, Map<String, ProviderConfig> providers, ToolsConfig tools,
                      Map<String, McpServerConfig> mcpServers, String permissionMode, CacheConfig cache,
                      SessionsConfig sessions, BudgetConfig budget, Path source, List<String> warnings) {
        this(agents, providers, tools, mcpServers, permissionMode, cache, sessions, budget, Map.of(), source, warnings, Map.of());
    }

    /** Built-in defaults, no file, no environment. */
    public static TernConfig defaults() {
        return new TernConfig(AgentDefaults.DEFAULT, Map.of(), ToolsConfig.DEFAULT, Map.of(), "default",
                CacheConfig.DEFAULT, SessionsConfig.DEFAULT, BudgetConfig.NONE, null, List.of());
    }

    public ProviderConfig provider(String name) { return providers.getOrDefault(name, ProviderConfig.EMPTY); }

    public ProviderConfig openai() { return provider("openai"); }

    public ProviderConfig anthropic() { return provider("anthropic"); }

    /** The raw JSON of a module's section ({@link #MODULE_SECTIONS}), or null when the config has none. */
    public JsonNode section(String name) { return sections.get(name); }

    /** The file name for messages about a section. */
    public String sourceName() { return source == null ? "<config>" : source.toString(); }

    public TernConfig withAgents(AgentDefaults a) {
        return new TernConfig(a, providers, tools, mcpServers, permissionMode, cache, sessions, budget, models, source, warnings, sections);
    }

    public TernConfig withProviders(Map<String, ProviderConfig> p) {
        return new TernConfig(agents, p, tools, mcpServers, permissionMode, cache, sessions, budget, models, source, warnings, sections);
    }

    /** This config plus MCP servers from another source (a workspace {@code .mcp.json}); ours win on name clashes. */
    public TernConfig withExtraMcpServers(Map<String, McpServerConfig> extra) {
        var merged = new java.util.LinkedHashMap<String, McpServerConfig>(extra);
        merged.putAll(mcpServers);
        return new TernConfig(agents, providers, tools, merged, permissionMode, cache, sessions, budget, models, source, warnings, sections);
    }
}
