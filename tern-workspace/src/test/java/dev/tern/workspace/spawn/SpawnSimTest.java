package dev.tern.workspace.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.Agent;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunLimits;
import dev.tern.agent.RunRequest;
import dev.tern.run.RunResult;
import dev.tern.metrics.Metrics;
import dev.tern.llm.ModelGateway;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.store.SubagentResultStore;
import dev.tern.workspace.testutil.Sim;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spawn end to end over HTTP against the simulator: parent and child scenarios, a real provider. */
class SpawnSimTest {

    @TempDir Path ws;

    @Test
    void parentReturnsAtOnceAndTheChildResultArrivesLater() throws Exception {
        try (Sim sim = new Sim()) {
            String parentModel = sim.scenario("parent", "[{\"toolCalls\":[{\"name\":\"spawn\",\"arguments\":{\"task\":\"count the files\"}}]},"
                    + "{\"text\":\"parent saw: {{toolResult:spawn}}\"}]");
            String childModel = sim.scenario("child", "[{\"toolCalls\":[{\"name\":\"probe\",\"arguments\":{}}]},"
                    + "{\"text\":\"child says {{toolResult:probe}}\"}]");
            Metrics metrics = new Metrics();
            ModelGateway gateway = new ModelGateway(sim.provider, metrics);
            ToolExecutor executor = new ToolExecutor(metrics);
            SubagentResults results = new SubagentResults();
            SpawnToolTest.Probe probe = new SpawnToolTest.Probe();
            ToolRegistry tools = new ToolRegistry().register(probe);
            tools.register(new SpawnTool(results, gateway, executor, childModel, tools, RunLimits.DEFAULT.withMaxIterations(4)));
            List<AgentEvent> events = new CopyOnWriteArrayList<>();
            Agent parent = Agent.builder("main").model(parentModel).gateway(gateway).executor(executor).tools(tools)
                    .systemPrompt("You are the parent.").listener(events::add).build();

            RunResult r = parent.run(new RunRequest(List.of(), "count files in the background", "s1", ws, null, List.of(), null));
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
            assertThat(r.text()).startsWith("parent saw: started sub-agent ");
            assertThat(results.running()).isEqualTo(1);  // child still blocked in its tool

            probe.release.countDown();
            assertThat(results.awaitIdle(Duration.ofSeconds(20))).isTrue();
            SubagentResultStore.Result child = results.drain("s1").get(0);
            assertThat(child.text()).isEqualTo("child says 3 files");
            assertThat(child.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
            assertThat(events).filteredOn(e -> e instanceof AgentEvent.ModelResponded && e.runId().equals(child.runId()))
                    .hasSize(2);
            assertThat(sim.server.stats().scenario("child")).isEqualTo(2);
            assertThat(metrics.count("model.calls")).isEqualTo(4);
        }
    }
}
