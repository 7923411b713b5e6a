package dev.tern.bench.research;

import dev.tern.agent.Agent;
import dev.tern.agent.RunRequest;
import dev.tern.metrics.Metrics;
import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.agents.AgentDefinition;
import dev.tern.orchestration.agents.AgentFactory;
import dev.tern.orchestration.agents.ToolViews;
import dev.tern.orchestration.tiers.ModelResolver;
import dev.tern.orchestration.tiers.ModelTiers;
import dev.tern.orchestration.workflow.ReportSink;
import dev.tern.orchestration.workflow.WorkflowListener;
import dev.tern.orchestration.workflow.WorkflowResult;
import dev.tern.orchestration.workflow.WorkflowRunner;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.sim.SimStats;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.permission.PermissionMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The research flow two ways on one workspace, simulator and MCP server: Tern's workflow (gather in
 * parallel, three analysts in parallel on one shared tool cache, the report streamed by sections) and
 * the naive flow seed 004 describes (the analysts one after another, each with its own tool calls and no
 * shared cache, then the whole report in one model call, shown when it is complete). Each flow is
 * measured by what the simulator and the MCP server saw: wall time, real tool executions, model calls,
 * tokens, and when the first report text was available.
 */
public final class ResearchFlows implements AutoCloseable {

    /**
     * One flow's cost.
     *
     * @param firstText    time from the start until the first report text was on the sink
     * @param analystsWall the analysts' part
     * @param analystsSum  the analysts' run times added up (above {@code analystsWall} when they overlapped)
     */
    public record Measure(String flow, Duration wall, long executions, long modelCalls, long inputTokens, long outputTokens,
                          Duration firstText, Duration analystsWall, Duration analystsSum, boolean completed, String failure) { }

    private final ResearchWorkspace workspace;
    private final SimServer sim;
    private final WorkspaceRuntime tern;

    private ResearchFlows(ResearchWorkspace workspace, SimServer sim, WorkspaceRuntime tern) {
        this.workspace = workspace;
        this.sim = sim;
        this.tern = tern;
    }

    /** Writes the workspace in {@code dir}, starts the simulator and opens the workspace (the MCP server starts now). */
    public static ResearchFlows start(Path dir, ResearchShape shape) throws IOException {
        quietFrameworkLogging();
        ResearchWorkspace w = ResearchWorkspace.create(dir, shape);
        SimConfig.Builder b = SimConfig.builder();
        w.scenarios().forEach(b::scenario);
        SimServer sim = SimServer.start(b.build());
        try {
            WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(dir, dir.resolve("config.json"), "sim:echo",
                    PermissionMode.DEFAULT, null, null, null, w.env(sim.baseUrl())));
            return new ResearchFlows(w, sim, tern);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** The MCP SDK logs through SLF4J; with no provider (Tern adds none) SLF4J's own notice is framework noise. */
    public static void quietFrameworkLogging() {
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
    }

    public ResearchWorkspace workspace() { return workspace; }

    public WorkspaceRuntime runtime() { return tern; }

    public SimServer sim() { return sim; }

    /** Tern's workflow on {@code symbol}. */
    public Measure workflow(String symbol, ReportSink sink, WorkflowListener listener, List<AgentListener> listeners)
            throws IOException {
        long execBefore = workspace.executions();
        SimStats before = sim.stats();
        WorkflowResult r = tern.orchestration().workflow(ResearchWorkspace.WORKFLOW, symbol,
                new WorkflowRunner.Options(listeners, listener, sink, null, null));
        SimStats after = sim.stats();
        Duration aWall = Duration.ZERO, aSum = Duration.ZERO;
        for (WorkflowResult.StepResult s : r.steps()) {
            if (!s.label().startsWith("parallel")) continue;
            aWall = s.elapsed();
            for (WorkflowResult.AgentResult a : s.agents()) aSum = aSum.plus(a.result().wall());
        }
        lastWorkflow = r;
        return new Measure("workflow", r.wall(), workspace.executions() - execBefore, after.requests() - before.requests(),
                after.inputTokens() + after.cacheReadTokens() - before.inputTokens() - before.cacheReadTokens(),
                after.outputTokens() - before.outputTokens(), r.firstSection(), aWall, aSum, r.completed(), r.reason());
    }

    private WorkflowResult lastWorkflow;

    /** The last workflow result (steps, report file). */
    public WorkflowResult lastWorkflow() { return lastWorkflow; }

    /**
     * The naive flow on {@code symbol}: each analyst runs after the previous one, with an executor of its own
     * and no tool cache; then the writer writes the whole report in one call, saved and shown at the end.
     */
    public Measure naive(String symbol, ReportSink sink, List<AgentListener> listeners) throws IOException {
        long execBefore = workspace.executions();
        SimStats before = sim.stats();
        Orchestration o = tern.orchestration();
        ToolViews views = new ToolViews(tern.tools());
        long t0 = System.nanoTime();
        List<String> outputs = new ArrayList<>();
        Duration aSum = Duration.ZERO;
        String failure = null;
        for (String name : ResearchWorkspace.ANALYSTS) {
            AgentDefinition d = o.catalog().find(name).orElseThrow();
            // a fresh executor per agent: nothing shared, nothing cached (the flow seed 004 measured)
            AgentFactory alone = new AgentFactory(tern.gateway(), new ToolExecutor(new Metrics()), views,
                    new ModelResolver(ModelTiers.NONE, tern.model()), o.factory().limits(), null);
            RunResult r = alone.run(d, RunRequest.of(symbol).withWorkspace(workspace.dir()).withListeners(listeners), n -> { }).result();
            aSum = aSum.plus(r.wall());
            if (!r.completed() && failure == null) failure = name + ": " + r.reason();
            outputs.add("### " + name + "\n" + r.text());
        }
        Duration aWall = Duration.ofNanos(System.nanoTime() - t0);
        AgentDefinition w = o.catalog().find("writer").orElseThrow();
        Agent writer = o.factory().agent(w, o.factory().choose(w, symbol)).toBuilder().tools(new ToolRegistry()).build();
        RunResult report = writer.run(RunRequest.of("Write the full report on " + symbol + " with the sections "
                + String.join(", ", workspace.shape().titles()) + ".\n\n" + String.join("\n\n", outputs))
                .withWorkspace(workspace.dir()).withListeners(listeners));
        if (!report.completed() && failure == null) failure = "writer: " + report.reason();
        Path file = workspace.dir().resolve("reports").resolve(symbol + "-naive.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report.text());
        sink.section(0, 1, "report", report.text());
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        SimStats after = sim.stats();
        return new Measure("naive", wall, workspace.executions() - execBefore, after.requests() - before.requests(),
                after.inputTokens() + after.cacheReadTokens() - before.inputTokens() - before.cacheReadTokens(),
                after.outputTokens() - before.outputTokens(), wall, aWall, aSum, failure == null, failure);
    }

    @Override
    public void close() {
        try {
            tern.close();
        } finally {
            sim.close();
        }
    }
}
