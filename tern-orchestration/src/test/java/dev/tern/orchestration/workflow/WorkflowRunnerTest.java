package dev.tern.orchestration.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.support.SimRig;
import dev.tern.orchestration.tiers.ModelTiers;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows end to end: the real provider over loopback to the simulator, real tools, one shared executor and cache. */
class WorkflowRunnerTest {

    @TempDir Path ws;
    SimRig rig;
    Orchestration o;

    @BeforeEach
    void start() throws Exception {
        rig = new SimRig(ws, List.of(
                Scenario.parse("""
                        {"name": "analyst", "latency": {"ttftMs": 300, "tokenMs": 0},
                         "steps": [{"toolCalls": %s}, {"text": "analysis: {{toolResults}} {{lorem:60}}"}]}""".formatted(SimRig.lookupCalls("ACME"))),
                Scenario.parse("""
                        {"name": "writer", "latency": {"ttftMs": 500, "tokenMs": 0},
                         "steps": [{"text": "## {{section}}\\n\\nText of {{section}}."}]}"""),
                Scenario.parse("""
                        {"name": "editor", "steps": [{"text": "edited"}]}"""),
                Scenario.parse("""
                        {"name": "broken", "steps": [{"text": "x", "fault": {"type": "status", "status": 400}}]}""")), 300);
        for (String a : List.of("fundamentals", "news", "risk")) {
            rig.write("agents/" + a + ".md", "---\nname: " + a + "\ndescription: " + a + " analyst\ntools: [get_*]\nmodel: sim:analyst\n---\nAnalyse.");
        }
        rig.write("agents/writer.md", "---\nname: writer\ndescription: writes\ntools: []\nmodel: sim:writer\n---\nWrite.");
        rig.write("agents/editor.md", "---\nname: editor\ndescription: edits\nmodel: sim:editor\n---\nEdit.");
        rig.write("agents/broken.md", "---\nname: broken\ndescription: fails\nmodel: sim:broken\n---\nFail.");
        o = rig.orchestration(ModelTiers.NONE);
    }

    @AfterEach
    void stop() { rig.close(); }

    /** Counts how each analyst got its tool results. */
    static final class Sources implements AgentListener {
        final Map<AgentEvent.ToolSource, Integer> bySource = new ConcurrentHashMap<>();
        final List<String> agentsWithTools = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(AgentEvent e) {
            if (e instanceof AgentEvent.ToolFinished f) {
                bySource.merge(f.source(), 1, Integer::sum);
                agentsWithTools.add(f.agent());
            }
        }
    }

