package dev.tern.workspace.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.Agent;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunLimits;
import dev.tern.agent.RunRequest;
import dev.tern.run.RunResult;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.llm.ModelGateway;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import dev.tern.store.SubagentResultStore;
import dev.tern.workspace.testutil.ScriptedProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnToolTest {

    @TempDir Path ws;

    /** A read-only tool that blocks until released, recording the run it was called from. */
    static final class Probe implements Tool {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> runIds = new CopyOnWriteArrayList<>();

        @Override public ToolSpec spec() { return new ToolSpec("probe", "counts files", null); }

        @Override public ToolTraits traits() { return ToolTraits.READ_ONLY; }

        @Override public ToolResult execute(ToolCallContext call) throws Exception {
            runIds.add(call.run().runId());
            release.await(20, TimeUnit.SECONDS);
            return ToolResult.ok("3 files");
        }
    }

    private static boolean hasToolResult(ChatRequest r) {
        return r.messages().stream().anyMatch(m -> m instanceof ToolResultMessage);
    }

    @Test
    void subAgentRunsInTheBackgroundWithSharedExecutorAndReportsBack() throws Exception {
        ScriptedProvider provider = new ScriptedProvider(r -> {
            boolean child = r.metadata().getOrDefault("agent", "").startsWith("subagent-");
            if (!hasToolResult(r)) {
                return child ? ScriptedProvider.call("p1", "probe", "{}")
                        : ScriptedProvider.call("s1", "spawn", "{\"task\":\"count the files\",\"label\":\"files\"}");
            }
            String result = r.messages().stream().filter(m -> m instanceof ToolResultMessage)
                    .map(m -> ((ToolResultMessage) m).content()).findFirst().orElseThrow();
            return ScriptedProvider.text(child ? "child done: " + result : "helper said: " + result);
        });
        Metrics metrics = new Metrics();
        ModelGateway gateway = new ModelGateway(provider, metrics);
        List<String> executed = new CopyOnWriteArrayList<>();
        ToolExecutor executor = new ToolExecutor(metrics).addInterceptor((tool, call, next) -> {
            executed.add(tool.name() + "@" + call.run().agent());
            return next.proceed(call);
        });
        SubagentResults results = new SubagentResults();
        List<UserMessage> delivered = new CopyOnWriteArrayList<>();
        results.onDelivery(r -> delivered.add(new UserMessage(r.id())));
        Probe probe = new Probe();
        ToolRegistry tools = new ToolRegistry().register(probe);
        tools.register(new SpawnTool(results, gateway, executor, "sim:model", tools, RunLimits.DEFAULT.withMaxIterations(5)));
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        Agent main = Agent.builder("main").model("sim:model").gateway(gateway).executor(executor).tools(tools)
                .systemPrompt("parent").listener(events::add).build();

        RunResult parent = main.run(new RunRequest(List.of(), "please count files", "s", ws, null, List.of(), null));

        // the parent finished while the sub-agent is still blocked in its tool
        assertThat(parent.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
        assertThat(parent.text()).startsWith("helper said: started sub-agent ");
        assertThat(results.running()).isEqualTo(1);
        assertThat(results.drainAsMessage("s")).isEmpty();

        probe.release.countDown();
        assertThat(results.awaitIdle(Duration.ofSeconds(20))).isTrue();
        List<SubagentResultStore.Result> done = results.drain("s");
        assertThat(done).singleElement().satisfies(r -> {
            assertThat(r.text()).isEqualTo("child done: 3 files");
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
            assertThat(r.task()).isEqualTo("files: count the files");
            assertThat(parent.text()).contains(r.id());
        });
        String childRun = done.get(0).runId();
        assertThat(delivered).hasSize(1);

        // events of the child reach the parent's listeners under the child's run id
        String parentRun = events.stream().filter(e -> e instanceof AgentEvent.RunStarted).findFirst().orElseThrow().runId();
        assertThat(childRun).isNotNull().isNotEqualTo(parentRun);
        assertThat(probe.runIds).containsExactly(childRun);
        assertThat(events).anySatisfy(e -> {
            assertThat(e).isInstanceOf(AgentEvent.ToolStarted.class);
            assertThat(((AgentEvent.ToolStarted) e).tool()).isEqualTo("probe");
            assertThat(e.runId()).isEqualTo(childRun);
            assertThat(e.agent()).startsWith("subagent-");
        });
        // same executor for both, and the child could not spawn
        assertThat(executed).contains("spawn@main").anyMatch(s -> s.startsWith("probe@subagent-"));
        ChatRequest childRequest = provider.requests.stream()
                .filter(r -> r.metadata().getOrDefault("agent", "").startsWith("subagent-")).findFirst().orElseThrow();
        assertThat(childRequest.tools()).extracting(ToolSpec::name).containsExactly("probe");
        assertThat(((UserMessage) childRequest.messages().get(1)).text()).isEqualTo("count the files");
    }

    @Test
    void resultsGoToTheSessionThatSpawnedThemOnly() {
        SubagentResults results = new SubagentResults();
        results.started();
        results.deliver(new SubagentResultStore.Result("a1", "alice", "alice's task", "run-1", "for alice", RunResult.Outcome.COMPLETED,
                null, Duration.ofMillis(10)));
        assertThat(results.pending("bob")).isZero();
        assertThat(results.drainAsMessage("bob")).isEmpty();
        assertThat(results.drainAsMessage("alice")).get().extracting(UserMessage::text).asString().contains("for alice");
        assertThat(results.pending("alice")).isZero();
    }

    @Test
    void drainAsMessageTurnsResultsIntoOneNoteForTheNextTurn() {
        SubagentResults results = new SubagentResults();
        results.started();
        results.deliver(new SubagentResultStore.Result("ab12cd34", "", "count files", "run-9", "3 files", RunResult.Outcome.COMPLETED,
                null, Duration.ofMillis(1500)));
        results.started();
        results.deliver(new SubagentResultStore.Result("ef56", "", "t2", "run-10", "", RunResult.Outcome.MAX_ITERATIONS,
                "stopped after 5 model calls", Duration.ofMillis(200)));
        UserMessage note = results.drainAsMessage("").orElseThrow();
        assertThat(note.text()).isEqualTo("""
                [Sub-agent results]

                ## Sub-agent ab12cd34 (completed, 1.5 s)
                Task: count files

                Result:
                3 files

                ## Sub-agent ef56 (max_iterations: stopped after 5 model calls, 0.2 s)
                Task: t2

                Result:
                (no answer)""");
        assertThat(results.drainAsMessage("")).isEmpty();
        assertThat(results.running()).isZero();
    }

    @Test
    void childToolSetIsCachedPerParentVersionAndNeverContainsSpawn() {
        ToolRegistry parent = new ToolRegistry().register(new Probe());
        SpawnTool spawn = new SpawnTool(new SubagentResults(), new ModelGateway(new ScriptedProvider(r -> null), new Metrics()),
                new ToolExecutor(new Metrics()), "m", parent, RunLimits.DEFAULT);
        parent.register(spawn);
        ToolRegistry first = spawn.childTools();
        assertThat(first.definitions()).extracting(ToolSpec::name).containsExactly("probe");
        assertThat(spawn.childTools()).isSameAs(first);
        parent.register(new Tool() {
            @Override public ToolSpec spec() { return new ToolSpec("other", "", null); }
            @Override public ToolResult execute(ToolCallContext call) { return ToolResult.ok(""); }
        });
        assertThat(spawn.childTools()).isNotSameAs(first);
        assertThat(spawn.childTools().definitions()).extracting(ToolSpec::name).containsExactly("probe", "other");
        assertThat(spawn.execute(new ToolCallContext("c", "spawn", dev.tern.json.JsonObject.parse("{\"task\":\" \"}"),
                dev.tern.run.RunContext.standalone(null))).error()).isTrue();
    }

    @Test
    void refusesToSpawnBeyondTheBound() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        ScriptedProvider slow = new ScriptedProvider(r -> {
            try {
                hold.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedProvider.text("finished");
        });
        SubagentResults results = new SubagentResults();
        SpawnTool spawn = new SpawnTool(results, new ModelGateway(slow, new Metrics()), new ToolExecutor(new Metrics()), "m",
                new ToolRegistry(), RunLimits.DEFAULT, 2);
        var run = dev.tern.run.RunContext.standalone(ws);
        var args = dev.tern.json.JsonObject.parse("{\"task\":\"wait\"}");
        assertThat(spawn.execute(new ToolCallContext("1", "spawn", args, run)).error()).isFalse();
        assertThat(spawn.execute(new ToolCallContext("2", "spawn", args, run)).error()).isFalse();
        ToolResult third = spawn.execute(new ToolCallContext("3", "spawn", args, run));
        assertThat(third.error()).isTrue();
        assertThat(third.content()).isEqualTo("2 sub-agents are already running; wait for their results before spawning more");
        hold.countDown();
        assertThat(results.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(results.drain("")).hasSize(2).allSatisfy(r -> assertThat(r.text()).isEqualTo("finished"));
        assertThat(spawn.execute(new ToolCallContext("4", "spawn", args, run)).error()).isFalse();
        assertThat(results.awaitIdle(Duration.ofSeconds(20))).isTrue();
    }
}
