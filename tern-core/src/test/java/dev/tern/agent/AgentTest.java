package dev.tern.agent;

import dev.tern.run.RunLimits;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelGateway;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AgentTest {

    final Metrics metrics = new Metrics();
    final AtomicInteger promptBuilds = new AtomicInteger();

    static Tool echo(String name, long sleepMs) {
        return new Tool() {
            @Override public ToolSpec spec() { return new ToolSpec(name, "echoes x", "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}"); }
            @Override public ToolTraits traits() { return ToolTraits.READ_ONLY; }
            @Override public ToolResult execute(ToolCallContext c) throws InterruptedException {
                Thread.sleep(sleepMs);
                return ToolResult.ok(name + "=" + c.string("x"));
            }
        };
    }

    /** Calls tools on the first turn, then answers with the tool results it received, in order. */
    static ScriptedProvider twoStep() {
        return new ScriptedProvider(req -> {
            Message last = req.messages().getLast();
            if (last instanceof UserMessage) {
                return ScriptedProvider.calls(new ToolCall("c1", "slow", "{\"x\":\"1\"}"),
                        new ToolCall("c2", "fast", "{\"x\":\"2\"}"), new ToolCall("c3", "slow", "{\"x\":\"3\"}"));
            }
            List<String> results = new ArrayList<>();
            for (Message m : req.messages()) if (m instanceof ToolResultMessage t) results.add(t.content());
            return ScriptedProvider.text("results: " + String.join(", ", results));
        });
    }

    Agent agent(ScriptedProvider p, RunLimits limits, AgentListener listener) {
        ToolRegistry tools = new ToolRegistry().register(echo("slow", 200)).register(echo("fast", 1));
        return Agent.builder("main").model("m").gateway(new ModelGateway(p, metrics))
                .executor(new ToolExecutor(metrics)).tools(tools).limits(limits)
                .systemPrompt(() -> { promptBuilds.incrementAndGet(); return "You are a test."; })
                .listener(listener).build();
    }

    @Test
    void runsToolsAndFeedsResultsBackInCallOrder() {
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        ScriptedProvider p = twoStep();
        RunResult r = agent(p, RunLimits.DEFAULT, events::add).run("go");

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
        assertThat(r.text()).isEqualTo("results: slow=1, fast=2, slow=3");
        assertThat(r.iterations()).isEqualTo(2);
        assertThat(r.toolCalls()).isEqualTo(3);
        assertThat(r.usage().inputTokens()).isEqualTo(20);
        // user, assistant(tool calls), 3 tool results, final assistant
        assertThat(r.newMessages()).hasSize(6);
        assertThat(events.getFirst()).isInstanceOf(AgentEvent.RunStarted.class);
        assertThat(events.getLast()).isInstanceOf(AgentEvent.RunFinished.class);
        assertThat(events).filteredOn(AgentEvent.MessageAdded.class::isInstance).hasSize(6);
        assertThat(events).filteredOn(AgentEvent.ToolFinished.class::isInstance).hasSize(3);
        // the second request carries the same system message and tool list as the first
        ChatRequest a = p.requests.get(0), b = p.requests.get(1);
        assertThat(((SystemMessage) b.messages().getFirst()).text()).isEqualTo(((SystemMessage) a.messages().getFirst()).text());
        assertThat(b.tools()).isSameAs(a.tools());
        assertThat(metrics.count("model.calls")).isEqualTo(2);
        assertThat(metrics.count("tool.calls")).isEqualTo(3);
    }

    @Test
    void theAgentsTagsReachEveryRequestAndAgentAndRunStayTheLoops() {
        ScriptedProvider p = new ScriptedProvider(req -> ScriptedProvider.text("ok"));
        Agent a = Agent.builder("analyst").model("m").gateway(new ModelGateway(p, metrics)).executor(new ToolExecutor(metrics))
                .metadata(java.util.Map.of("cache", "true", "batch", "false", "agent", "spoofed")).build();
        RunResult r = a.run("go");
        assertThat(r.completed()).isTrue();
        java.util.Map<String, String> tags = p.requests.getFirst().metadata();
        assertThat(tags).containsEntry("cache", "true").containsEntry("batch", "false").containsEntry("agent", "analyst");
        assertThat(tags.get("run")).isNotBlank();
        assertThat(a.toBuilder().build().run("again").completed()).isTrue();
        assertThat(p.requests.getLast().metadata()).containsEntry("cache", "true");
    }

    @Test
    void stopsAtTheIterationLimit() {
        ScriptedProvider p = new ScriptedProvider(req -> ScriptedProvider.calls(new ToolCall("c" + req.messages().size(), "fast", "{}")));
        RunResult r = agent(p, RunLimits.DEFAULT.withMaxIterations(3), e -> { }).run("loop forever");

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.MAX_ITERATIONS);
        assertThat(r.reason()).contains("maxIterations=3");
        assertThat(p.requests).hasSize(3);
    }

    @Test
    void stopsAtTheWallTimeLimit() {
        ScriptedProvider p = new ScriptedProvider(req -> ScriptedProvider.calls(new ToolCall("c" + req.messages().size(), "slow", "{}")));
        RunResult r = agent(p, RunLimits.DEFAULT.withMaxWallTime(Duration.ofMillis(500)), e -> { }).run("slow loop");

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.TIMEOUT);
        assertThat(r.reason()).contains("maxWallTime");
        assertThat(r.wall()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aProviderFailureEndsTheRunWithTheReasonNotAnException() {
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        ScriptedProvider p = new ScriptedProvider(req -> {
            throw new ModelException(ModelException.Kind.AUTHENTICATION, "openai", 401, "openai: 401 invalid api key", null, null);
        });
        RunResult r = agent(p, RunLimits.DEFAULT, events::add).run("hi");

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(r.reason()).isEqualTo("openai: 401 invalid api key");
        assertThat(events).anyMatch(AgentEvent.RunFailed.class::isInstance);
        assertThat(metrics.count("model.errors.authentication")).isEqualTo(1);
    }

    @Test
    void aBudgetStopIsReportedAsSuch() {
        ScriptedProvider p = new ScriptedProvider(req -> ScriptedProvider.text("never"));
        Agent a = agent(p, RunLimits.DEFAULT, e -> { });
        a.gateway().addInterceptor((req, call, next) -> {
            throw new ModelException(ModelException.Kind.BUDGET, "tern", "run budget exceeded: 10 240 tokens of 10 000");
        });
        RunResult r = a.run("hi");

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.BUDGET_EXCEEDED);
        assertThat(r.reason()).contains("10 000");
        assertThat(p.requests).isEmpty();
    }

    @Test
    void historyAndRuntimeBlockAreSentAndTheSystemPromptIsFirst() {
        ScriptedProvider p = new ScriptedProvider(req -> ScriptedProvider.text("ok"));
        RunRequest req = RunRequest.of("question").withHistory(List.of(Message.user("earlier"), Message.assistant("answer")))
                .withRuntimeBlock("[time: 2026-11-22 03:00]").withSession("s1");
        agent(p, RunLimits.DEFAULT, e -> { }).run(req);

        ChatRequest sent = p.requests.getFirst();
        assertThat(sent.messages()).extracting(Message::role).containsExactly("system", "user", "assistant", "user");
        assertThat(((UserMessage) sent.messages().getLast()).text()).isEqualTo("question\n\n[time: 2026-11-22 03:00]");
        assertThat(sent.cacheKey()).isEqualTo("s1");
    }

    @Test
    void oneAgentServesManyConcurrentRuns() throws Exception {
        Agent a = agent(twoStep(), RunLimits.DEFAULT, e -> { });
        List<Thread> threads = new ArrayList<>();
        List<RunResult> results = new CopyOnWriteArrayList<>();
        IntStream.range(0, 100).forEach(i -> threads.add(Thread.ofVirtual().start(() -> results.add(a.run("go " + i)))));
        for (Thread t : threads) t.join();

        assertThat(results).hasSize(100).allMatch(RunResult::completed)
                .allMatch(r -> r.text().equals("results: slow=1, fast=2, slow=3"));
    }

    @Test
    void cancellingDuringFourParallelThirtySecondToolsEndsTheTurnWithinABoundAndNoToolThreadSurvives() throws Exception {
        List<Thread> toolThreads = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch allStarted = new java.util.concurrent.CountDownLatch(4);
        Tool slow = new Tool() {
            @Override public ToolSpec spec() { return new ToolSpec("wait", "waits 30 s", null); }
            @Override public ToolResult execute(ToolCallContext c) throws InterruptedException {
                toolThreads.add(Thread.currentThread());
                allStarted.countDown();
                Thread.sleep(30_000);
                return ToolResult.ok("waited");
            }
        };
        ScriptedProvider p = new ScriptedProvider(req -> req.messages().getLast() instanceof UserMessage
                ? ScriptedProvider.calls(IntStream.range(0, 4).mapToObj(i -> new ToolCall("w" + i, "wait", "{}")).toArray(ToolCall[]::new))
                : ScriptedProvider.text("unexpected"));
        Agent a = Agent.builder("main").model("m").gateway(new ModelGateway(p, metrics)).executor(new ToolExecutor(metrics))
                .tools(new ToolRegistry().register(slow)).build();
        dev.tern.cancel.Cancellation ctrlC = dev.tern.cancel.Cancellation.create();
        java.util.concurrent.CompletableFuture<RunResult> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> a.run(RunRequest.of("wait four times").withCancellation(ctrlC)), r -> Thread.ofVirtual().start(r));
        assertThat(allStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the 4 tools run at once").isTrue();

        long t0 = System.nanoTime();
        ctrlC.cancel("Ctrl-C");
        RunResult r = run.get(10, java.util.concurrent.TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.CANCELLED);
        assertThat(r.reason()).contains("Ctrl-C");
        assertThat(took).as("the turn ends long before the tools' 30 s").isLessThan(Duration.ofSeconds(2));
        // the results of the cancelled calls are part of the conversation, so it stays valid for the provider
        assertThat(r.newMessages()).filteredOn(ToolResultMessage.class::isInstance).hasSize(4)
                .allSatisfy(m -> assertThat(((ToolResultMessage) m).content()).contains("cancelled"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> toolThreads.stream().noneMatch(Thread::isAlive));
        assertThat(toolThreads).hasSize(4);
    }
}