    @Test
    void threeAnalystsAskingForTheSameFourLookupsCauseFourExecutionsAndRunConcurrently() throws Exception {
        rig.write("workflows/research.md", "---\nname: research\nsteps:\n  - parallel: [fundamentals, news, risk]\n---\n");
        Sources sources = new Sources();
        WorkflowResult r = o.workflow("research", "ACME", new WorkflowRunner.Options(List.of(sources), null, null, null, null));
        assertThat(r.outcome()).as(r.reason()).isEqualTo(WorkflowResult.Outcome.COMPLETED);
        assertThat(rig.executions()).isEqualTo(4);
        assertThat(sources.bySource.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
        assertThat(sources.bySource.getOrDefault(AgentEvent.ToolSource.EXECUTED, 0)).isEqualTo(4);
        WorkflowResult.StepResult step = r.steps().getFirst();
        Duration sum = Duration.ZERO;
        for (WorkflowResult.AgentResult a : step.agents()) sum = sum.plus(a.result().wall());
        assertThat(step.agents()).hasSize(3);
        assertThat(step.elapsed()).as("the analysts overlap: the step takes less than their runs added up").isLessThan(sum);
        assertThat(rig.sim.stats().maxInFlight()).isGreaterThanOrEqualTo(2);
        assertThat(r.text()).contains("analysis: get_profile of ACME");
    }

    @Test
    void aGatherStepCoveringTheLookupsLeavesTheAnalystsNothingToExecute() throws Exception {
        rig.write("workflows/research.md", """
                ---
                name: research
                gather:
                  - {tool: get_profile, args: {symbol: "{{input}}"}}
                  - {tool: get_financials, args: {symbol: "{{input}}"}}
                  - {tool: get_news, args: {symbol: "{{input}}"}}
                  - {tool: get_ratings, args: {symbol: "{{input}}"}}
                steps:
                  - parallel: [fundamentals, news, risk]
                ---
                """);
        Sources sources = new Sources();
        List<WorkflowEvent> events = new CopyOnWriteArrayList<>();
        WorkflowResult r = o.workflow("research", "ACME", new WorkflowRunner.Options(List.of(sources), events::add, null, null, null));
        assertThat(r.completed()).as(r.reason()).isTrue();
        assertThat(rig.executions()).as("the gather step's four executions only").isEqualTo(4);
        assertThat(r.steps().getFirst().label()).isEqualTo("gather 4 tool calls");
        List<String> analystExecutions = new ArrayList<>();
        // every analyst call was answered from the cache the gather step filled
        assertThat(sources.bySource.getOrDefault(AgentEvent.ToolSource.CACHED, 0)).isEqualTo(12);
        assertThat(sources.agentsWithTools).filteredOn(a -> !a.startsWith("workflow:")).hasSize(12);
        assertThat(analystExecutions).isEmpty();
        // the analysts read the gathered data in their input
        SimRequest first = rig.sim.requests().stream().filter(q -> "sim:analyst".equals(q.model())).findFirst().orElseThrow();
        assertThat(first.contains("<gathered_data>")).isTrue();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(WorkflowEvent.Notice.class));
    }

    @Test
    void reportSectionsAreEmittedInOrderAsSoonAsTheyAreCompleteAndAppendedToTheFile() throws Exception {
        rig.write("workflows/report.md", """
                ---
                name: report
                steps:
                  - agent: editor
                  - report:
                      agent: writer
                      sections: [Executive Summary, Fundamentals, News, Risks, Verdict]
                      file: reports/{{input}}.md
                      concurrency: 2
                ---
                """);
        List<String> printed = new CopyOnWriteArrayList<>();
        List<Long> printedAt = new CopyOnWriteArrayList<>();
        List<Long> writerCallsEnded = new CopyOnWriteArrayList<>();
        List<WorkflowEvent.SectionEmitted> emitted = new CopyOnWriteArrayList<>();
        AgentListener calls = e -> {
            if (e instanceof AgentEvent.ModelResponded m && m.agent().equals("writer")) writerCallsEnded.add(System.nanoTime());
        };
        WorkflowResult r = o.workflow("report", "ACME Corp", new WorkflowRunner.Options(List.of(calls), e -> {
            if (e instanceof WorkflowEvent.SectionEmitted s) emitted.add(s);
        }, (i, n, title, text) -> {
            printed.add(title);
            printedAt.add(System.nanoTime());
            // the report file already holds every section printed before this one
            assertThat(ws.resolve("reports/ACME_Corp.md")).exists();
        }, null, null));
        assertThat(r.completed()).as(r.reason()).isTrue();
        assertThat(printed).containsExactly("Executive Summary", "Fundamentals", "News", "Risks", "Verdict");
        assertThat(r.report()).isEqualTo(ws.resolve("reports/ACME_Corp.md").toRealPath());
        String file = Files.readString(r.report());
        assertThat(file).startsWith("## Executive Summary\n\nText of Executive Summary.\n\n## Fundamentals");
        assertThat(file.indexOf("## Verdict")).isGreaterThan(file.indexOf("## Risks"));
        // one model call per section, and the first section was out while later ones were still being written (with 2
        // at a time, the last call ends two 500 ms waves after the first: a margin a loaded CI machine's scheduling
        // of the printing thread had eaten with 250 ms calls)
        assertThat(writerCallsEnded).hasSize(5);
        long lastCallEnded = writerCallsEnded.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(printedAt.getFirst()).isLessThan(lastCallEnded);
        assertThat(emitted.getFirst().afterModel()).isLessThan(Duration.ofSeconds(1));
        assertThat(r.firstSection()).isNotNull().isLessThan(r.wall());
        // sections were asked for one by one with their title first
        assertThat(rig.sim.requests().stream().filter(q -> "sim:writer".equals(q.model())).count()).isEqualTo(5);
    }

