package dev.tern.runtime;

import dev.tern.agent.Agent;
import dev.tern.batch.BatchApi;
import dev.tern.memory.responses.ResponseCache;
import dev.tern.memory.tracker.PerfTracker;
import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.tiers.ModelTiers;
import dev.tern.cache.ToolResultCache;
import dev.tern.cost.BudgetGuard;
import dev.tern.cost.CostMeter;
import dev.tern.cost.FallbackModels;
import dev.tern.cost.PriceTable;
import dev.tern.llm.ModelGateway;
import dev.tern.mcp.McpOptions;
import dev.tern.mcp.McpServerConfig;
import dev.tern.mcp.McpTool;
import dev.tern.mcp.McpToolset;
import dev.tern.memory.MemoryRuntime;
import dev.tern.memory.tools.ForgetTool;
import dev.tern.memory.tools.RememberTool;
import dev.tern.metrics.Metrics;
import dev.tern.provider.ProviderRouter;
import dev.tern.provider.Vendor;
import dev.tern.http.HttpTransport;
import dev.tern.run.RunLimits;
import dev.tern.tokens.ContextWindowGuard;
import dev.tern.tokens.ToolResultLimiter;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.config.TernConfig;
import dev.tern.workspace.context.ContextBuilder;
import dev.tern.workspace.context.WorkspaceChat;
import dev.tern.workspace.memory.Consolidator;
import dev.tern.workspace.memory.MemoryStore;
import dev.tern.workspace.permission.PermissionGate;
import dev.tern.workspace.permission.PermissionMode;
import dev.tern.workspace.permission.PermissionPolicy;
import dev.tern.workspace.session.FileSessionStore;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.store.SessionStore;
import dev.tern.workspace.skills.LoadSkillTool;
import dev.tern.workspace.skills.SkillsLoader;
import dev.tern.workspace.spawn.SpawnTool;
import dev.tern.workspace.spawn.SubagentResults;
import dev.tern.workspace.permission.ApprovalStore;
import dev.tern.workspace.permission.ServerApprovals;
import dev.tern.workspace.tools.BuiltinTools;
import dev.tern.workspace.tools.ProtectedPaths;
import dev.tern.workspace.tools.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One workspace assembled for every front-end: its config, ONE model gateway (budget, fallbacks,
 * context window, cost; providers per model) and ONE tool executor (permission gate, cache with
 * single-flight, result limiter) shared by the main agent and every sub-agent, the tool registry
 * (built-ins, skills, spawn, MCP), the context builder, the session store, memory and consolidation.
 * Open it from a {@link TernRuntime} (which owns the HTTP client and the counters).
 */
public final class WorkspaceRuntime implements AutoCloseable {

    private final TernRuntime runtime;
    private final boolean ownsRuntime;
    private final TernConfig config;
    private final Path workspace;
    private final String model;
    private final ModelGateway gateway;
    private final CostMeter costs;
    private final PriceTable prices;
    private final ToolExecutor executor;
    private final ToolRegistry tools = new ToolRegistry();
    private final ToolResultCache cache;
    private final PermissionGate permissions;
    private final ContextBuilder context;
    private final SessionStore sessions;
    private final MemoryStore memory;
    private final Consolidator consolidator;
    private final MemoryRuntime longTermMemory;
    private final SubagentResults subagents = new SubagentResults();
    private final McpToolset mcp;
    private final Sandbox sandbox;
    private final Agent agent;
    private final Economy economy;
    private final List<String> warnings;
    private final RunLimits limits;
    private volatile Orchestration orchestration;
    private final Budget budgetFlags;

