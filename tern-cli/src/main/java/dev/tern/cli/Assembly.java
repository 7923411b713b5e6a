package dev.tern.cli;

import dev.tern.agent.Agent;
import dev.tern.run.RunLimits;
import dev.tern.cache.CachePolicy;
import dev.tern.cache.ToolResultCache;
import dev.tern.cost.BudgetGuard;
import dev.tern.cost.CostMeter;
import dev.tern.cost.FallbackModels;
import dev.tern.cost.PriceTable;
import dev.tern.tokens.ContextWindowGuard;
import dev.tern.tokens.ModelCatalog;
import dev.tern.tokens.ToolResultLimiter;
import dev.tern.tokens.Tokenizers;
import dev.tern.mcp.McpOptions;
import dev.tern.mcp.McpServerConfig;
import dev.tern.mcp.McpTool;
import dev.tern.mcp.McpToolset;
import dev.tern.metrics.Metrics;
import dev.tern.llm.ModelGateway;
import dev.tern.model.ModelProvider;
import dev.tern.provider.Providers;
import dev.tern.provider.http.HttpTransport;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.config.TernConfig;
import dev.tern.workspace.context.ContextBuilder;
import dev.tern.workspace.context.WorkspaceChat;
import dev.tern.workspace.memory.Consolidator;
import dev.tern.workspace.memory.MemoryStore;
import dev.tern.workspace.permission.PermissionGate;
import dev.tern.workspace.permission.PermissionMode;
import dev.tern.workspace.permission.PermissionPolicy;
import dev.tern.workspace.permission.PermissionPrompter;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.workspace.session.SessionStore;
import dev.tern.workspace.skills.LoadSkillTool;
import dev.tern.workspace.skills.SkillsLoader;
import dev.tern.workspace.spawn.SpawnTool;
import dev.tern.workspace.spawn.SubagentResults;
import dev.tern.workspace.tools.BuiltinTools;
import dev.tern.workspace.tools.WorkspaceToolsConfig;
import dev.tern.workspace.tools.web.SearchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One Tern runtime for a workspace, assembled from the config, the environment and the command's
 * options: ONE HTTP client, ONE metrics registry, ONE model gateway and ONE tool executor (with
 * permission check and tool cache), shared by the main agent and every sub-agent.
 */
public final class Assembly implements AutoCloseable {

    /** What a command decides before assembling. */
    public record Options(Path workspace, Path configFile, String model, PermissionMode permissionMode,
                          PermissionPrompter prompter, Integer maxIterations, Duration timeout, Map<String, String> env,
                          Budget budget) {
        public Options(Path workspace, Path configFile, String model, PermissionMode permissionMode,
                       PermissionPrompter prompter, Integer maxIterations, Duration timeout, Map<String, String> env) {
            this(workspace, configFile, model, permissionMode, prompter, maxIterations, timeout, env, Budget.NONE);
        }
    }

    /**
     * Money and token limits of a run, the cost threshold that warns before an expensive call, and the
     * models to fall back to when the primary keeps failing.
     */
    public record Budget(long maxTokens, double maxCostUsd, double warnCostUsd, List<String> fallbackModels,
                         java.util.function.Consumer<String> warnings) {
        public static final Budget NONE = new Budget(0, 0, 0, List.of(), w -> { });

        public Budget {
            fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
            warnings = warnings == null ? w -> { } : warnings;
        }
    }

    public final TernConfig config;
    public final Path workspace;
    public final String model;
    public final Metrics metrics = new Metrics();
    public final HttpTransport http;
    public final ModelGateway gateway;
    public final CostMeter costs;
    public final Tokenizers tokenizers = new Tokenizers();
    public final ToolExecutor executor;
    public final ToolRegistry tools = new ToolRegistry();
    public final ToolResultCache cache;
    public final PermissionGate permissions;
    public final ContextBuilder context;
    public final SessionStore sessions;
    public final MemoryStore memory;
    public final Consolidator consolidator;
    public final SubagentResults subagents = new SubagentResults();
    public final McpToolset mcp;
    public final Agent agent;

