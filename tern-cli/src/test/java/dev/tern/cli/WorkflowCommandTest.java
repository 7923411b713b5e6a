package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.bench.research.ResearchShape;
import dev.tern.bench.research.ResearchWorkspace;
import dev.tern.json.Json;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code tern workflow} end to end: the research workspace, its market MCP server as a real stdio child
 * process, the simulator on loopback; sections on stdout in order, progress on stderr, exit codes.
 */
class WorkflowCommandTest {

    static final ResearchShape SHAPE = new ResearchShape(200, 100, 1, 20, 100, 1, Map.of("Summary", 20, "Risks", 30, "Verdict", 10), 2);

    @TempDir Path ws;
    SimServer sim;
    ResearchWorkspace research;

    @BeforeEach
    void start() throws Exception {
        research = ResearchWorkspace.create(ws, new ResearchShape(SHAPE.toolMs(), SHAPE.analystTtftMs(), SHAPE.analystTokenMs(),
                SHAPE.analystWords(), SHAPE.writerTtftMs(), SHAPE.writerTokenMs(), orderedSections(), SHAPE.concurrency()));
        SimConfig.Builder b = SimConfig.builder();
        research.scenarios().forEach(b::scenario);
        sim = SimServer.start(b.build());
    }

    static Map<String, Integer> orderedSections() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put("Summary", 20);
        m.put("Risks", 30);
        m.put("Verdict", 10);
        return m;
    }

    @AfterEach
    void stop() { sim.close(); }

    OrchestrationCommandsTest.Out workflow(String... args) {
        WorkflowCommand c = new WorkflowCommand();
        c.env = research.env(sim.baseUrl());
        return OrchestrationCommandsTest.run(c, args);
    }

    @Test
    void theResearchWorkflowStreamsSectionsInOrderWithOneExecutionPerDistinctLookup() throws Exception {
        OrchestrationCommandsTest.Out r = workflow("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--stats", "research", "ACME");
        assertThat(r.code()).as(r.stderr()).isZero();
        List<String> headings = r.stdout().lines().filter(l -> l.startsWith("## ")).toList();
        assertThat(headings).containsExactly("## Summary", "## Risks", "## Verdict");
        assertThat(Files.readString(ws.resolve("reports/ACME.md"))).startsWith("## Summary").contains("## Verdict");
        assertThat(research.executions()).as("the gather step's four lookups, nothing more").isEqualTo(4);
        assertThat(r.stderr()).contains("gather: gather 4 tool calls").contains("step 1/2: parallel fundamentals, news, risk")
                .contains("(cache hit)").contains("section 1/3 \"Summary\" on stdout").contains("workflow completed")
                .contains("stats: workflow research completed").contains("report written to");
        // a second run knows how long the steps took
        OrchestrationCommandsTest.Out again = workflow("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "research", "BOLT");
        assertThat(again.code()).as(again.stderr()).isZero();
        assertThat(again.stderr()).contains("from earlier runs");
    }

    @Test
    void exitCodesFollowTernRun() throws Exception {
        OrchestrationCommandsTest.Out missing = workflow("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "nope", "x");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.stderr()).contains("no workflow named 'nope'");
        Files.writeString(ws.resolve("agents/writer.md"), Files.readString(ws.resolve("agents/writer.md"))
                .replace(research.writerModel(), "sim:no-such-scenario"));
        OrchestrationCommandsTest.Out failed = workflow("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "research", "ACME");
        assertThat(failed.code()).as(failed.stderr()).isEqualTo(1);
        assertThat(failed.stderr()).contains("section 'Summary'");
        OrchestrationCommandsTest.Out limited = workflow("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--timeout", "1", "research", "SLOW");
        assertThat(limited.code()).as(limited.stderr()).isEqualTo(4);
        assertThat(limited.stderr()).contains("tern: ");
    }

    @Test
    void workflowsListsNameStepsAndFile() {
        OrchestrationCommandsTest.Out r = OrchestrationCommandsTest.run(new WorkflowsCommand(), "--workspace", ws.toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode w = Json.parse(r.stdout()).get(0);
        assertThat(w.get("name").asString()).isEqualTo("research");
        assertThat(w.get("gather").asInt()).isEqualTo(4);
        assertThat(w.get("agents").toString()).isEqualTo("[\"fundamentals\",\"news\",\"risk\",\"writer\"]");
        assertThat(w.get("file").asString()).isEqualTo("workflows/research.md");
    }
}
