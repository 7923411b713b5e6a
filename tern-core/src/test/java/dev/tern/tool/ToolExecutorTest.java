package dev.tern.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.AgentEvent;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ToolExecutorTest {

    final TestTools t = new TestTools();
    final Metrics metrics = new Metrics();
    final ToolExecutor executor = new ToolExecutor(metrics);
    final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    final RunContext run = new RunContext("r1", "test", null, null, new Events("r1", "test", List.of(events::add)),
            Instant.MAX, new ConcurrentHashMap<>());

    static ToolCall call(String id, String name, String args) { return new ToolCall(id, name, args); }

    @Test
    void independentReadOnlyCallsOverlapAndResultsKeepCallOrder() {
        ToolRegistry reg = new ToolRegistry().register(t.sleeper("fetch", TestTools.readOnly()));
        // the first call is the slowest: completion order differs from call order
        List<ToolCall> calls = List.of(
                call("a", "fetch", "{\"ms\":400,\"label\":\"a\"}"),
                call("b", "fetch", "{\"ms\":100,\"label\":\"b\"}"),
                call("c", "fetch", "{\"ms\":300,\"label\":\"c\"}"),
                call("d", "fetch", "{\"ms\":200,\"label\":\"d\"}"));
        List<ToolResultMessage> results = executor.executeAll(calls, reg, run);

        assertThat(results).extracting(ToolResultMessage::toolCallId).containsExactly("a", "b", "c", "d");
        assertThat(results).extracting(ToolResultMessage::content).containsExactly("a done", "b done", "c done", "d done");
        // all four ran at once (their wall time against the sum is measured by `tern bench fanout`)
        assertThat(t.maxRunning.get()).isEqualTo(4);
        assertThat(t.timeline.indexOf("end:b")).isLessThan(t.timeline.indexOf("end:a"));
    }

    @Test
    void writesToTheSameResourceNeverOverlapAndKeepOrder() {
        ToolRegistry reg = new ToolRegistry().register(t.sleeper("write_file", TestTools.fileWriter()));
        List<ToolCall> calls = List.of(
                call("1", "write_file", "{\"ms\":150,\"path\":\"x.txt\",\"label\":\"x1\"}"),
                call("2", "write_file", "{\"ms\":150,\"path\":\"y.txt\",\"label\":\"y1\"}"),
                call("3", "write_file", "{\"ms\":10,\"path\":\"x.txt\",\"label\":\"x2\"}"),
                call("4", "write_file", "{\"ms\":10,\"path\":\"x.txt\",\"label\":\"x3\"}"));
        executor.executeAll(calls, reg, run);

        assertThat(t.maxActive.get("x.txt").get()).isEqualTo(1);
        assertThat(t.timeline).containsSubsequence("start:x1", "end:x1", "start:x2", "end:x2", "start:x3", "end:x3");
        // a write to another file overlaps with the writes to x.txt
        assertThat(t.timeline.indexOf("start:y1")).isLessThan(t.timeline.indexOf("end:x1"));
    }

    @Test
    void exclusiveCallsKeepOrderWithWritesButOverlapReads() {
        ToolRegistry reg = new ToolRegistry()
                .register(t.sleeper("exec", TestTools.exclusive()))
                .register(t.sleeper("edit", TestTools.fileWriter()))
                .register(t.sleeper("read", TestTools.readOnly()));
        List<ToolCall> calls = List.of(
                call("1", "exec", "{\"ms\":150,\"label\":\"exec1\"}"),
                call("2", "edit", "{\"ms\":50,\"path\":\"a\",\"label\":\"edit\"}"),
                call("3", "read", "{\"ms\":50,\"label\":\"read\"}"),
                call("4", "exec", "{\"ms\":50,\"label\":\"exec2\"}"));
        executor.executeAll(calls, reg, run);

        assertThat(t.timeline).containsSubsequence("start:exec1", "end:exec1", "start:edit", "end:edit", "start:exec2");
        assertThat(t.timeline.indexOf("start:read")).isLessThan(t.timeline.indexOf("end:exec1"));
    }

    @Test
    void badCallsBecomeErrorResultsAndTheOthersStillRun() {
        Tool boom = new Tool() {
            @Override public ToolSpec spec() { return new ToolSpec("boom", "fails", null); }
            @Override public ToolResult execute(ToolCallContext c) { throw new IllegalStateException("disk on fire"); }
        };
        ToolRegistry reg = new ToolRegistry().register(t.sleeper("ok", TestTools.readOnly())).register(boom);
        List<ToolResultMessage> r = executor.executeAll(List.of(
                call("1", "nope", "{}"),
                call("2", "ok", "{\"ms\": ]"),
                call("3", "boom", "{}"),
                call("4", "ok", "{\"ms\":1}"),
                call("5", "ok", "{\"ms\":1, \"label\": \"repaired\""),
                call("6", "ok", "{\"ms\": \"soon\"}")), reg, run);

        assertThat(r.get(0).error()).isTrue();
        assertThat(r.get(0).content()).contains("unknown tool 'nope'").contains("ok, boom");
        assertThat(r.get(1).error()).isTrue();
        assertThat(r.get(1).content()).contains("not valid JSON");
        assertThat(r.get(2).error()).isTrue();
        assertThat(r.get(2).content()).contains("disk on fire");
        assertThat(r.get(3).error()).isFalse();
        // a truncated object is repaired safely and runs
        assertThat(r.get(4).error()).isFalse();
        assertThat(r.get(4).content()).isEqualTo("repaired done");
        // a value of the wrong type is explained in terms the model can act on
        assertThat(r.get(5).error()).isTrue();
        assertThat(r.get(5).content()).contains("ms").contains("integer");
        assertThat(metrics.count("tool.errors")).isEqualTo(4);
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolFinished f && f.source() == AgentEvent.ToolSource.INVALID)
                .hasSize(3);
    }

    @Test
    void slowToolTimesOutWithoutBlockingTheBatch() {
        ToolRegistry reg = new ToolRegistry()
                .register(t.sleeper("slow", TestTools.readOnly().withTimeout(Duration.ofMillis(200))))
                .register(t.sleeper("fast", TestTools.readOnly()));
        long start = System.nanoTime();
        List<ToolResultMessage> r = executor.executeAll(List.of(
                call("1", "slow", "{\"ms\":30000}"), call("2", "fast", "{\"ms\":5}")), reg, run);
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.get(0).error()).isTrue();
        assertThat(r.get(0).content()).contains("timed out after 0.2 s");
        assertThat(r.get(1).content()).isEqualTo("fast done");
        assertThat(ms).isLessThan(10_000);
        assertThat(metrics.count("tool.timeouts")).isEqualTo(1);
    }

    @Test
    void interceptorsWrapEveryCallInOrderAndCanShortCircuit() {
        List<String> seen = new CopyOnWriteArrayList<>();
        executor.addInterceptor((tool, c, next) -> {
            seen.add("outer:" + c.callId());
            return next.proceed(c);
        });
        executor.addInterceptor((tool, c, next) -> {
            seen.add("inner:" + c.callId());
            if (c.callId().equals("2")) return ToolResult.ok("from cache").withSource(AgentEvent.ToolSource.CACHED);
            return next.proceed(c);
        });
        ToolRegistry reg = new ToolRegistry().register(t.sleeper("t", TestTools.readOnly()));
        List<ToolResultMessage> r = executor.executeAll(List.of(call("1", "t", "{}"), call("2", "t", "{}")), reg, run);

        assertThat(seen).containsExactlyInAnyOrder("outer:1", "inner:1", "outer:2", "inner:2");
        assertThat(r.get(1).content()).isEqualTo("from cache");
        assertThat(t.timeline).containsExactly("start:t", "end:t");
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolFinished f && f.callId().equals("2"))
                .first().extracting(e -> ((AgentEvent.ToolFinished) e).source()).isEqualTo(AgentEvent.ToolSource.CACHED);
    }

    @Test
    void registryDefinitionsAreComputedOnceAndInvalidatedOnChange() {
        ToolRegistry reg = new ToolRegistry().register(t.sleeper("a", TestTools.readOnly()));
        List<ToolSpec> first = reg.definitions();
        assertThat(reg.definitions()).isSameAs(first);
        reg.register(t.sleeper("b", TestTools.readOnly()));
        assertThat(reg.definitions()).isNotSameAs(first).extracting(ToolSpec::name).containsExactly("a", "b");
        reg.unregister("a");
        assertThat(reg.definitions()).extracting(ToolSpec::name).containsExactly("b");
    }
}
