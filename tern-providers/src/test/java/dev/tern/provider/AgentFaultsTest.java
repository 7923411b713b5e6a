package dev.tern.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.Agent;
import dev.tern.run.AgentEvent;
import dev.tern.agent.RunRequest;
import dev.tern.run.RunResult;
import dev.tern.metrics.Metrics;
import dev.tern.llm.ModelGateway;
import dev.tern.model.ModelProvider;
import dev.tern.model.ToolSpec;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Fault;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole agent loop over a real provider and the simulator, with the faults the foundation issue
 * names: malformed tool-call JSON, 503, connection reset, a stall mid-stream, a 429 storm. A run either
 * completes or stops with a clear reason; it never hangs and never crashes.
 */
class AgentFaultsTest {

    static final String FAULTY = """
            {"name": "faulty", "steps": [
              {"toolCalls": [{"name": "read_note", "rawArguments": "{\\"path\\": \\"a.txt\\""},
                             {"name": "read_note", "rawArguments": "{\\"path\\": }"},
                             {"name": "read_note", "arguments": {"path": "c.txt"}}]},
              {"text": "results: {{toolResults}}", "fault": {"type": "status", "status": 503, "times": 1}}]}""";

    static final String RESET = """
            {"name": "reset", "steps": [{"text": "after the reset", "fault": {"type": "reset", "afterTokens": 0, "times": 1}}]}""";

    static final String STALL = """
            {"name": "stall", "steps": [{"text": "one two three four five six seven eight nine ten",
               "fault": {"type": "stall", "afterTokens": 3, "ms": 60000}}]}""";

    static final String TWO_STEPS = """
            {"name": "storm", "steps": [{"toolCalls": [{"name": "read_note", "arguments": {"path": "x"}}]},
                                        {"text": "{{toolResults}}"}]}""";

    final HttpTransport http = HttpTransport.create();
    SimServer sim;

    @AfterEach
    void close() {
        if (sim != null) sim.close();
        http.close();
    }

    ModelProvider provider(String kind, Duration idle) {
        ProviderConfig c = kind.equals("openai") ? ProviderConfig.of("openai", sim.baseUrl() + "/v1", "k")
                : ProviderConfig.of("anthropic", sim.baseUrl(), "k");
        c = c.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), idle);
        return kind.equals("openai") ? new OpenAiProvider(http, c) : new AnthropicProvider(http, c);
    }

    Agent agent(String kind, String model, Duration idle, List<AgentEvent> events) {
        Metrics metrics = new Metrics();
        Tool note = new Tool() {
            final ToolSpec spec = new ToolSpec("read_note", "reads a note",
                    "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}");
            @Override public ToolSpec spec() { return spec; }
            @Override public ToolTraits traits() { return ToolTraits.READ_ONLY; }
            @Override public ToolResult execute(ToolCallContext c) { return ToolResult.ok("note:" + c.string("path")); }
        };
        return Agent.builder("main").model(model).gateway(new ModelGateway(provider(kind, idle), metrics))
                .executor(new ToolExecutor(metrics)).tools(new ToolRegistry().register(note)).maxOutputTokens(256)
                .listener(events::add).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void malformedArgumentsAreRepairedOrExplainedAndA503IsRetried(String kind) {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(FAULTY)).build());
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        RunResult r = agent(kind, "sim:faulty", Duration.ofSeconds(10), events).run("read my notes");

        assertThat(r.outcome()).as(r.reason()).isEqualTo(RunResult.Outcome.COMPLETED);
        // the truncated object was repaired and ran; the broken one came back as an error the model can read
        assertThat(r.text()).startsWith("results: note:a.txt | ").contains("not valid JSON").endsWith(" | note:c.txt");
        assertThat(sim.stats().byStatus()).containsEntry(503, 1L);
        assertThat(events).anyMatch(e -> e instanceof AgentEvent.ModelRetrying m && m.reason().contains("503"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void aConnectionResetBeforeAnyByteIsRetried(String kind) {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(RESET)).build());
        RunResult r = agent(kind, "sim:reset", Duration.ofSeconds(10), new ArrayList<>()).run("hi");

        assertThat(r.outcome()).as(r.reason()).isEqualTo(RunResult.Outcome.COMPLETED);
        assertThat(r.text()).isEqualTo("after the reset");
        assertThat(sim.stats().requests()).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void aStallMidStreamEndsTheRunWithATimeoutNotAHang(String kind) {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(STALL)).build());
        long t0 = System.nanoTime();
        RunResult r = agent(kind, "sim:stall", Duration.ofMillis(500), new ArrayList<>()).run("talk");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(r.reason()).contains("no data for");
        assertThat(ms).isLessThan(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void a429StormIsAbsorbedByBackoffAndEveryRunCompletes(String kind) throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(TWO_STEPS))
                .fault(new Fault(Fault.Type.STATUS, 429, null, 100, false, 10, 0, 0, 1.0)).build());
        Agent a = agent(kind, "sim:storm", Duration.ofSeconds(10), new ArrayList<>());
        List<RunResult> results = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> results.add(a.run(RunRequest.of("storm " + n)))));
        }
        for (Thread t : threads) t.join();

        assertThat(results).hasSize(20).allMatch(RunResult::completed);
        assertThat(results).allMatch(r -> r.text().equals("note:x"));
        // the first 10 requests were throttled with retry-after-ms: 100; every caller waited it out once,
        // so the server saw exactly 40 successful calls plus those 10: no hammering
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(sim.stats().byStatus()).containsEntry(429, 10L).containsEntry(200, 40L));
    }
}