    private Assembly(Options o, TernConfig config, ModelProvider provider, HttpTransport http) {
        this.config = config;
        this.workspace = o.workspace();
        this.http = http;
        this.model = o.model() != null ? o.model() : config.agents().model() != null ? config.agents().model()
                : defaultModel(provider);
        Path home = Path.of(System.getProperty("user.home"), ".tern");
        Path priceFile = home.resolve("prices.json"), modelFile = home.resolve("models.json");
        PriceTable prices = Files.isRegularFile(priceFile) ? PriceTable.load(priceFile) : PriceTable.bundled();
        ModelCatalog catalog = Files.isRegularFile(modelFile) ? ModelCatalog.load(modelFile) : ModelCatalog.bundled();
        RunLimits limits = RunLimits.DEFAULT.withMaxIterations(o.maxIterations() != null ? o.maxIterations() : config.agents().maxToolIterations());
        if (o.timeout() != null) limits = limits.withMaxWallTime(o.timeout());
        Budget budget = effectiveBudget(o.budget() == null ? Budget.NONE : o.budget(), config.budget());
        limits = limits.withMaxTokens(budget.maxTokens()).withMaxCostUsd(budget.maxCostUsd());
        // every model call: budget check -> fallback models -> fit the context window -> price the answer -> provider
        this.costs = new CostMeter(prices);
        this.gateway = new ModelGateway(provider, metrics);
        BudgetGuard guard = BudgetGuard.fixed(limits, tokenizers, prices);
        if (budget.warnCostUsd() > 0) {
            guard = guard.warnAbove(budget.warnCostUsd(), (run, m, usd, message) -> budget.warnings().accept(message));
        }
        gateway.addInterceptor(guard);
        if (!budget.fallbackModels().isEmpty()) gateway.addInterceptor(new FallbackModels(budget.fallbackModels()));
        gateway.addInterceptor(new ContextWindowGuard(catalog, tokenizers, 256, metrics)).addInterceptor(costs);
        // every tool call: permission check (a gate: before the call's clock) -> cache / single-flight -> result size limit -> tool
        this.executor = new ToolExecutor(metrics);
        PermissionMode mode = o.permissionMode() != null ? o.permissionMode() : PermissionMode.parse(config.permissionMode());
        // MCP tools that may destroy something (destructiveHint, the MCP default for tools not marked read-only) are asked for
        PermissionPolicy policy = PermissionPolicy.DEFAULT.alsoRequiring(t -> t instanceof McpTool m && m.destructive());
        this.permissions = new PermissionGate(mode, policy, o.prompter(), metrics);
        this.cache = new ToolResultCache(metrics, cachePolicy(config));
        executor.addGate(permissions);
        executor.addInterceptor(cache)
                .addInterceptor(new ToolResultLimiter(text -> tokenizers.forModel(model).count(text), // loaded on first large result
                        8_000, workspace.resolve(".tern").resolve("tool-results")));

        BuiltinTools.register(tools, toolsConfig(config, workspace, o.env()), http.client());
        SkillsLoader skills = new SkillsLoader(workspace);
        tools.register(new LoadSkillTool(skills));
        tools.register(new SpawnTool(subagents, gateway, executor, model, tools, limits));
        Map<String, McpServerConfig> servers = mcpServers(config);
        this.mcp = servers.isEmpty() ? null : new McpToolset(servers, McpOptions.forWorkspace(workspace)).start();
        if (mcp != null) mcp.registerInto(tools);

        this.context = new ContextBuilder(workspace, skills);
        this.sessions = new SessionStore(workspace.resolve("sessions"), FsyncPolicy.parse(config.sessions().fsync()),
                config.sessions().batchWindow(), Clock.systemUTC());
        this.memory = new MemoryStore(workspace);
        this.consolidator = new Consolidator(memory, gateway,
                Consolidator.chooseModel(config.agents().memoryModel(), model), context::invalidateMemory,
                new Consolidator.Policy(config.agents().memoryWindow(), 0), Clock.systemUTC(), List.of());
        this.agent = Agent.builder("main").model(model).gateway(gateway).executor(executor).tools(tools)
                .systemPrompt(context.supplier()).limits(limits).maxOutputTokens(config.agents().maxTokens())
                .temperature(config.agents().temperature()).build();
    }

    /**
     * Loads the config and the environment and assembles the runtime.
     *
     * @throws SetupException with a one-line reason for anything the user must fix
     */
    public static Assembly create(Options o) {
        // the HTTP client's set-up (default TLS context, trust store) overlaps with reading the config
        java.util.concurrent.CompletableFuture<HttpTransport> pending =
                java.util.concurrent.CompletableFuture.supplyAsync(HttpTransport::create, r -> Thread.ofPlatform().daemon().start(r));
        TernConfig config;
        try {
            config = loadConfig(o);
        } catch (RuntimeException e) {
            pending.thenAccept(HttpTransport::close);
            throw e;
        }
        Map<String, String> env = providerEnv(config, o.env());
        String model = o.model() != null ? o.model() : config.agents().model();
        HttpTransport http = pending.join();
        try {
            return new Assembly(o, config, Providers.fromEnvironment(http, model, env), http);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /** Command-line limits win; the config's {@code budget} section fills what they leave unset. */
    static Budget effectiveBudget(Budget flags, dev.tern.workspace.config.BudgetConfig config) {
        return new Budget(flags.maxTokens() > 0 ? flags.maxTokens() : config.maxTokensPerRun(),
                flags.maxCostUsd() > 0 ? flags.maxCostUsd() : config.maxCostPerRun(),
                flags.warnCostUsd() > 0 ? flags.warnCostUsd() : config.warnCostAbove(),
                flags.fallbackModels().isEmpty() ? config.fallbackModels() : flags.fallbackModels(), flags.warnings());
    }

    /** A conversation in the workspace; the session is created on first use and resumed after. */
    public WorkspaceChat chat(String sessionKey) {
        return new WorkspaceChat(agent, context, sessions.open(sessionKey), consolidator, subagents,
                Math.max(20, config.agents().memoryWindow()));
    }

    static TernConfig loadConfig(Options o) {
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

    static String defaultModel(ModelProvider p) {
        return p.name().equals("anthropic") ? "claude-sonnet-4-5" : "gpt-4o-mini";
    }

    static CachePolicy cachePolicy(TernConfig c) {
        CachePolicy p = CachePolicy.DEFAULT.withDefaultTtl(c.cache().ttl()).withMaxBytes(c.cache().maxBytes());
        return c.cache().enabled() ? p : new CachePolicy(false, p.defaultTtl(), p.maxBytes(), p.include(), p.exclude(), p.ttls());
    }

    static WorkspaceToolsConfig toolsConfig(TernConfig c, Path workspace, Map<String, String> env) {
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

    @Override
    public void close() {
        if (mcp != null) mcp.close();
        sessions.close();
        http.close();
    }

    /** A problem the user must fix (config, key, workspace): one line, exit code 3. */
    public static final class SetupException extends RuntimeException {
        public SetupException(String message) { super(message); }
    }
}
