package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.Agent;
import dev.tern.metrics.Metrics;
import dev.tern.llm.ModelGateway;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DuplicatesScenarioTest {

    private final DuplicatesScenario.AgentFactory factory = (i, executor, tools) -> Agent.builder("analyst-" + i)
            .model("script").gateway(new ModelGateway(DuplicatesScenario.scriptedModel(), new Metrics()))
            .executor(executor).tools(tools).build();

    @Test
    void threeAgentsInSequenceExecuteEachToolOnce() {
        DuplicatesScenario.Outcome o = new DuplicatesScenario(Duration.ofMillis(200)).sequential(3, factory);
        assertThat(o.completed()).isEqualTo(3);
        assertThat(o.executions()).isEqualTo(o.limit()).isEqualTo(4);
        assertThat(o.misses()).isEqualTo(4);
        assertThat(o.hits()).isEqualTo(8);
        assertThat(o.hitRate()).isGreaterThanOrEqualTo(0.66);
        assertThat(o.line()).contains("sequential", "executions=4 (limit 4)", "hit-rate=67%");
    }

    @Test
    void threeAgentsInParallelAlsoExecuteEachToolOnceAndWaitForTheSlowestOnly() {
        DuplicatesScenario.Outcome o = new DuplicatesScenario(Duration.ofMillis(200)).parallel(3, factory);
        assertThat(o.completed()).isEqualTo(3);
        assertThat(o.executions()).isEqualTo(4);
        assertThat(o.hits() + o.coalesced()).isEqualTo(8);
        assertThat(o.hitRate()).isGreaterThanOrEqualTo(0.66);
        assertThat(o.wall().toMillis()).as("12 calls of 200 ms, one real round of 4 in parallel")
                .isLessThan((long) (0.7 * 12 * 200));
    }
}
