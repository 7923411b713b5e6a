package dev.tern.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.PromptCaching;
import dev.tern.model.StreamListener;
import dev.tern.model.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostMeterTest {

    static RunContext run(String id, String agent, String session) {
        return new RunContext(id, agent, session, null, Events.none(id), Instant.MAX, null);
    }

    static ModelInterceptor.CallContext call(RunContext run) {
        return new ModelInterceptor.CallContext(run, 1, false, StreamListener.NONE);
    }

    static ChatRequest request(String model) {
        return ChatRequest.builder(model).messages(List.of(Message.user("hi"))).build();
    }

    static ModelInterceptor.Chain answering(String model, Usage usage) {
        return r -> new ChatResponse(AssistantMessage.ofText("ok"), usage, null, model, null);
    }

    @Test
    void accumulatesPerRunSessionAgentModelAndOverall() {
        List<CallCost> seen = new ArrayList<>();
        CostMeter meter = new CostMeter(PriceTable.bundled(), 100, (run, resp, cost) -> seen.add(cost));
        RunContext r1 = run("r1", "researcher", "s1");
        RunContext r2 = run("r2", "writer", "s1");
        Usage u = new Usage(1_000_000, 100_000, 0, 0);                 // gpt-4o: $2.50 + $1.00
        meter.intercept(request("gpt-4o"), call(r1), answering("gpt-4o-2024-08-06", u));
        meter.intercept(request("gpt-4o"), call(r1), answering("gpt-4o-2024-08-06", u));
        meter.intercept(request("gpt-4o-mini"), call(r2), answering("gpt-4o-mini", u)); // $0.15 + $0.06

        assertThat(meter.run("r1").costUsd()).isCloseTo(7.0, within(1e-9));
        assertThat(r1.cost().sum()).isCloseTo(7.0, within(1e-9)); // the run's own counter, for RunResult
        assertThat(meter.run("r1").calls()).isEqualTo(2);
        assertThat(meter.run("r2").costUsd()).isCloseTo(0.21, within(1e-9));
        assertThat(meter.session("s1").costUsd()).isCloseTo(7.21, within(1e-9));
        assertThat(meter.agent("researcher").inputTokens()).isEqualTo(2_000_000);
        assertThat(meter.total().calls()).isEqualTo(3);
        assertThat(meter.total().costUsd()).isCloseTo(7.21, within(1e-9));
        CostMeter.Report report = meter.report();
        assertThat(report.byAgent()).containsOnlyKeys("researcher", "writer");
        assertThat(report.byModel()).containsOnlyKeys("gpt-4o-2024-08-06", "gpt-4o-mini");
        assertThat(seen).hasSize(3);
        assertThat(meter.run("unknown")).isEqualTo(CostTotals.ZERO);
        assertThat(meter.total().summary()).startsWith("$7.2100 for 3 calls: 3 000 000 in, 300 000 out");
    }

    @Test
    void reportsWhatPromptCachingSaved() {
        CostMeter meter = new CostMeter(PriceTable.bundled());
        RunContext r = run("r", "a", null);
        ChatRequest cached = request("claude-sonnet-4-5").toBuilder().caching(PromptCaching.DEFAULT).build();
        meter.intercept(cached, call(r), answering("claude-sonnet-4-5", new Usage(100, 50, 0, 20_000)));   // turn 1 writes
        meter.intercept(cached, call(r), answering("claude-sonnet-4-5", new Usage(100, 50, 20_000, 300))); // turn 2 reads
        CostTotals t = meter.run("r");
        assertThat(t.cacheSavingsUsd()).isCloseTo(20_000 * (3.0 - 0.30) / 1e6, within(1e-12));
        assertThat(t.cacheWritePremiumUsd()).isCloseTo(20_300 * 0.75 / 1e6, within(1e-12));
        assertThat(t.netCacheSavingsUsd()).isCloseTo(0.054 - 0.015225, within(1e-12));
        assertThat(t.summary()).contains("caching saved $0.0388 net");
    }

    @Test
    void pricesTheModelThatAnsweredAndTheBatchDiscount() {
        CostMeter meter = new CostMeter(PriceTable.bundled());
        RunContext r = run("r", "a", null);
        Usage u = new Usage(1_000_000, 0);
        meter.intercept(request("gpt-4o"), call(r), answering("gpt-4o-mini", u)); // e.g. after a fallback
        assertThat(meter.run("r").costUsd()).isCloseTo(0.15, within(1e-9));
        ChatRequest batch = request("gpt-4o").toBuilder().metadata(Map.of("batch", "true")).build();
        meter.intercept(batch, call(run("b", "a", null)), answering(null, u));      // no reported model: the requested one
        assertThat(meter.run("b").costUsd()).isCloseTo(1.25, within(1e-9));
        meter.intercept(request("local-llm"), call(run("c", "a", null)), answering("local-llm", u));
        assertThat(meter.run("c").unpricedCalls()).isEqualTo(1);
        assertThat(meter.run("c").summary()).contains("(1 call(s) of unpriced models not counted)");
    }

    @Test
    void keepsOnlyTheMostRecentRuns() {
        CostMeter meter = new CostMeter(PriceTable.bundled(), 2, null);
        for (String id : List.of("r1", "r2", "r3")) {
            meter.intercept(request("gpt-4o"), call(run(id, "a", null)), answering("gpt-4o", new Usage(10, 1)));
        }
        assertThat(meter.run("r1")).isEqualTo(CostTotals.ZERO);
        assertThat(meter.run("r3").calls()).isEqualTo(1);
        assertThat(meter.total().calls()).isEqualTo(3);
    }
}
