package dev.tern.bench;

import dev.tern.agent.Agent;
import dev.tern.bench.DuplicatesScenario;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.time.Duration;

/**
 * SPEC "duplicates" (seed 004 #2/#8): three agents, in sequence and then in parallel, each asking for
 * the same four tools (200 ms each) with identical arguments, through one shared executor and cache.
 * The model is the simulator over HTTP; the executions are counted by the tools themselves.
 */
public final class DuplicatesBench {

    static final String SCENARIO = """
            {"name": "research", "latency": {"ttftMs": 30, "tokenMs": 0}, "steps": [
              {"toolCalls": [{"name": "get_company_profile", "arguments": {"symbol": "NVDA"}},
                             {"name": "get_company_financials", "arguments": {"symbol": "NVDA"}},
                             {"name": "get_analyst_ratings", "arguments": {"symbol": "NVDA"}},
                             {"name": "analyze_stock", "arguments": {"symbol": "NVDA"}}]},
              {"text": "NVDA report"}]}""";

    public BenchReport run() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(SCENARIO)).build());
             Rig rig = new Rig(sim.baseUrl(), 64)) {
            DuplicatesScenario scenario = new DuplicatesScenario(Duration.ofMillis(200));
            DuplicatesScenario.AgentFactory factory = (i, executor, tools) -> Agent.builder("analyst-" + i)
                    .model("sim:research").gateway(rig.gateway).executor(executor).tools(tools).build();
            BenchReport.Builder b = new BenchReport.Builder("duplicates",
                    "3 agents x the same 4 tools (200 ms each), one shared tool cache", "tern bench duplicates");
            for (boolean parallel : new boolean[] {false, true}) {
                DuplicatesScenario.Outcome o = parallel ? scenario.parallel(3, factory) : scenario.sequential(3, factory);
                String m = o.mode();
                long requests = (long) o.agents() * DuplicatesScenario.TOOL_NAMES.size();
                b.row(m + ": tool requests / real executions", requests + " / " + o.executions(), "4 executions (the limit)",
                        o.executions() == o.limit());
                b.row(m + ": cache hits + coalesced / misses", (o.hits() + o.coalesced()) + " / " + o.misses()
                        + (o.misses() == o.executions() ? " (misses = executions counted by the tools)" : " (MISMATCH with the tools' own count)"),
                        "misses = executions", o.misses() == o.executions());
                b.row(m + ": hit rate", String.format("%.1f%%", o.hitRate() * 100), "≥ 66 %", o.hitRate() >= 0.66);
                b.row(m + ": wall time", o.wall().toMillis() + " ms (" + o.completed() + "/" + o.agents() + " agents completed)");
            }
            return b.note("sequential: agents 2 and 3 are served from the cache; parallel: their identical in-flight calls "
                            + "are coalesced into the first agent's executions (single-flight)")
                    .note("without the cache the same work is 12 executions, 2.4 s of tool time").build();
        }
    }
}
