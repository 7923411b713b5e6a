package dev.tern.workspace.config;

import dev.tern.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@link TernConfig} from JSON. camelCase keys, snake_case accepted everywhere; unknown keys
 * are ignored with a warning; malformed JSON fails with one line naming file, line and column.
 *
 * <p>Precedence: built-in defaults &lt; config file &lt; environment ({@code TERN_MODEL},
 * {@code TERN_MEMORY_MODEL}, {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code ANTHROPIC_API_KEY},
 * {@code ANTHROPIC_BASE_URL}); a command-line flag (applied by the CLI) beats all of them. Empty
 * environment values are ignored.
 */
public final class ConfigLoader {

    private static final Logger LOG = Logger.getLogger(ConfigLoader.class.getName());

    private final Function<String, String> env;

    /** A loader reading the process environment. */
    public ConfigLoader() { this(System::getenv); }

    /** A loader reading environment variables from {@code env} (returns null for unset). */
    public ConfigLoader(Function<String, String> env) { this.env = env; }

    /** {@code ~/.tern/config.json}. */
    public static Path defaultPath() { return Path.of(System.getProperty("user.home"), ".tern", "config.json"); }

    /** Loads {@code ~/.tern/config.json} if it exists (defaults otherwise), then applies the environment. */
    public TernConfig loadDefault() {
        Path p = defaultPath();
        return Files.exists(p) ? load(p) : applyEnvironment(TernConfig.defaults());
    }