    private WorkspaceRuntime(TernRuntime runtime, boolean ownsRuntime, RuntimeOptions o, TernConfig config, ProviderRouter providers) {
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.config = config;
        this.workspace = o.workspace();
        Metrics metrics = runtime.metrics();
        this.model = o.model() != null ? o.model() : config.agents().model() != null ? config.agents().model()
                : defaultModel(providers);
        // the model's server is connected to while the rest is assembled: the first call does not wait for the TCP and
        // TLS handshakes nor for the process's first TLS set-up (~0.25 s of a tern run to an https server on loopback)
        providers.preconnect(model);
        // memory/memory.db (if the workspace has one) opens on another core while the rest is assembled
        this.longTermMemory = MemoryAccess.create(workspace, config, model, runtime.tokenizers(), runtime::webClient,
                runtime::embedder);   // the process's one local model, shared with routing
        if (longTermMemory != null) longTermMemory.openInBackground();
        RunLimits limits = RunLimits.DEFAULT.withMaxIterations(o.maxIterations() != null ? o.maxIterations() : config.agents().maxToolIterations());
        if (o.timeout() != null) limits = limits.withMaxWallTime(o.timeout());
        this.budgetFlags = o.budget();
        Budget budget = Budget.effective(o.budget(), config.budget());
        limits = limits.withMaxTokens(budget.maxTokens()).withMaxCostUsd(budget.maxCostUsd());
        // every model call: response cache -> tracker -> budget check -> fallback models -> fit the context window
        // -> price the answer -> batch API (calls tagged batch=true) or provider. The cache is first so that a hit
        // consumes no budget, needs no trimming or pricing; the tracker right after it records every call that
        // goes on (refused and failed ones too) and hears about hits from the cache.
        this.prices = ConfigSupport.prices(runtime.prices(), config);
        checkPrices(budget);
        this.costs = new CostMeter(prices);
        // each model goes to its vendor (openai:/anthropic: prefixes, families, the only one configured),
        // so a fallback or memory model of another vendor reaches the right API
        this.gateway = new ModelGateway(providers, metrics);
        List<String> sectionWarnings = new ArrayList<>();
        this.economy = new Economy(workspace, config, o, prices, metrics, tools, runtime::transport, sectionWarnings);
        this.warnings = List.copyOf(concat(config.warnings(), sectionWarnings));
        gateway.addInterceptor(economy.responseCache()).addInterceptor(economy.tracker());
        BudgetGuard guard = BudgetGuard.fixed(limits, runtime.tokenizers(), prices);
        if (budget.warnCostUsd() > 0) {
            guard = guard.warnAbove(budget.warnCostUsd(), (run, m, usd, message) -> budget.warnings().accept(message));
        }
        gateway.addInterceptor(guard);
        if (!budget.fallbackModels().isEmpty()) gateway.addInterceptor(new FallbackModels(budget.fallbackModels()));
        // a model's window: models.<id>.contextWindow in the config, then the catalog; an unknown model is reported once
        gateway.addInterceptor(new ContextWindowGuard(ConfigSupport.windows(config, runtime.catalog(), providers, o.budget().warnings()),
                runtime.tokenizers(), 256, metrics)).addInterceptor(costs)
                .addInterceptor(economy.batchRouter());
        // every tool call: permission gate (before the call's clock) -> cache / single-flight -> result size limit -> tool
        this.executor = new ToolExecutor(metrics);
        PermissionMode mode = o.permissionMode() != null ? o.permissionMode() : PermissionMode.parse(config.permissionMode());
        // writes to protected files (.mcp.json .tern .git sessions agents hooks workflows, the config, ~/.tern) are asked in every mode;
        // MCP tools that may destroy something (destructiveHint, the MCP default for tools not marked read-only) are asked for
        ProtectedPaths protectedPaths = ProtectedPaths.forWorkspace(workspace, ConfigSupport.configFile(o), runtime.home());
        PermissionPolicy policy = PermissionPolicy.DEFAULT.alsoRequiring(t -> t instanceof McpTool m && m.destructive())
                .protecting(protectedPaths);
        // memory tools: remember is an edit (auto-approved in acceptEdits), forget always asks (except bypassPermissions)
        policy = new PermissionPolicy(union(policy.editTools(), RememberTool.NAME), union(policy.approvalTools(), ForgetTool.NAME),
                policy.extra(), policy.protectedPaths());
        this.permissions = new PermissionGate(mode, policy, o.prompter(), metrics);
        this.cache = new ToolResultCache(metrics, ConfigSupport.cachePolicy(config));
        executor.addGate(permissions);
        String tokenModel = model;
        executor.addInterceptor(cache)
                .addInterceptor(new ToolResultLimiter(text -> runtime.tokenizers().forModel(tokenModel).count(text), // loaded on first large result
                        8_000, workspace.resolve(".tern").resolve("tool-results")));

        // exec runs in the OS sandbox; without one it runs unconfined only in bypassPermissions
        this.sandbox = Sandbox.create(ConfigSupport.sandbox(config), protectedPaths, o.env(), runtime.sandboxFiles());
        String missing = config.tools().restrictToWorkspace() ? sandbox.missing() : null;
        if (missing != null) {
            o.budget().warnings().accept("exec has no OS sandbox (" + missing + "): commands are refused unless the "
                    + "permission mode is bypassPermissions, where they run unconfined");
        }
        String noProxy = config.tools().restrictToWorkspace() && missing == null ? sandbox.proxyUnavailable() : null;
        if (noProxy != null) o.budget().warnings().accept(noProxy);
        BuiltinTools.register(tools, ConfigSupport.toolsConfig(config, workspace, o.env()), runtime.transport(),
                sandbox, () -> permissions.mode() == PermissionMode.BYPASS_PERMISSIONS);
        SkillsLoader skills = new SkillsLoader(workspace);
        tools.register(new LoadSkillTool(skills));
        tools.register(new SpawnTool(subagents, gateway, executor, model, tools, limits));
        // servers from the workspace's .mcp.json start only once the user approved exactly that config
        Map<String, McpServerConfig> servers = ConfigSupport.mcpServers(config, approvedServers(o, config, runtime.home()),
                workspace, sandbox, o.budget().warnings());
        this.mcp = servers.isEmpty() ? null : new McpToolset(servers, McpOptions.forWorkspace(workspace).withHttp(runtime.transport()))
                .onStatus(o.status()).start(); // MCP over HTTP shares the process's one HTTP client
        if (mcp != null) mcp.registerInto(tools);

        this.context = new ContextBuilder(workspace, skills);
        this.sessions = new FileSessionStore(workspace.resolve("sessions"), FsyncPolicy.parse(config.sessions().fsync()),
                config.sessions().batchWindow(), Clock.systemUTC());
        this.memory = new MemoryStore(workspace);
        // long-term and agent memory (memory/memory.db, opened on first use): recall in each turn's volatile block,
        // consolidation feeds facts, episodes and the graph, every finished run is recorded, memory tools offered
        if (longTermMemory != null) {
            context.useLongTermMemory();
            context.addTurnContext(longTermMemory.turnContext());
            longTermMemory.tools().forEach(tools::register);
        }
        this.consolidator = new Consolidator(memory, gateway,
                Consolidator.chooseModel(config.agents().memoryModel(), model), context::invalidateMemory,
                new Consolidator.Policy(config.agents().memoryWindow(), 0), Clock.systemUTC(), List.of(),
                longTermMemory == null ? null : longTermMemory.sink());
        this.limits = limits;
        Agent.Builder main = Agent.builder("main").model(model).gateway(gateway).executor(executor).tools(tools)
                .systemPrompt(context.supplier()).limits(limits).maxOutputTokens(config.agents().maxTokens())
                .temperature(config.agents().temperature());
        if (longTermMemory != null) main.listener(longTermMemory.recorder(null));
        this.agent = main.build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The batch API that serves {@code model} (Anthropic Message Batches for Claude models, else the OpenAI Batch API). */
    public BatchApi batchApi(String model) {
        return economy.batchApi(model);
    }

    /** The batch API that owns {@code batchId}. */
    public BatchApi batchApiForId(String batchId) {
        return economy.batchApiForId(batchId);
    }

    private static Map<String, McpServerConfig> approvedServers(RuntimeOptions o, TernConfig config, Path home) {
        ServerApprovals approvals = new ServerApprovals(ApprovalStore.inUserDir(home), o.workspace(), o.prompter(),
                o.budget().warnings());
        try {
            return approvals.startable(config.mcpServers(), ConfigSupport.workspaceServers(o, config));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted while asking to approve the workspace's MCP servers");
        }
    }

    /**
     * A workspace on a runtime of its own (closed with it): the one-workspace front-ends (tern run, tern chat).
     *
     * @throws SetupException with a one-line reason for anything the user must fix
     */
    public static WorkspaceRuntime open(RuntimeOptions o) {
        TernRuntime rt = TernRuntime.create(ConfigSupport.userDir(o.env()));
        try {
            WorkspaceRuntime w = assemble(rt, o, true);
            return w;
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
    }

    static WorkspaceRuntime assemble(TernRuntime rt, RuntimeOptions o) { return assemble(rt, o, false); }

    private static WorkspaceRuntime assemble(TernRuntime rt, RuntimeOptions o, boolean owns) {
        TernConfig config = ConfigSupport.load(o);
        Map<String, String> env = ConfigSupport.providerEnv(config, o.env());
        return new WorkspaceRuntime(rt, owns, o, config, rt.providers(env));
    }

    private static java.util.Set<String> union(java.util.Set<String> a, String b) {
        java.util.Set<String> out = new java.util.HashSet<>(a);
        out.add(b);
        return out;
    }

    /** The model when none is chosen: the OpenAI-compatible default, or Claude when only Anthropic is configured. */
    static String defaultModel(ProviderRouter providers) {
        return providers.provider(Vendor.OPENAI) == null ? "claude-sonnet-4-5" : "gpt-4o-mini";
    }

    /** A conversation in the workspace; the session is created on first use and resumed after. */
    public WorkspaceChat chat(String sessionKey) { return chat(sessionKey, agent); }

    /**
     * A conversation with a variant of the workspace's agent (another system prompt, fewer tools, no
     * streaming: {@code agent().toBuilder()...build()}); everything else as {@link #chat(String)}.
     */
    public WorkspaceChat chat(String sessionKey, Agent variant) {
        return new WorkspaceChat(variant, context, sessions.open(sessionKey), consolidator, subagents,
                Math.max(20, config.agents().memoryWindow()));
    }

    /**
     * The models of this workspace (the main model and the fallbacks) that have no known price: their
     * cost cannot be counted. A money budget is refused at assembly when any is unpriced.
     */
    public List<String> unpricedModels() { return unpriced(Budget.effective(budgetFlags, config.budget())); }

    private List<String> unpriced(Budget budget) {
        List<String> out = new java.util.ArrayList<>();
        if (prices.price(model).isEmpty()) out.add(model);
        for (String m : budget.fallbackModels()) if (prices.price(m).isEmpty() && !out.contains(m)) out.add(m);
        return out;
    }

    /** Refuses a money budget that cannot be computed; warns once about models whose cost is not counted. */
    private void checkPrices(Budget budget) {
        List<String> unpriced = unpriced(budget);
        if (unpriced.isEmpty()) return;
        String which = String.join(", ", unpriced);
        if (budget.maxCostUsd() > 0) {
            throw new SetupException(String.format(java.util.Locale.ROOT, "cannot enforce a money budget of $%.4f: no price "
                    + "is known for %s; add one under \"prices\" in the config (USD per million tokens, e.g. "
                    + "{\"prices\": {\"%s\": {\"input\": 1.0, \"output\": 2.0}}}) or drop the money limit",
                    budget.maxCostUsd(), which, unpriced.getFirst()));
        }
        budget.warnings().accept("no price is known for " + which + ": its cost is not counted"
                + (budget.warnCostUsd() > 0 ? " and the cost warning cannot fire" : "")
                + " (add it under \"prices\" in the config)");
    }

    /** The prices this workspace uses: the runtime's table plus the config's {@code prices} section. */
    public PriceTable prices() { return prices; }

    public TernRuntime runtime() { return runtime; }

    public TernConfig config() { return config; }

    /** The config's warnings and those of the sections the runtime's modules read (unknown keys), one line each. */
    public List<String> warnings() { return warnings; }

    public Path workspace() { return workspace; }

    /** The main agent's model. */
    public String model() { return model; }

    public Metrics metrics() { return runtime.metrics(); }

    public HttpTransport http() { return runtime.transport(); }

    public ModelGateway gateway() { return gateway; }

    public CostMeter costs() { return costs; }

    public ToolExecutor executor() { return executor; }

    public ToolRegistry tools() { return tools; }

    public ToolResultCache cache() { return cache; }

    public PermissionGate permissions() { return permissions; }

    public ContextBuilder context() { return context; }

    public SessionStore sessions() { return sessions; }

    public MemoryStore memory() { return memory; }

    public Consolidator consolidator() { return consolidator; }

    /** Long-term and agent memory, or null when {@code memory.enabled} is false. */
    public MemoryRuntime longTermMemory() { return longTermMemory; }

    public SubagentResults subagents() { return subagents; }

    /** The OS sandbox of exec (and of MCP servers that ask for it). */
    public Sandbox sandbox() { return sandbox; }

    /** The MCP servers, or null when none are configured. */
    public McpToolset mcp() { return mcp; }

    public Agent agent() { return agent; }

    /** The response cache (first in the gateway). */
    public ResponseCache responseCache() { return economy.responseCache(); }

    /** The performance tracker: every model call and run, in memory and under {@code .tern/metrics/}. */
    public PerfTracker tracker() { return economy.tracker(); }

    /**
     * Agent definitions, routing, model tiers and workflows of this workspace, on this workspace's gateway,
     * executor and tool registry (created on first use).
     */
    public Orchestration orchestration() {
        Orchestration o = orchestration;
        if (o != null) return o;
        synchronized (this) {
            if (orchestration == null) {
                ModelTiers tiers;
                try {
                    tiers = ModelTiers.of(config.models());
                } catch (IllegalArgumentException e) {
                    throw new SetupException(e.getMessage());
                }
                orchestration = new Orchestration(new Orchestration.Setup(workspace, gateway, executor, tools, model, limits,
                        config.agents().maxTokens(), tiers, runtime.tokenizers().forModel(model),
                        runtime::embedder)); // the process's model, kept (and closed) by the TernRuntime
            }
            return orchestration;
        }
    }

    @Override
    public void close() {
        try {
            if (mcp != null) mcp.close(); // before the sandbox: stdio servers may run in it
            sandbox.close();
            sessions.close();
            economy.close();
            if (longTermMemory != null) longTermMemory.close();
        } finally {
            runtime.closed(this);
            if (ownsRuntime) runtime.close();
        }
    }
}
