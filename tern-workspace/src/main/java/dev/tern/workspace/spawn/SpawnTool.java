package dev.tern.workspace.spawn;

import dev.tern.agent.Agent;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunLimits;
import dev.tern.agent.RunRequest;
import dev.tern.run.RunResult;
import dev.tern.store.SubagentResultStore;
import dev.tern.llm.ModelGateway;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code spawn{task, label?}}: starts a background sub-agent on a virtual thread and returns at once
 * ("started sub-agent &lt;id&gt;"). The sub-agent uses the same {@link ModelGateway} and the SAME
 * {@link ToolExecutor} as the parent — so the shared tool cache, permissions and metrics apply to
 * it — with the parent's tools minus {@code spawn} (no recursive spawning). Its events go to the
 * parent's listeners under its own run id; its result is delivered to {@link SubagentResults}.
 */
public final class SpawnTool implements Tool {

    public static final String NAME = "spawn";

    /** Sub-agents that may run at once per results queue unless told otherwise. */
    public static final int DEFAULT_MAX_RUNNING = 8;

    private static final ToolSpec SPEC = new ToolSpec(NAME,
            "Start a background sub-agent for a self-contained task that can run while you continue. It has your tools "
                    + "(except spawn) and reports its result back to this conversation when it finishes.",
            "{\"type\":\"object\",\"properties\":{"
                    + "\"task\":{\"type\":\"string\",\"description\":\"the complete task, with all the context the sub-agent needs\"},"
                    + "\"label\":{\"type\":\"string\",\"description\":\"a short label for progress display\"}},"
                    + "\"required\":[\"task\"]}");

    private final SubagentResults results;
    private final ModelGateway gateway;
    private final ToolExecutor executor;
    private final String model;
    private final ToolRegistry parentTools;
    private final RunLimits limits;
    private final int maxRunning;
    private final Object toolsLock = new Object();
    private long toolsVersion = -1;
    private ToolRegistry childTools;

    /**
     * @param results     where finished sub-agents report
     * @param gateway     the parent's gateway
     * @param executor    the parent's executor (shared: cache, permissions)
     * @param model       the sub-agents' model
     * @param parentTools the parent's tool set; read at each spawn, minus {@code spawn}
     * @param limits      each sub-agent's limits
     */
    public SpawnTool(SubagentResults results, ModelGateway gateway, ToolExecutor executor, String model,
                     ToolRegistry parentTools, RunLimits limits) {
        this(results, gateway, executor, model, parentTools, limits, DEFAULT_MAX_RUNNING);
    }

    /** As above, with at most {@code maxRunning} sub-agents running at once (further spawns are refused with a reason). */
    public SpawnTool(SubagentResults results, ModelGateway gateway, ToolExecutor executor, String model,
                     ToolRegistry parentTools, RunLimits limits, int maxRunning) {
        if (maxRunning <= 0) throw new IllegalArgumentException("maxRunning must be > 0");
        this.maxRunning = maxRunning;
        this.results = results;
        this.gateway = gateway;
        this.executor = executor;
        this.model = model;
        this.parentTools = parentTools;
        this.limits = limits;
    }

    @Override
    public ToolSpec spec() { return SPEC; }

    @Override
    public ToolResult execute(ToolCallContext call) {
        String task = call.string("task");
        if (task == null || task.isBlank()) return ToolResult.error("spawn needs a non-empty 'task'");
        String label = call.string("label");
        String id = UUID.randomUUID().toString().substring(0, 8);
        Agent child = Agent.builder("subagent-" + id).model(model).gateway(gateway).executor(executor).tools(childTools())
                .systemPrompt(systemPrompt(call.run().workspace())).limits(limits).streaming(false).build();
        AtomicReference<String> childRunId = new AtomicReference<>();
        RunRequest req = new RunRequest(List.of(), task, null, call.run().workspace(), null,
                List.of(e -> { if (e instanceof AgentEvent.RunStarted s) childRunId.compareAndSet(null, s.runId()); }), call.run());
        if (!results.tryStart(maxRunning)) {
            return ToolResult.error(maxRunning + " sub-agents are already running; wait for their results before spawning more");
        }
        Instant start = Instant.now();
        String parentSession = call.run().sessionId();
        Thread.ofVirtual().name("subagent-" + id).start(() -> {
            RunResult r;
            try {
                r = child.run(req);
            } catch (RuntimeException e) {  // Agent.run does not throw; keep the contract even if it did
                r = new RunResult("", List.of(), null, 0, 0, 0, Duration.between(start, Instant.now()),
                        RunResult.Outcome.FAILED, "internal error: " + e);
            }
            results.deliver(new SubagentResultStore.Result(id, parentSession,
                    label == null || label.isBlank() ? task : label + ": " + task,
                    childRunId.get(), r.text(), r.outcome(), r.reason(), r.wall()));
        });
        return ToolResult.ok("started sub-agent " + id + (label == null ? "" : " (" + label + ")")
                + "; its result will arrive as a message when it finishes. Continue with other work meanwhile.");
    }

    /** The parent's tools minus spawn; one registry per version of the parent set, so definitions stay byte-identical. */
    ToolRegistry childTools() {
        synchronized (toolsLock) {
            if (childTools == null || toolsVersion != parentTools.version()) {
                ToolRegistry r = new ToolRegistry();
                r.registerAll(parentTools.tools().stream().filter(t -> !(t instanceof SpawnTool) && !t.name().equals(NAME)).toList());
                childTools = r;
                toolsVersion = parentTools.version();
            }
            return childTools;
        }
    }

    private static String systemPrompt(Path workspace) {
        return "# Sub-agent\n\nYou are a sub-agent started by the main agent to complete one specific task. Stay focused on "
                + "that task: do not start side projects and do not talk to the user. Use your tools as needed; independent "
                + "tool calls made in one turn run in parallel. When you are done, answer with a clear, complete summary of "
                + "what you found or did: it is delivered to the main agent as your result."
                + (workspace == null ? "" : "\n\nWorkspace: " + workspace.toAbsolutePath());
    }
}