    /** Loads a config file (which must exist) and applies the environment. */
    public TernConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
        }
        return applyEnvironment(parse(text, file));
    }

    /** Parses config JSON without applying the environment; {@code file} names the source in messages (nullable). */
    public static TernConfig parse(String json, Path file) {
        String src = file == null ? "<config>" : file.toString();
        JsonNode root = readJson(json, src);
        if (json.isBlank()) return TernConfig.defaults();
        if (!root.isObject()) throw new ConfigException(src + ": the config must be a JSON object");
        List<String> warnings = new ArrayList<>();
        ConfigNode top = new ConfigNode(root, "", src);

        ConfigNode agentsNode = top.object("agents");
        ConfigNode d = agentsNode.object("defaults");
        AgentDefaults def = AgentDefaults.DEFAULT;
        AgentDefaults agents = new AgentDefaults(d.string("model", def.model()), d.string("memoryModel", def.memoryModel()),
                d.integer("maxTokens", def.maxTokens()), d.number("temperature", def.temperature()),
                d.integer("maxToolIterations", def.maxToolIterations()), d.integer("memoryWindow", def.memoryWindow()),
                expandHome(d.string("workspace", null)));

        Map<String, ProviderConfig> providers = new HashMap<>();
        for (Map.Entry<String, ConfigNode> e : top.entries("providers").entrySet()) {
            ConfigNode p = e.getValue();  // nanobot spells the endpoint apiBase
            String base = p.has("baseUrl") ? p.string("baseUrl", null) : p.string("apiBase", null);
            providers.put(e.getKey(), new ProviderConfig(p.string("apiKey", null), base));
            p.reportUnknown(warnings);
        }

        ConfigNode t = top.object("tools");
        ConfigNode exec = t.object("exec");
        ConfigNode web = t.object("web");
        ConfigNode search = web.object("search");
        ToolsConfig.Search sd = ToolsConfig.Search.DEFAULT;
        ToolsConfig tools = new ToolsConfig(t.bool("restrictToWorkspace", true),
                new ToolsConfig.Exec(exec.seconds("timeout", ToolsConfig.Exec.DEFAULT.timeout())),
                new ToolsConfig.Web(web.strings("allowHosts"), new ToolsConfig.Search(
                        search.string("backend", search.string("provider", sd.backend())), search.string("apiKey", null),
                        search.string("baseUrl", null), search.integer("maxResults", sd.maxResults())),
                        web.seconds("timeout", ToolsConfig.Web.DEFAULT.timeout())));

        Map<String, McpServerConfig> mcp = mcpServers(top, "mcpServers");
        // nanobot keeps MCP servers under tools.mcpServers; accept both
        if (t.has("mcpServers")) {
            Map<String, McpServerConfig> legacy = mcpServers(t, "mcpServers");
            legacy.putAll(mcp);
            mcp = legacy;
        }

        ConfigNode perms = top.object("permissions");
        String mode = perms.string("mode", "default");
        ConfigNode c = top.object("cache");
        CacheConfig cd = CacheConfig.DEFAULT;
        CacheConfig cache = new CacheConfig(c.bool("enabled", cd.enabled()),
                c.has("ttlSeconds") ? c.seconds("ttlSeconds", cd.ttl()) : c.seconds("ttl", cd.ttl()),
                c.longValue("maxBytes", cd.maxBytes()), c.seconds("mcpTtlSeconds", cd.mcpTtl()), c.secondsMap("ttls"));
        ConfigNode s = top.object("sessions");
        SessionsConfig sessions = new SessionsConfig(s.string("fsync", SessionsConfig.DEFAULT.fsync()),
                s.has("batchMillis") ? java.time.Duration.ofMillis(s.longValue("batchMillis", 200))
                        : SessionsConfig.DEFAULT.batchWindow());

        ConfigNode b = top.object("budget");
        BudgetConfig budget = new BudgetConfig(b.longValue("maxTokensPerRun", 0), b.number("maxCostPerRun", 0),
                b.number("warnCostAbove", 0), b.strings("fallbackModels"));

        // model tiers (orchestration); other keys of "models" (per-model settings) are read by their owners
        Map<String, String> models = new java.util.LinkedHashMap<>();
        ConfigNode m = top.object("models");
        for (String tier : List.of("fast", "balanced", "deep")) {
            String v = m.string(tier, null);
            if (v != null && !v.isBlank()) models.put(tier, v.strip());
        }
        JsonNode rawModels = root.get("models");
        if (rawModels != null && rawModels.isObject()) {
            for (var e : rawModels.properties()) {  // objects are per-model settings, read by their owners
                if (e.getValue().isString() && !List.of("fast", "balanced", "deep").contains(e.getKey())) {
                    warnings.add(src + ": unknown key 'models." + e.getKey() + "' ignored (tiers are fast, balanced, deep; "
                            + "per-model settings are objects)");
                }
            }
        }

        // sections parsed by the modules that own them (channels, gateway, memory, models, sandbox, ...): kept raw
        Map<String, JsonNode> sections = new java.util.LinkedHashMap<>();
        for (String name : TernConfig.MODULE_SECTIONS) {
            JsonNode n = top.section(name);
            if (n != null) sections.put(name, n);
        }

        for (ConfigNode n : List.of(top, agentsNode, d, t, exec, web, search, perms, c, s, b)) {
            n.reportUnknown(warnings);
        }
        // the front-ends report these (once, in their own words); logged only for -v
        warnings.forEach(LOG::fine);
        return new TernConfig(agents, providers, tools, mcp, mode, cache, sessions, budget, models, file, warnings, sections);
    }

    /** Reads a workspace {@code .mcp.json} ({@code {"mcpServers": {...}}}); an absent file gives an empty map. */
    public static Map<String, McpServerConfig> loadMcpJson(Path file) {
        if (!Files.exists(file)) return Map.of();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JsonNode root = readJson(text, file.toString());
            return mcpServers(new ConfigNode(root, "", file.toString()), "mcpServers");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Applies the environment overrides to a parsed config. */
    private static boolean blank(String s) { return s == null || s.isBlank(); }

    public TernConfig applyEnvironment(TernConfig config) {
        // SPEC: selection by environment like the official SDKs, and the config file overrides it:
        // the environment only fills what the file leaves unset
        TernConfig out = config;
        String model = nonEmpty("TERN_MODEL");
        if (model != null && blank(out.agents().model())) out = out.withAgents(out.agents().withModel(model));
        String memoryModel = nonEmpty("TERN_MEMORY_MODEL");
        if (memoryModel != null && blank(out.agents().memoryModel())) out = out.withAgents(out.agents().withMemoryModel(memoryModel));
        Map<String, ProviderConfig> providers = new HashMap<>(out.providers());
        for (String p : List.of("openai", "anthropic")) {
            String prefix = p.toUpperCase(java.util.Locale.ROOT);
            String key = nonEmpty(prefix + "_API_KEY");
            String url = nonEmpty(prefix + "_BASE_URL");
            if (key != null || url != null) {
                providers.put(p, providers.getOrDefault(p, ProviderConfig.EMPTY).filledFrom(key, url));
            }
        }
        return out.withProviders(providers);
    }

    /** A path with a leading {@code ~} expanded to the user's home, or null. */
    static Path expandHome(String p) {
        if (p == null || p.isBlank()) return null;
        if (p.equals("~") || p.startsWith("~/")) return Path.of(System.getProperty("user.home") + p.substring(1));
        return Path.of(p);
    }

    private String nonEmpty(String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Map<String, McpServerConfig> mcpServers(ConfigNode parent, String key) {
        Map<String, McpServerConfig> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : parent.entries(key).entrySet()) {
            ConfigNode n = e.getValue();
            if (n.bool("disabled", false)) continue;
            Boolean sandbox = n.has("sandbox") ? n.bool("sandbox", false) : null;
            java.time.Duration timeout = n.seconds("timeout", null);
            if (timeout != null && timeout.isZero()) throw new ConfigException("mcpServers." + e.getKey() + ".timeout must be > 0");
            out.put(e.getKey(), new McpServerConfig(e.getKey(), n.string("command", null), n.strings("args"),
                    n.stringMap("env"), n.string("url", null), n.stringMap("headers"), n.string("cwd", null), timeout, sandbox));
        }
        return out;
    }

    private static JsonNode readJson(String text, String src) {
        if (text.isBlank()) return Json.object();
        try {
            return Json.parse(text);
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String where = loc == null || loc == TokenStreamLocation.NA ? ""
                    : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            String msg = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
            msg = msg.lines().findFirst().orElse("invalid JSON");
            throw new ConfigException(src + where + ": invalid JSON: " + msg, e);
        }
    }
}