    @Test
    void outputsPassedForwardAreCutToTheStepsTokenBudget() throws Exception {
        rig.write("workflows/chain.md", """
                ---
                name: chain
                steps:
                  - parallel: [fundamentals, news]
                  - agent: editor
                    maxInputTokens: 60
                ---
                """);
        WorkflowResult r = o.workflow("chain", "ACME", WorkflowRunner.Options.defaults());
        assertThat(r.completed()).as(r.reason()).isTrue();
        SimRequest editor = rig.sim.requests().stream().filter(q -> "sim:editor".equals(q.model())).findFirst().orElseThrow();
        assertThat(editor.contains("<previous_outputs>")).isTrue();
        assertThat(editor.contains("[… cut to fit the step's budget")).isTrue();
        assertThat(editor.contains("### fundamentals")).isTrue();
        assertThat(editor.contains("### news")).isTrue();
    }

    @Test
    void anUnknownAgentIsASetupErrorAndAFailingAgentFailsTheWorkflow() throws Exception {
        rig.write("workflows/missing.md", "---\nname: missing\nsteps:\n  - agent: nobody\n---\n");
        assertThatThrownBy(() -> o.workflow("missing", "x", WorkflowRunner.Options.defaults()))
                .isInstanceOf(WorkflowSetupException.class).hasMessageContaining("names agent 'nobody'");
        assertThatThrownBy(() -> o.workflow("absent", "x", WorkflowRunner.Options.defaults()))
                .isInstanceOf(WorkflowSetupException.class).hasMessageContaining("no workflow named 'absent'");
        rig.write("workflows/fails.md", "---\nname: fails\nsteps:\n  - parallel: [broken, editor]\n  - agent: editor\n---\n");
        WorkflowResult r = o.workflow("fails", "x", WorkflowRunner.Options.defaults());
        assertThat(r.outcome()).isEqualTo(WorkflowResult.Outcome.FAILED);
        assertThat(r.reason()).startsWith("broken:");
        assertThat(r.steps()).hasSize(1);
        rig.write("workflows/escape.md", "---\nname: escape\nsteps:\n  - report: {agent: writer, sections: [A], file: ../../etc/x.md}\n---\n");
        assertThatThrownBy(() -> o.workflow("escape", "x", WorkflowRunner.Options.defaults()))
                .isInstanceOf(WorkflowSetupException.class).hasMessageContaining("outside the workspace");
    }

    @Test
    void stepTimesAreRecordedAndTheNextRunHasAnEta() throws Exception {
        rig.write("workflows/quick.md", "---\nname: quick\nsteps:\n  - agent: editor\n---\n");
        List<WorkflowEvent> first = new CopyOnWriteArrayList<>();
        o.workflow("quick", "x", new WorkflowRunner.Options(List.of(), first::add, null, null, null));
        WorkflowEvent.Started s1 = (WorkflowEvent.Started) first.getFirst();
        assertThat(s1.eta().expected().get(1)).isNull();
        List<WorkflowEvent> second = new CopyOnWriteArrayList<>();
        o.workflow("quick", "x", new WorkflowRunner.Options(List.of(), second::add, null, null, null));
        WorkflowEvent.Started s2 = (WorkflowEvent.Started) second.getFirst();
        assertThat(s2.eta().expected().get(1)).isNotNull();
        assertThat(ws.resolve(".tern/metrics/workflow-steps.jsonl")).exists();
    }
}
