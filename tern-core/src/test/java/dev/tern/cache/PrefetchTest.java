package dev.tern.cache;

import static dev.tern.cache.TestTools.CACHEABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.cache.TestTools.CountingTool;
import dev.tern.json.Json;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PrefetchTest {

    private final Metrics metrics = new Metrics();
    private final ToolResultCache cache = new ToolResultCache(metrics);
    private final ToolExecutor executor = new ToolExecutor(metrics).addInterceptor(cache);
    private final ToolRegistry tools = new ToolRegistry();
    private final List<CountingTool> all = new ArrayList<>();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInside = new java.util.concurrent.atomic.AtomicInteger();
    private final RunContext run = new RunContext("run-1", "analyst", null, null,
            new Events("run-1", "analyst", List.of(events::add)), Instant.MAX, new ConcurrentHashMap<>());

    PrefetchTest() {
        for (String name : List.of("profile", "financials", "ratings", "news")) {
            CountingTool t = new CountingTool(name, CACHEABLE, c -> {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    TestTools.sleep(300);
                } finally {
                    inside.decrementAndGet();
                }
                return ToolResult.ok(name + " of " + c.string("symbol"));
            });
            all.add(t);
            tools.register(t);
        }
    }

    @Test
    void gathersConcurrentlyThroughTheExecutorAndLaterIdenticalCallsAreHits() {
        List<Prefetch.Call> calls = List.of(Prefetch.Call.of("profile", "{\"symbol\":\"NVDA\"}"),
                Prefetch.Call.of("financials", "{\"symbol\":\"NVDA\"}"),
                Prefetch.Call.of("ratings", "{\"symbol\":\"NVDA\"}"),
                Prefetch.Call.of("news", "{\"symbol\":\"NVDA\"}"));

        Prefetch.Result r = new Prefetch(executor, tools).gather(calls, run);

        assertThat(maxInside).as("the 4 calls ran at the same time (the wall time is measured by tern bench)").hasValue(4);
        assertThat(r.results()).extracting(ToolResultMessage::content)
                .containsExactly("profile of NVDA", "financials of NVDA", "ratings of NVDA", "news of NVDA");
        assertThat(r.errors()).isZero();
        assertThat(r.contextBlock()).startsWith("<gathered_data>").endsWith("</gathered_data>")
                .contains("### profile {\"symbol\":\"NVDA\"}\nprofile of NVDA", "### news {\"symbol\":\"NVDA\"}\nnews of NVDA");
        assertThat(r.preamble("Write the report")).startsWith("<gathered_data>").endsWith("</gathered_data>\n\nWrite the report");

        events.clear();
        List<ToolResultMessage> later = executor.executeAll(List.of(
                new ToolCall("a1", "ratings", "{\"symbol\": \"NVDA\"}"),
                new ToolCall("a2", "profile", "{\"symbol\":\"NVDA\"}")), tools, run);
        assertThat(later).extracting(ToolResultMessage::content).containsExactly("ratings of NVDA", "profile of NVDA");
        assertThat(all).allSatisfy(t -> assertThat(t.executions).hasValue(1));
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolFinished)
                .extracting(e -> ((AgentEvent.ToolFinished) e).source())
                .containsExactly(ToolSource.CACHED, ToolSource.CACHED);
    }

    @Test
    void aFailingCallIsRenderedAsFailedAndTheOthersStillArrive() {
        Prefetch.Result r = new Prefetch(executor, tools, 100).gather(List.of(
                Prefetch.Call.of("missing_tool", "{}"), Prefetch.Call.of("news", "{\"symbol\":\"AMD\"}")), run);
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.contextBlock()).contains("### missing_tool {} (failed)", "news of AMD");
        assertThat(new Prefetch(executor, tools).gather(List.of(), run).contextBlock()).isEmpty();
    }

    @Test
    void longResultsAreCut() {
        tools.register(new CountingTool("big", CACHEABLE, c -> ToolResult.ok("z".repeat(500))));
        Prefetch.Result r = new Prefetch(executor, tools, 100).gather(List.of(Prefetch.Call.of("big", "{}")), run);
        assertThat(r.contextBlock()).contains("z".repeat(100) + "\n[... 400 more characters cut]").doesNotContain("z".repeat(101));
    }

    @Test
    void parsesDeclaredCallsWithClearErrors() {
        List<Prefetch.Call> calls = Prefetch.parse(Json.parse(
                "[{\"tool\":\"profile\",\"arguments\":{\"symbol\":\"NVDA\"}},{\"tool\":\"news\",\"args\":{\"q\":1}},{\"tool\":\"ping\"}]"));
        assertThat(calls).extracting(Prefetch.Call::tool).containsExactly("profile", "news", "ping");
        assertThat(calls.get(2).arguments().isEmpty()).isTrue();
        assertThatThrownBy(() -> Prefetch.parse(Json.parse("[{\"arguments\":{}}]")))
                .hasMessage("prefetch[0]: expected {\"tool\": \"name\", \"arguments\": {...}}");
        assertThatThrownBy(() -> Prefetch.parse(Json.parse("[{\"tool\":\"x\",\"arguments\":[1]}]")))
                .hasMessage("prefetch[0].arguments: expected an object");
        assertThatThrownBy(() -> Prefetch.parse(Json.parse("{}"))).hasMessageStartingWith("prefetch: expected an array");
    }
}
