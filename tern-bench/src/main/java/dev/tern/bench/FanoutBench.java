package dev.tern.bench;

import dev.tern.agent.Agent;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunResult;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tool.annotation.AnnotatedTools;
import dev.tern.tool.annotation.Param;
import dev.tern.tool.annotation.ToolMethod;
import dev.tern.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SPEC "fan-out": 4 independent calls of an annotated 250 ms tool with default traits (it declares
 * nothing) in one model turn. Turn wall time must be ≤ 1.05 × (250 ms + model time): undeclared tools
 * run in parallel. Also runs the same turn with the tool declared exclusive (one after the other), as
 * the sequential baseline the seeds start from.
 */
public final class FanoutBench {

    static final String SCENARIO = """
            {"name": "fanout", "steps": [
              {"toolCalls": [{"name": "lookup", "arguments": {"id": 1}}, {"name": "lookup", "arguments": {"id": 2}},
                             {"name": "lookup", "arguments": {"id": 3}}, {"name": "lookup", "arguments": {"id": 4}}]},
              {"text": "done: {{toolResults}}"}]}""";

    public BenchReport run(int rounds) throws Exception {
        double load0 = Machine.load();
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
            return new BenchReport.Builder("fanout", "4 independent 250 ms calls of an annotated tool with default traits in one model turn",
                    "tern bench fanout")
                    .row("turn wall time", Spread.of(walls).format("%.1f", " ms"))
                    .row("model time in the turn (2 calls)", Spread.of(models).format("%.1f", " ms"))
                    .row("wall / (250 ms + model time)", Spread.of(ratios).format("%.3f", ""), "≤ 1.05", ratio <= 1.05)
                    .row("same turn, tools one after the other", ms(median(seqWalls)))
                    .row("speed-up vs sequential", String.format("%.2fx", median(seqWalls) / median(walls)))
                    .row("results reached the model in call order", String.valueOf(answer.equals("done: id=1 | id=2 | id=3 | id=4")),
                            "true", answer.equals("done: id=1 | id=2 | id=3 | id=4"))
                    .note("simulator in-process on loopback, 50 ms to first token + 1 ms per token; the tool is a @ToolMethod that "
                            + "declares no traits and sleeps 250 ms; the sequential turn declares it exclusive; " + rounds
                            + " interleaved rounds after 3 warm-up rounds")
                    .note(Machine.loadNote(load0))
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

    /** The {@code lookup} tool: annotated, default traits (or exclusive), sleeping {@code sleepMs} per call. */
    static ToolRegistry tools(boolean exclusive, long sleepMs) {
        Object target = exclusive ? new ExclusiveLookup(sleepMs) : new Lookup(sleepMs);
        return new ToolRegistry().registerAll(AnnotatedTools.from(target));
    }

    /** A tool that declares nothing: it runs concurrently with the other calls of its turn. */
    public static final class Lookup {
        private final long sleepMs;

        Lookup(long sleepMs) { this.sleepMs = sleepMs; }

        @ToolMethod(description = "looks something up")
        public String lookup(@Param(description = "what to look up") int id) throws InterruptedException {
            if (sleepMs > 0) Thread.sleep(sleepMs);
            return "id=" + id;
        }
    }

    /** The same tool declared exclusive: one call at a time. */
    public static final class ExclusiveLookup {
        private final long sleepMs;

        ExclusiveLookup(long sleepMs) { this.sleepMs = sleepMs; }

        @ToolMethod(description = "looks something up", exclusive = true)
        public String lookup(@Param(description = "what to look up") int id) throws InterruptedException {
            if (sleepMs > 0) Thread.sleep(sleepMs);
            return "id=" + id;
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static String ms(double v) { return String.format("%.1f ms", v); }
}
