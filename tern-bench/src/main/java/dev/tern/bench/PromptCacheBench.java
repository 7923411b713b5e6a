package dev.tern.bench;

import dev.tern.agent.Agent;
import dev.tern.agent.RunRequest;
import dev.tern.run.RunResult;
import dev.tern.cost.CostMeter;
import dev.tern.cost.PriceTable;
import dev.tern.metrics.Metrics;
import dev.tern.model.Message;
import dev.tern.llm.ModelGateway;
import dev.tern.model.PromptCaching;
import dev.tern.model.Usage;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tool.ToolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SPEC "prompt cache": a 20-turn session on the Anthropic wire format against the simulator, which
 * only reports cache reads for prefixes it has really seen. Compares a stable system prompt with one
 * that embeds a changing timestamp (the anti-pattern Tern's context builder avoids).
 */
public final class PromptCacheBench {

    static final String MODEL = "claude-sonnet-4-5";
    static final int TURNS = 20;

    record Turn(int n, Usage usage) {
        double readShare() { return usage.totalInputTokens() == 0 ? 0 : (double) usage.cacheReadTokens() / usage.totalInputTokens(); }
    }

    public BenchReport run() throws Exception {
        String system = systemPrompt();
        try (SimServer sim = SimServer.start(SimConfig.builder().build()); HttpTransport http = HttpTransport.create()) {
            Session stable = session(sim, http, () -> system, PromptCaching.DEFAULT);
            AtomicInteger clock = new AtomicInteger();
            Session unstable = session(sim, http, () -> "Current time: 09:" + String.format("%02d", clock.incrementAndGet() % 60)
                    + ":00\n" + system, PromptCaching.DEFAULT);
            Session none = session(sim, http, () -> system, PromptCaching.NONE);
            BenchReport.Builder b = new BenchReport.Builder("prompt-cache",
                    "20-turn session on the Anthropic wire format (simulated prompt cache)", "tern bench prompt-cache");
            double minShare = 1;
            StringBuilder perTurn = new StringBuilder();
            for (int t = 0; t < TURNS; t++) {
                Turn s = stable.turn(t), u = unstable.turn(t);
                none.turn(t);
                if (t >= 1) minShare = Math.min(minShare, s.readShare());
                perTurn.append(String.format("%d: %.0f%%/%.0f%%  ", t + 1, s.readShare() * 100, u.readShare() * 100));
            }
            b.row("lowest cache-read share of input, turns 2-20 (stable prompt)", String.format("%.1f%%", minShare * 100), "≥ 90 %", minShare >= 0.90);
            b.row("cache-read share, whole session (stable prompt)", pct(stable.costs.total().cacheReadTokens(), stable.totalInput()));
            b.row("cache-read share, whole session (timestamp in system prompt)", pct(unstable.costs.total().cacheReadTokens(), unstable.totalInput()));
            b.row("cost with caching, stable prompt", usd(stable.costs.total().costUsd()));
            b.row("cost with a timestamp in the system prompt", usd(unstable.costs.total().costUsd()));
            b.row("cost without caching", usd(none.costs.total().costUsd()));
            b.row("saved by caching vs none", usd(none.costs.total().costUsd() - stable.costs.total().costUsd())
                    + String.format(" (%.0f%%)", 100 * (1 - stable.costs.total().costUsd() / none.costs.total().costUsd())));
            return b.note("per turn, cache-read share stable/unstable: " + perTurn.toString().strip())
                    .note("ideal from turn 2: everything but the newest exchange is a cache read; breakpoints on the tools, the system "
                            + "prompt and the conversation tail (at most 4), 5-minute TTL; prices from the bundled table for " + MODEL)
                    .build();
        }
    }

    /** One conversation with its own cost meter; the history grows turn by turn. */
    private static final class Session {
        final Agent agent;
        final CostMeter costs;
        final List<Message> history = new ArrayList<>();

        Session(Agent agent, CostMeter costs) {
            this.agent = agent;
            this.costs = costs;
        }

        Turn turn(int t) {
            RunResult r = agent.run(RunRequest.of("Question " + t + ": what should we look at next in the quarterly report?")
                    .withHistory(history).withSession("bench-" + System.identityHashCode(this)));
            if (!r.completed()) throw new IllegalStateException("prompt-cache turn failed: " + r.reason());
            history.addAll(r.newMessages());
            return new Turn(t + 1, r.usage());
        }

        long totalInput() {
            var c = costs.total();
            return c.inputTokens() + c.cacheReadTokens() + c.cacheWriteTokens();
        }
    }

    private static Session session(SimServer sim, HttpTransport http, java.util.function.Supplier<String> system, PromptCaching caching) {
        Metrics metrics = new Metrics();
        CostMeter costs = new CostMeter(PriceTable.bundled());
        ModelGateway gateway = new ModelGateway(new AnthropicProvider(http, ProviderConfig.of("anthropic", sim.baseUrl(), "bench")), metrics)
                .addInterceptor(costs);
        Agent agent = Agent.builder("main").model(MODEL).gateway(gateway).executor(new ToolExecutor(metrics))
                .tools(FanoutBench.tools(false, 0)).systemPrompt(system).caching(caching).maxOutputTokens(1024).build();
        return new Session(agent, costs);
    }

    static String systemPrompt() {
        StringBuilder b = new StringBuilder("You are a careful financial analyst assistant.\n");
        for (int i = 0; i < 120; i++) {
            b.append("Rule ").append(i).append(": when a report mentions revenue, margins or guidance, quote the figure, ")
                    .append("name the period, and say whether it beat the prior period.\n");
        }
        return b.toString();
    }

    static String pct(long part, long whole) { return whole == 0 ? "0%" : String.format("%.1f%%", 100.0 * part / whole); }

    static String usd(double v) { return String.format("$%.4f", v); }
}
