package dev.tern.orchestration.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.AgentEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowStatusTest {

    @Test
    void theLineShowsStepAgentsToolsAndEta() {
        long[] clock = {1_000_000_000L};
        WorkflowStatus s = new WorkflowStatus(() -> clock[0]);
        s.onEvent(new WorkflowEvent.Started("research", "ACME", List.of("gather", "parallel a, b", "report"),
                new Eta(List.of(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2)))));
        assertThat(s.line(clock[0])).isEqualTo("[research] starting");
        s.onEvent(new WorkflowEvent.StepStarted(1, 2, "parallel a, b", List.of("a", "b")));
        s.onEvent(new AgentEvent.RunStarted("r1", "a", "x"));
        s.onEvent(new AgentEvent.RunStarted("r2", "b", "x"));
        s.onEvent(new AgentEvent.ToolStarted("r1", "a", "c1", "mcp_market_get_news", "{}"));
        clock[0] += 1_000_000_000L;
        String line = s.line(clock[0]);
        assertThat(line).startsWith("[research] step 1/2 parallel a, b ").contains("· running a, b")
                .contains("· tools mcp_market_get_news ").contains("· ETA ");
        // this step's 3 s and the next one's 2 s, less the second that has passed since the step started
        assertThat(s.remaining(clock[0])).isEqualTo(Duration.ofSeconds(4));
        s.onEvent(new AgentEvent.ToolFinished("r1", "a", "c1", "mcp_market_get_news", Duration.ofMillis(5), false,
                AgentEvent.ToolSource.CACHED, 10));
        s.onEvent(new AgentEvent.RunFinished("r1", "a", null));
        assertThat(s.line(clock[0])).contains("· running b").doesNotContain("tools");
    }

    @Test
    void withoutHistoryTheElapsedTimeIsShownInstead() {
        WorkflowStatus s = new WorkflowStatus();
        s.onEvent(new WorkflowEvent.Started("w", "in", List.of("gather", "agent a"), new Eta(java.util.Arrays.asList(null, null))));
        s.onEvent(new WorkflowEvent.StepStarted(1, 1, "agent a", List.of("a")));
        assertThat(s.line(System.nanoTime())).contains("· elapsed ");
    }
}
