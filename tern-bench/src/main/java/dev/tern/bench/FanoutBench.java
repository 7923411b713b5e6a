package dev.tern.bench;

import dev.tern.agent.Agent;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunResult;
import dev.tern.model.ToolSpec;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SPEC "fan-out": 4 independent tool calls of 250 ms in one model turn. Turn wall time must be
 * ≤ 1.15 × (250 ms + model time). Also runs the same turn with the tool declared exclusive (one
 * after the other), as the sequential baseline the seeds start from.
 */
public final class FanoutBench {

    static final String SCENARIO = """
            {"name": "fanout", "steps": [
              {"toolCalls": [{"name": "lookup", "arguments": {"id": 1}}, {"name": "lookup", "arguments": {"id": 2}},
                             {"name": "lookup", "arguments": {"id": 3}}, {"name": "lookup", "arguments": {"id": 4}}]},
              {"text": "done: {{toolResults}}"}]}""";

    public BenchReport run(int rounds) throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().latency(50, 1).scenario(Scenario.parse(SCENARIO)).build());
             Rig rig = new Rig(sim.baseUrl(), 64)) {
            Agent parallel = rig.agent("sim:fanout", tools(false)).build();
            Agent sequential = rig.agent("sim:fanout", tools(true)).build();
            for (int i = 0; i < 3; i++) {
                measure(parallel);
                measure(sequential);
            }
            List<Double> ratios = new ArrayList<>(), walls = new ArrayList<>(), models = new ArrayList<>(), seqWalls = new ArrayList<>();
            String answer = "";
            for (int i = 0; i < rounds; i++) {
                Sample p = measure(parallel);
                Sample s = measure(sequential);
                ratios.add(p.wallMs / (250 + p.modelMs));
                walls.add(p.wallMs);
                models.add(p.modelMs);
                seqWalls.add(s.wallMs);
                answer = p.answer;
            }
            double ratio = median(ratios);
            return new BenchReport.Builder("fanout", "4 independent 250 ms tool calls in one model turn", "tern bench fanout")
                    .row("turn wall time (median of " + rounds + ")", ms(median(walls)))
                    .row("model time in the turn (2 calls)", ms(median(models)))
                    .row("wall / (250 ms + model time)", String.format("%.3f", ratio), "≤ 1.15", ratio <= 1.15)
                    .row("same turn, tools one after the other", ms(median(seqWalls)))
                    .row("speed-up vs sequential", String.format("%.2fx", median(seqWalls) / median(walls)))
                    .row("results reached the model in call order", String.valueOf(answer.equals("done: id=1 | id=2 | id=3 | id=4")),
                            "true", answer.equals("done: id=1 | id=2 | id=3 | id=4"))
                    .note("simulator in-process on loopback, 50 ms to first token + 1 ms per token; the tool sleeps 250 ms on a virtual thread")
                    .build();
        }
    }

    private record Sample(double wallMs, double modelMs, String answer) { }

    private static Sample measure(Agent agent) {
        AtomicLong modelNanos = new AtomicLong();
        RunResult r = agent.run(dev.tern.agent.RunRequest.of("go").withListeners(List.of(e -> {
            if (e instanceof AgentEvent.ModelResponded m) modelNanos.addAndGet(m.elapsed().toNanos());
        })));
        if (!r.completed()) throw new IllegalStateException("fanout run failed: " + r.reason());
        return new Sample(r.wall().toNanos() / 1e6, modelNanos.get() / 1e6, r.text());
    }

    static ToolRegistry tools(boolean exclusive) { return tools(exclusive, 250); }

    static ToolRegistry tools(boolean exclusive, long sleepMs) {
        ToolTraits traits = exclusive ? new ToolTraits(false, true, false, Duration.ofSeconds(10), null) : ToolTraits.READ_ONLY;
        Tool lookup = new Tool() {
            final ToolSpec spec = new ToolSpec("lookup", "looks something up",
                    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"]}");
            @Override public ToolSpec spec() { return spec; }
            @Override public ToolTraits traits() { return traits; }
            @Override public ToolResult execute(ToolCallContext c) throws InterruptedException {
                if (sleepMs > 0) Thread.sleep(sleepMs);
                return ToolResult.ok("id=" + c.integer("id", 0));
            }
        };
        return new ToolRegistry().register(lookup);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static String ms(double v) { return String.format("%.1f ms", v); }
}
