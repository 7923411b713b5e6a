package dev.tern.bench;

import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.llm.ModelInterceptor;
import dev.tern.model.StreamListener;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.AssistantMessage;
import dev.tern.tool.ToolRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SPEC "overhead": client process CPU per model round trip with a 200-message (~107 KB) history and
 * zero model latency. The simulator runs in its own JVM, so the process CPU measured here is Tern's
 * (request serialisation, HTTP, SSE parsing, events, metrics) — plus its GC and JIT threads.
 */
public final class OverheadBench {

    public BenchReport run(int warmup, int calls) throws Exception {
        double load0 = Machine.load();
        List<String> transports = Rig.transports();
        int rounds = Math.max(1, Integer.getInteger("tern.bench.rounds", 5));
        Map<String, List<Double>> cpu = new LinkedHashMap<>(), wall = new LinkedHashMap<>(), noJit = new LinkedHashMap<>(),
                normalised = new LinkedHashMap<>(), wallNormalised = new LinkedHashMap<>();
        List<Double> probes = new ArrayList<>();
        Map<String, Rig> rigs = new LinkedHashMap<>();
        ChatResponse last = null;
        List<Message> history = history(200);
        int bytes = requestBytes(history);
        try (SimProcess sim = SimProcess.start(List.of(), 0, 0)) {
            for (String t : transports) rigs.put(t, new Rig(sim.baseUrl(), 64, t));
            ToolRegistry tools = FanoutBench.tools(false);
            ChatRequest req = ChatRequest.builder("gpt-4o-mini").messages(history).tools(tools.definitions())
                    .cacheKey("bench-session").build();
            RunContext ctx = new RunContext("bench", "bench", "bench-session", null, Events.none("bench"), Instant.MAX,
                    new ConcurrentHashMap<>());
            ModelInterceptor.CallContext call = new ModelInterceptor.CallContext(ctx, 1, true, StreamListener.NONE);
            for (Rig rig : rigs.values()) for (int i = 0; i < warmup; i++) rig.gateway.call(req, call);
            CoreSpeed speed = new CoreSpeed();
            int perRound = Math.max(1, calls / rounds);
            for (int r = 0; r < rounds; r++) {
                List<String> order = new ArrayList<>(transports);
                if (r % 2 == 1) java.util.Collections.reverse(order);
                for (String t : order) {
                    Rig rig = rigs.get(t);
                    System.gc();
                    double probe0 = speed.probeMillis();
                    TaskCpu.Snapshot cpu0 = TaskCpu.now();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < perRound; i++) last = rig.gateway.call(req, call);
                    long wallNanos = System.nanoTime() - t0;
                    TaskCpu.Snapshot cpu1 = TaskCpu.now();
                    double probe = (probe0 + speed.probeMillis()) / 2;
                    double ms = cpu1.nanosSince(cpu0, false) / 1e6, withoutJit = ms - cpu1.nanosSince(cpu0, true) / 1e6;
                    probes.add(probe);
                    cpu.computeIfAbsent(t, k -> new ArrayList<>()).add(ms / perRound);
                    noJit.computeIfAbsent(t, k -> new ArrayList<>()).add(withoutJit / perRound);
                    normalised.computeIfAbsent(t, k -> new ArrayList<>()).add(CoreSpeed.normalise(withoutJit / perRound, probe));
                    wall.computeIfAbsent(t, k -> new ArrayList<>()).add(wallNanos / 1e6 / perRound);
                    wallNormalised.computeIfAbsent(t, k -> new ArrayList<>()).add(CoreSpeed.normalise(wallNanos / 1e6 / perRound, probe));
                }
            }
        } finally {
            rigs.values().forEach(Rig::close);
        }
        String main = transports.getFirst();
        BenchReport.Builder b = new BenchReport.Builder("overhead",
                "whole-process CPU per model round trip, 200-message history, model latency 0, transports A/B", "tern bench overhead")
                .row("history", history.size() + " messages, request body ≈ " + String.format("%.0f KB", bytes / 1024.0))
                .row("round trips measured per transport", rounds * Math.max(1, calls / rounds) + " in " + rounds
                        + " interleaved rounds (after " + warmup + " warm-up)");
        for (String t : transports) {
            Spread c = Spread.of(cpu.get(t));
            if (t.equals(main)) {
                b.row(t + ": client process CPU per round trip", c.format("%.3f", " ms"), "≤ 2.0 ms", c.median() <= 2.0);
            } else {
                b.row(t + ": client process CPU per round trip", c.format("%.3f", " ms"));
            }
            b.row(t + ": the same without the JIT compiler threads' CPU", Spread.of(noJit.get(t)).format("%.3f", " ms"));
            b.row(t + ": that at the reference core speed (see the core-speed note)", Spread.of(normalised.get(t)).format("%.3f", " ms"));
            b.row(t + ": wall time per round trip (incl. simulator)", Spread.of(wall.get(t)).format("%.3f", " ms"));
            // with no model latency a round trip is CPU on both sides, one after the other: it scales with the core speed too
            b.row(t + ": that at the reference core speed", Spread.of(wallNormalised.get(t)).format("%.3f", " ms"));
        }
        for (String t : transports) {
            if (!t.equals(main)) {
                b.row("CPU per round trip, " + t + " / " + main, String.format("%.2f",
                        Spread.of(cpu.get(t)).median() / Spread.of(cpu.get(main)).median()));
            }
        }
        String text = last == null ? "-" : last.message().text();
        return b.row("answer (first 40 chars)", text.substring(0, Math.min(40, text.length())) + "…")
                .note("streaming (SSE) calls through ModelGateway and OpenAiProvider, one kept-alive connection per transport; "
                        + "the CPU is the whole client process's (GC and JIT threads included); the simulator runs in a separate JVM, "
                        + "so its CPU is not counted")
                .note(CoreSpeed.note(Spread.of(probes)))
                .note(SimProcess.flagsNote())
                .note(Machine.jvmNote())
                .note(Machine.loadNote(load0))
                .note("reference points from the issue (same scenario): JDK HttpClient + Jackson floor 4.3 ms, LangChain4j 8.1 ms, "
                        + "Spring AI 7.4 ms")
                .build();
    }

    /** A realistic history: user turns, assistant turns with tool calls, tool results; ~535 chars each. */
    static List<Message> history(int n) {
        List<Message> h = new ArrayList<>(n);
        String filler = "The quarterly numbers show steady growth in recurring revenue, with churn down two points and "
                + "expansion revenue up; the team recommends keeping the current pricing while testing annual plans. ";
        for (int i = 0; h.size() < n; i++) {
            h.add(Message.user("Question " + i + ": " + filler + filler + filler.substring(0, 180)));
            if (h.size() < n) {
                h.add(new AssistantMessage("Looking that up.", List.of(new ToolCall("call_" + i, "lookup", "{\"id\":" + i + "}"))));
            }
            if (h.size() < n) h.add(new ToolResultMessage("call_" + i, "lookup", "id=" + i + " " + filler + filler + filler + filler + filler, false));
            if (h.size() < n) h.add(Message.assistant("Answer " + i + ": " + filler + filler.substring(0, 150)));
        }
        return h;
    }

    /** Size of the request body in the Chat Completions shape (messages, tool calls, tools). */
    static int requestBytes(List<Message> h) {
        List<Object> msgs = new ArrayList<>();
        for (Message m : h) {
            switch (m) {
                case dev.tern.model.UserMessage u -> msgs.add(java.util.Map.of("role", "user", "content", u.text()));
                case AssistantMessage a -> msgs.add(java.util.Map.of("role", "assistant", "content", a.text(), "tool_calls",
                        a.toolCalls().stream().map(t -> java.util.Map.of("id", t.id(), "type", "function", "function",
                                java.util.Map.of("name", t.name(), "arguments", t.argumentsJson()))).toList()));
                case ToolResultMessage t -> msgs.add(java.util.Map.of("role", "tool", "tool_call_id", t.toolCallId(), "content", t.content()));
                case dev.tern.model.SystemMessage sm -> msgs.add(java.util.Map.of("role", "system", "content", sm.text()));
            }
        }
        return dev.tern.json.Json.write(java.util.Map.of("model", "gpt-4o-mini", "stream", true, "messages", msgs)).length();
    }
}
