package dev.tern.orchestration.agents;

import dev.tern.agent.Agent;
import dev.tern.agent.RunRequest;
import dev.tern.llm.ModelGateway;
import dev.tern.model.StopReason;
import dev.tern.orchestration.tiers.ModelChoice;
import dev.tern.orchestration.tiers.ModelResolver;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunLimits;
import dev.tern.run.RunResult;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds {@link Agent}s from definitions on the workspace's ONE gateway and ONE executor (so every
 * agent shares the tool-result cache, the budget, the progress stream and the counters), each with a
 * filtered view of the tool registry, its body as system prompt, its model resolved through the tiers,
 * and its {@code cache}/{@code batch} keys carried in the request metadata.
 */
public final class AgentFactory {

    private final ModelGateway gateway;
    private final ToolExecutor executor;
    private final ToolViews views;
    private final ModelResolver models;
    private final RunLimits limits;
    private final Integer defaultMaxOutputTokens;

    public AgentFactory(ModelGateway gateway, ToolExecutor executor, ToolViews views, ModelResolver models, RunLimits limits,
                        Integer defaultMaxOutputTokens) {
        this.gateway = gateway;
        this.executor = executor;
        this.views = views;
        this.models = models;
        this.limits = limits;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    public ModelResolver models() { return models; }

    /** The limits every agent runs under. */
    public RunLimits limits() { return limits; }

    /** The tools {@code d} sees (a live view of the workspace registry). */
    public ToolRegistry tools(AgentDefinition d) { return views.view(ToolAccess.of(d.tools())); }

    /** The model {@code d} would run {@code task} with, and why. */
    public ModelChoice choose(AgentDefinition d, String task) {
        List<String> names = new ArrayList<>();
        for (Tool t : tools(d).tools()) names.add(t.spec().name());
        return models.resolve(d.model(), task, names);
    }

    /** The agent for {@code d} running on {@code choice}'s model. */
    public Agent agent(AgentDefinition d, ModelChoice choice) {
        return Agent.builder(d.name()).model(choice.model()).gateway(gateway).executor(executor).tools(tools(d))
                .systemPrompt(d.systemPrompt()).limits(limits)
                .maxOutputTokens(d.maxOutputTokens() != null ? d.maxOutputTokens() : defaultMaxOutputTokens)
                .temperature(d.temperature()).metadata(d.metadata()).build();
    }

    /**
     * Runs {@code d} on {@code request} (its input is the task). With {@code model: auto}, a failed or
     * truncated answer is run again one tier up, once; {@code notices} hears the model choice and any
     * escalation (one line each).
     */
    public AgentRun run(AgentDefinition d, RunRequest request, Consumer<String> notices) {
        ModelChoice choice = choose(d, request.input());
        notices.accept(d.name() + ": model " + choice.model() + " (" + choice.reason() + ")");
        Truncation truncation = new Truncation();
        RunResult r = agent(d, choice).run(request.withListeners(plus(request.listeners(), truncation)));
        String why = r.outcome() == RunResult.Outcome.FAILED ? "the answer failed: " + r.reason()
                : r.outcome() == RunResult.Outcome.COMPLETED && truncation.truncated ? "the answer was truncated (max tokens)" : null;
        if (why != null) {
            ModelChoice up = models.escalate(choice, why);
            if (up != null) {
                notices.accept(d.name() + ": " + up.reason());
                RunResult again = agent(d, up).run(request);
                return new AgentRun(d, up, true, again);
            }
        }
        return new AgentRun(d, choice, false, r);
    }

    private static List<AgentListener> plus(List<AgentListener> l, AgentListener extra) {
        List<AgentListener> out = new ArrayList<>(l);
        out.add(extra);
        return out;
    }

    /** Remembers whether the run's last model answer stopped at the output limit. */
    private static final class Truncation implements AgentListener {
        volatile boolean truncated;

        @Override
        public void onEvent(AgentEvent e) {
            if (e instanceof AgentEvent.ModelResponded r) truncated = r.stopReason() == StopReason.MAX_TOKENS;
        }
    }
}
