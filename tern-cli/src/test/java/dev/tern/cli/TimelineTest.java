package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentEvent.ToolSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static AgentEvent started(String run, String agent) {
        return new AgentEvent.ToolStarted(run, agent, "call_1", "web_fetch", "{\"url\":\"http://example.test/a\"}");
    }

    private static AgentEvent finished(String run, String agent, ToolSource source) {
        return new AgentEvent.ToolFinished(run, agent, "call_1", "web_fetch", Duration.ZERO, false, source, 10);
    }

    @Test
    void twoRunsWithTheSameCallIdKeepTheirOwnBars() {
        Timeline t = new Timeline();
        t.onEvent(started("run-a", "a"));
        t.onEvent(started("run-b", "b"));
        t.onEvent(finished("run-a", "a", ToolSource.EXECUTED));
        t.onEvent(finished("run-b", "b", ToolSource.CACHED));

        assertThat(t.spans()).hasSize(2);
        assertThat(t.spans()).extracting(Timeline.Span::mark).containsExactly('#', '.');
        // how the result came stays visible when the arguments are cut
        assertThat(t.spans().get(1).label()).startsWith("web_fetch (cache) {\"url\"");
    }

    @Test
    void aWorkflowChartLabelsBarsByAgentAndShowsSections() {
        WorkflowTimeline w = new WorkflowTimeline();
        w.onEvent(started("run-a", "analyst"));
        w.onEvent(finished("run-a", "analyst", ToolSource.COALESCED));
        w.onEvent(new dev.tern.orchestration.workflow.WorkflowEvent.SectionEmitted(0, 1, "Summary", 120, Duration.ZERO, Duration.ofMillis(5)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        w.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 100);
        String chart = bytes.toString(StandardCharsets.UTF_8);

        assertThat(chart).contains("analyst web_fetch (shared)").contains("section 1 \"Summary\" on stdout").contains("legend:");
        assertThat(chart).doesNotContain("example.test"); // several agents: no arguments, the agent's name instead
    }
}
