package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code tern agents}, {@code tern route} and {@code tern run --agent} end to end on the simulator. */
class OrchestrationCommandsTest {

    /** A sub-agent file exactly as Claude Code's documentation writes one. */
    static final String CLAUDE_REVIEWER = """
            ---
            name: code-reviewer
            description: Expert code review specialist. Proactively reviews code for quality, security, and maintainability. Use immediately after writing or modifying code.
            tools: Read, Grep, Glob, Bash
            model: inherit
            ---

            You are a senior code reviewer ensuring high standards of code quality and security.

            When invoked:
            1. Run git diff to see recent changes
            2. Focus on modified files
            3. Begin review immediately
            """;

    @TempDir Path ws;
    SimServer sim;

    record Out(int code, String stdout, String stderr) { }

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse("""
                {"name": "review", "match": {"userContains": "review"}, "steps": [
                  {"toolCalls": [{"name": "read_file", "arguments": {"path": "app.py"}}, {"name": "grep", "arguments": {"pattern": "TODO"}}]},
                  {"text": "Reviewed: {{toolResults}}"}]}""")).build());
        Files.createDirectories(ws.resolve(".claude/agents"));
        Files.createDirectories(ws.resolve("agents"));
        Files.writeString(ws.resolve(".claude/agents/code-reviewer.md"), CLAUDE_REVIEWER);
        Files.writeString(ws.resolve("agents/db.md"), "---\nname: database-expert\ndescription: Tunes SQL queries and writes migrations.\n"
                + "keywords: [sql, migration, query]\npriority: 1\n---\nYou are a DBA.");
        Files.writeString(ws.resolve("agents/broken.md"), "---\nname: broken\ndescription: [oops\n---\n");
        Files.writeString(ws.resolve("app.py"), "def f():\n    # TODO handle errors\n    pass\n");
        Files.writeString(ws.resolve("config.json"), "{}");
    }

    @AfterEach
    void stop() { sim.close(); }

    static Out run(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        switch (command) {
            case AgentsCommand c -> { c.out = o; c.err = e; }
            case RouteCommand c -> { c.out = o; c.err = e; }
            case WorkflowsCommand c -> { c.out = o; c.err = e; }
            case WorkflowCommand c -> { c.out = o; c.err = e; c.interactive = false; }
            default -> throw new IllegalArgumentException(command.toString());
        }
        int code = new CommandLine(command).execute(args);
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void agentsListsAPageAsJsonWithTheFieldsOtherToolsRelyOn() {
        Out r = run(new AgentsCommand(), "--workspace", ws.toString(), "--json", "--page-size", "1");
        assertThat(r.code()).isZero();
        JsonNode page = Json.parse(r.stdout());
        assertThat(page.size()).isEqualTo(1);
        JsonNode a = page.get(0);
        assertThat(a.get("name").asString()).isEqualTo("database-expert");
        assertThat(a.get("description").asString()).startsWith("Tunes SQL");
        assertThat(a.get("model").asString()).isEqualTo("inherit");
        assertThat(a.get("tools").get(0).asString()).isEqualTo("*");
        assertThat(a.get("file").asString()).isEqualTo("agents/db.md");
        Out p2 = run(new AgentsCommand(), "--workspace", ws.toString(), "--json", "--page", "2", "--page-size", "1");
        JsonNode b = Json.parse(p2.stdout()).get(0);
        assertThat(b.get("name").asString()).isEqualTo("code-reviewer");
        assertThat(b.get("tools").toString()).isEqualTo("[\"Read\",\"Grep\",\"Glob\",\"Bash\"]");
        assertThat(b.get("file").asString()).isEqualTo(".claude/agents/code-reviewer.md");
        assertThat(r.stderr()).contains(ws.resolve("agents/broken.md") + ":3: invalid YAML front matter");
        Out text = run(new AgentsCommand(), "--workspace", ws.toString());
        assertThat(text.stdout()).contains("database-expert").contains("code-reviewer").contains("page 1 of 1 (2 agents)");
        assertThat(run(new AgentsCommand(), "--workspace", ws.toString(), "--page", "0").code()).isEqualTo(2);
    }

    @Test
    void routePrintsTheAgentConfidenceMethodAndRanking() {
        Out r = run(new RouteCommand(), "--workspace", ws.toString(), "--json", "speed up this slow SQL query");
        assertThat(r.code()).as(r.stderr()).isZero();
        JsonNode j = Json.parse(r.stdout());
        assertThat(j.get("agent").asString()).isEqualTo("database-expert");
        assertThat(j.get("method").asString()).isEqualTo("keyword");
        assertThat(j.get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("ranked").get(0).get("agent").asString()).isEqualTo("database-expert");
        assertThat(j.get("ranked").get(0).has("score")).isTrue();
        Out semantic = run(new RouteCommand(), "--workspace", ws.toString(), "--json", "please look over the function I just changed for quality problems");
        JsonNode s = Json.parse(semantic.stdout());
        assertThat(s.get("agent").asString()).isEqualTo("code-reviewer");
        assertThat(s.get("method").asString()).isIn("semantic", "hybrid");
    }

    @Test
    void aClaudeCodeAgentFileRunsUnchangedWithItsToolsMapped() {
        CliRun r = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:review", "--agent", "code-reviewer", "--stats", "review app.py");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).startsWith("Reviewed: def f():").contains("app.py:2:     # TODO handle errors");
        assertThat(r.stderr()).contains("code-reviewer: model sim:review (main model)").contains("stats: code-reviewer: model");
        String body = sim.requests().getLast().body();
        assertThat(body).contains("\"read_file\"").contains("\"grep\"").contains("\"glob\"").contains("\"exec\"")
                .doesNotContain("\"write_file\"").doesNotContain("\"web_fetch\"");
        assertThat(sim.requests().getLast().system()).startsWith("You are a senior code reviewer");
    }

    @Test
    void autoRoutesFirstAndSaysWhichAgentAndWhy() {
        CliRun r = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "sim:echo", "--agent", "auto", "rewrite this SQL migration");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("routed to database-expert (confidence").contains("keyword): keywords matched database-expert");
        assertThat(sim.requests().getLast().system()).isEqualTo("You are a DBA.");
        CliRun missing = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", ws.toString(), "--config",
                ws.resolve("config.json").toString(), "--model", "sim:echo", "--agent", "nobody", "hi");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.stderr()).contains("no agent named 'nobody'");
    }
}
