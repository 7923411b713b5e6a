package dev.tern.orchestration.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.json.JsonObject;
import dev.tern.orchestration.files.DefinitionException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkflowParserTest {

    static final Path FILE = Path.of("workflows/research.md");

    @Test
    void parsesTheIssueExample() {
        WorkflowDefinition w = WorkflowParser.parse(FILE, """
                ---
                name: research
                description: Research a company
                gather:                    # optional: tool calls run concurrently before any agent
                  - {tool: mcp_market_get_profile, args: {symbol: "{{input}}"}}
                steps:
                  - parallel: [fundamentals, news, risk]     # agents run concurrently
                  - agent: editor                            # sequential step: gets the previous outputs
                    maxInputTokens: 3000                     # output budget for what it receives
                  - report:                                  # written section by section
                      agent: writer
                      sections: [Executive Summary, Fundamentals, News, Risks, Verdict]
                      file: reports/{{input}}.md
                ---
                Be factual.
                """);
        assertThat(w.name()).isEqualTo("research");
        assertThat(w.description()).isEqualTo("Research a company");
        assertThat(w.gather()).singleElement().satisfies(g -> {
            assertThat(g.tool()).isEqualTo("mcp_market_get_profile");
            assertThat(g.arguments()).isEqualTo(JsonObject.of("symbol", "{{input}}"));
        });
        assertThat(w.steps()).hasSize(3);
        assertThat(w.steps().get(0)).isEqualTo(new Step.Parallel(java.util.List.of("fundamentals", "news", "risk"), null, Step.Passing.TRUNCATE));
        assertThat(w.steps().get(1)).isEqualTo(new Step.Sequential("editor", 3000, Step.Passing.TRUNCATE));
        Step.Report r = (Step.Report) w.steps().get(2);
        assertThat(r.sections()).containsExactly("Executive Summary", "Fundamentals", "News", "Risks", "Verdict");
        assertThat(r.file()).isEqualTo("reports/{{input}}.md");
        assertThat(r.concurrency()).isEqualTo(WorkflowParser.DEFAULT_SECTION_CONCURRENCY);
        assertThat(w.agents()).containsExactly("fundamentals", "news", "risk", "editor", "writer");
        assertThat(w.instructions()).isEqualTo("Be factual.");
        assertThat(WorkflowRunner.substitute(w.gather().getFirst().arguments(), "ACME")).isEqualTo(JsonObject.of("symbol", "ACME"));
    }

    @Test
    void aWorkflowLongerThanItsLimitIsRefused() {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < 11; i++) steps.append("  - agent: a").append(i).append('\n');
        assertThatThrownBy(() -> WorkflowParser.parse(FILE, "---\nname: long\nsteps:\n" + steps + "---\n"))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("11 steps, more than the limit of 10");
        assertThat(WorkflowParser.parse(FILE, "---\nname: long\nmaxSteps: 12\nsteps:\n" + steps + "---\n").steps()).hasSize(11);
        assertThatThrownBy(() -> WorkflowParser.parse(FILE, "---\nname: x\nmaxSteps: 51\nsteps:\n  - agent: a\n---\n"))
                .hasMessageContaining("within 1..50");
    }

    @Test
    void badStepsAreReportedWithTheLineOfSteps() {
        assertThatThrownBy(() -> WorkflowParser.parse(FILE, "---\nname: x\nsteps:\n  - parallel: [a]\n    agent: b\n---\n"))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("step 1 must have exactly one of parallel, agent, report");
        assertThatThrownBy(() -> WorkflowParser.parse(FILE, "---\nname: x\nsteps:\n  - agent: b\n    passing: shorten\n---\n"))
                .hasMessageContaining("passing must be truncate or summarize");
        assertThatThrownBy(() -> WorkflowParser.parse(FILE, "---\nname: x\nsteps:\n  - sequence: b\n---\n"))
                .hasMessageContaining("unknown key 'sequence'");
        assertThatThrownBy(() -> WorkflowParser.parse(FILE, "---\nname: x\n---\n")).hasMessageContaining("'steps' is required");
        assertThatThrownBy(() -> WorkflowParser.parse(FILE, "---\nname: x\ngather: [{args: {}}]\nsteps: [{agent: a}]\n---\n"))
                .hasMessageContaining("entry 1 must be {tool: NAME");
    }
}
