package dev.tern.orchestration;

import dev.tern.agent.RunRequest;
import dev.tern.embed.Embedder;
import dev.tern.llm.ModelGateway;
import dev.tern.orchestration.agents.AgentCatalog;
import dev.tern.orchestration.agents.AgentDefinition;
import dev.tern.orchestration.agents.AgentFactory;
import dev.tern.orchestration.agents.AgentRegistry;
import dev.tern.orchestration.agents.AgentRun;
import dev.tern.orchestration.agents.ToolViews;
import dev.tern.orchestration.routing.Embeddings;
import dev.tern.orchestration.routing.Route;
import dev.tern.orchestration.routing.Router;
import dev.tern.orchestration.tiers.ModelResolver;
import dev.tern.orchestration.tiers.ModelTiers;
import dev.tern.orchestration.workflow.StepTimes;
import dev.tern.orchestration.workflow.WorkflowDefinition;
import dev.tern.orchestration.workflow.WorkflowRegistry;
import dev.tern.orchestration.workflow.WorkflowResult;
import dev.tern.orchestration.workflow.WorkflowRunner;
import dev.tern.orchestration.workflow.WorkflowSetupException;
import dev.tern.run.RunLimits;
import dev.tern.tokens.TokenCounter;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Many agents in one workspace: agent definitions, routing, model tiers and workflows, all on the
 * workspace's ONE model gateway and ONE tool executor (one tool-result cache, one budget per run, one
 * progress stream, one set of counters). Built by the runtime; thread-safe.
 */
public final class Orchestration {

    /**
     * What the orchestration runs on.
     *
     * @param workspace       the workspace folder
     * @param gateway         the workspace's model gateway
     * @param executor        the workspace's tool executor
     * @param tools           the workspace's tool registry (agents get filtered views of it)
     * @param mainModel       the main agent's model (agents without {@code model:} use it)
     * @param limits          limits of each agent run
     * @param maxOutputTokens default output cap per call, or null
     * @param tiers           config {@code models}
     * @param tokens          token counter of the main model (output budgets)
     * @param embedder        the sentence-embedding model, asked for on the first semantic route (the orchestration
     *                        puts its own caches in front: descriptions on disk, tasks in memory)
     */
    public record Setup(Path workspace, ModelGateway gateway, ToolExecutor executor, ToolRegistry tools, String mainModel,
                        RunLimits limits, Integer maxOutputTokens, ModelTiers tiers, TokenCounter tokens,
                        Supplier<Embedder> embedder) {
        public Setup {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(executor, "executor");
            Objects.requireNonNull(tools, "tools");
            Objects.requireNonNull(mainModel, "mainModel");
            limits = limits == null ? RunLimits.DEFAULT : limits;
            tiers = tiers == null ? ModelTiers.NONE : tiers;
        }
    }

    /** The routing agent name that means "route first". */
    public static final String AUTO = "auto";

    private final Setup setup;
    private final AgentRegistry agents;
    private final WorkflowRegistry workflows;
    private final ToolViews views;
    private final AgentFactory factory;
    private final Router router;
    private final WorkflowRunner runner;

    public Orchestration(Setup s) {
        this.setup = s;
        this.agents = new AgentRegistry(s.workspace());
        this.workflows = new WorkflowRegistry(s.workspace());
        this.views = new ToolViews(s.tools());
        this.factory = new AgentFactory(s.gateway(), s.executor(), views, new ModelResolver(s.tiers(), s.mainModel()),
                s.limits(), s.maxOutputTokens());
        this.router = Embeddings.router(s.workspace(), agents::catalog, s.embedder());
        this.runner = new WorkflowRunner(factory, agents::catalog, s.executor(), s.tools(), s.gateway(), s.tokens(),
                new StepTimes(s.workspace().resolve(".tern").resolve("metrics").resolve("workflow-steps.jsonl")), s.workspace());
    }

    public Setup setup() { return setup; }

    public AgentRegistry agents() { return agents; }

    public WorkflowRegistry workflows() { return workflows; }

    public Router router() { return router; }

    public AgentFactory factory() { return factory; }

    public ToolViews views() { return views; }

    /** The current agents (re-checked: one stat per file). */
    public AgentCatalog catalog() { return agents.catalog(); }

    public Route route(String task) { return router.route(task); }

    /**
     * The definition named {@code name}, or the routed one for {@link #AUTO} ({@code route} receives the
     * route when one was made).
     *
     * @throws WorkflowSetupException when there is no such agent or routing found none
     */
    public AgentDefinition resolve(String name, String task, Consumer<Route> route) {
        AgentCatalog c = agents.catalog();
        if (AUTO.equals(name)) {
            Route r = router.route(task, c);
            route.accept(r);
            if (r.agent() == null) throw new WorkflowSetupException("no agent fits the task: " + r.reason());
            return c.find(r.agent()).orElseThrow();
        }
        return c.find(name).orElseThrow(() -> new WorkflowSetupException("no agent named '" + name + "' (agents/"
                + name + ".md or .claude/agents/" + name + ".md); " + c.size() + " defined"));
    }

    /** Runs one agent from its definition on the shared gateway and executor. */
    public AgentRun run(AgentDefinition d, RunRequest request, Consumer<String> notices) {
        return factory.run(d, request.withWorkspace(request.workspace() != null ? request.workspace() : setup.workspace()), notices);
    }

    /**
     * Runs the workflow named {@code name}.
     *
     * @throws WorkflowSetupException when it does not exist or cannot start
     */
    public WorkflowResult workflow(String name, String input, WorkflowRunner.Options options) {
        WorkflowRegistry.Catalog c = workflows.catalog();
        WorkflowDefinition wf = c.find(name).orElseThrow(() -> new WorkflowSetupException("no workflow named '" + name
                + "' (workflows/" + name + ".md)" + c.problems().stream().filter(p -> p.file().getFileName().toString()
                .equals(name + ".md")).map(p -> "; " + p).findFirst().orElse("")));
        return runner.run(wf, input, options);
    }
}
