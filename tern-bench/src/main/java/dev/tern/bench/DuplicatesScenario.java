package dev.tern.bench;

import dev.tern.cache.CacheSnapshot;
import dev.tern.cache.ToolResultCache;

import dev.tern.agent.Agent;
import dev.tern.run.RunResult;
import dev.tern.json.Json;
import dev.tern.metrics.Metrics;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelProvider;
import dev.tern.model.StopReason;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.Usage;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "duplicates" benchmark (Navam #2/#8): several agents each ask for the same four tools with
 * identical arguments, through one shared executor + {@link ToolResultCache}. First in sequence, then
 * in parallel. The limit is 4 executions whatever the number of agents.
 *
 * <p>The bench passes an {@link AgentFactory} that wires its model (e.g. the simulator) to the shared
 * executor and tools; {@link #scriptedModel()} is an in-process model that asks for {@link #calls} in
 * its first turn and answers in its second, for running the scenario without any server.
 */
public final class DuplicatesScenario {

    public static final List<String> TOOL_NAMES = List.of("get_company_profile", "get_company_financials",
            "get_analyst_ratings", "analyze_stock");

    /** Creates agent number {@code index}, using exactly this executor and these tools. */
    @FunctionalInterface
    public interface AgentFactory {
        Agent create(int index, ToolExecutor executor, ToolRegistry tools);
    }

    /**
     * One measured mode.
     *
     * @param executions real tool executions (the limit is {@code limit})
     * @param hitRate    (hits + coalesced) / cacheable calls
     * @param completed  agents whose run completed
     */
    public record Outcome(String mode, int agents, long executions, int limit, long hits, long coalesced, long misses,
                          double hitRate, Duration wall, int completed) {
        public String line() {
            return String.format(Locale.ROOT, "%-10s agents=%d executions=%d (limit %d) hits=%d coalesced=%d "
                            + "hit-rate=%.0f%% wall=%d ms completed=%d/%d",
                    mode, agents, executions, limit, hits, coalesced, hitRate * 100, wall.toMillis(), completed, agents);
        }
    }

    private final Duration toolTime;

    public DuplicatesScenario(Duration toolTime) { this.toolTime = toolTime; }

    /** The four identical calls every agent makes, with call ids unique to {@code idPrefix}. */
    public static List<ToolCall> calls(String idPrefix) {
        List<ToolCall> out = new ArrayList<>();
        for (int i = 0; i < TOOL_NAMES.size(); i++) {
            out.add(new ToolCall(idPrefix + "-" + i, TOOL_NAMES.get(i), "{\"symbol\":\"NVDA\"}"));
        }
        return out;
    }

    /** Runs {@code agents} agents one after another through one shared executor and cache (fresh per call). */
    public Outcome sequential(int agents, AgentFactory factory) { return run(false, agents, factory); }

    /** Runs {@code agents} agents at the same time through one shared executor and cache (fresh per call). */
    public Outcome parallel(int agents, AgentFactory factory) { return run(true, agents, factory); }

    private Outcome run(boolean parallel, int agents, AgentFactory factory) {
        Metrics metrics = new Metrics();
        ToolResultCache cache = new ToolResultCache(metrics);
        ToolExecutor executor = new ToolExecutor(metrics).addInterceptor(cache);
        AtomicLong executions = new AtomicLong();
        ToolRegistry tools = new ToolRegistry();
        for (String name : TOOL_NAMES) tools.register(new SlowDataTool(name, toolTime, executions));
        List<Agent> team = new ArrayList<>();
        for (int i = 0; i < agents; i++) team.add(factory.create(i, executor, tools));
        long t0 = System.nanoTime();
        List<RunResult> results = new ArrayList<>();
        if (parallel) {
            List<CompletableFuture<RunResult>> fs = new ArrayList<>();
            for (Agent a : team) {
                fs.add(CompletableFuture.supplyAsync(() -> a.run("research NVDA"), r -> Thread.ofVirtual().start(r)));
            }
            for (CompletableFuture<RunResult> f : fs) results.add(f.join());
        } else {
            for (Agent a : team) results.add(a.run("research NVDA"));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        CacheSnapshot s = cache.snapshot();
        int completed = (int) results.stream().filter(RunResult::completed).count();
        return new Outcome(parallel ? "parallel" : "sequential", agents, executions.get(), TOOL_NAMES.size(),
                s.hits(), s.coalesced(), s.misses(), s.hitRate(), wall, completed);
    }

    /** A model that requests the four calls in its first turn and gives its answer after their results. */
    public static ModelProvider scriptedModel() {
        AtomicLong turns = new AtomicLong();
        return new ModelProvider() {
            @Override public String name() { return "duplicates-script"; }

            @Override public ChatResponse chat(ChatRequest request) {
                List<Message> m = request.messages();
                long n = turns.incrementAndGet();
                if (!m.isEmpty() && m.getLast() instanceof ToolResultMessage) {
                    return new ChatResponse(AssistantMessage.ofText("NVDA report from " + TOOL_NAMES.size() + " sources"),
                            new Usage(100, 10), StopReason.END_TURN, request.model(), "r" + n);
                }
                return new ChatResponse(new AssistantMessage("", calls("t" + n)), new Usage(100, 10),
                        StopReason.TOOL_USE, request.model(), "r" + n);
            }
        };
    }

    /** A cacheable data tool that takes {@code time} and counts its executions. */
    private static final class SlowDataTool implements Tool {
        private static final ToolTraits TRAITS = ToolTraits.READ_ONLY.withCacheable(true);
        private final ToolSpec spec;
        private final Duration time;
        private final AtomicLong executions;

        SlowDataTool(String name, Duration time, AtomicLong executions) {
            this.spec = new ToolSpec(name, "Returns " + name.replace('_', ' ') + " for a stock symbol",
                    "{\"properties\":{\"symbol\":{\"type\":\"string\"}},\"required\":[\"symbol\"],\"type\":\"object\"}");
            this.time = time;
            this.executions = executions;
        }

        @Override public ToolSpec spec() { return spec; }

        @Override public ToolTraits traits() { return TRAITS; }

        @Override public ToolResult execute(ToolCallContext call) throws InterruptedException {
            executions.incrementAndGet();
            Thread.sleep(time);
            return ToolResult.ok(Json.write(java.util.Map.of("tool", spec.name(), "symbol", call.string("symbol"))));
        }
    }
}
