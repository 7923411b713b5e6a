package dev.tern.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.facts.Fact;
import dev.tern.memory.recall.RecallBlock;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimRequest;
import dev.tern.sim.SimServer;
import dev.tern.tokens.Tokenizers;
import dev.tern.workspace.context.WorkspaceChat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory through the whole runtime, checked where it matters: in the requests the model receives
 * (the simulator's request log). Issue 16: a fact told in session 1 is recalled in session 5 when
 * relevant and not when irrelevant; a contradiction supersedes; forget removes. Issue 12: after 20
 * runs, a similar task's request carries the most similar past task within its token budget.
 */
class MemoryEndToEndTest {

    @TempDir Path ws;

    private static final String CONSOLIDATE_FIRST = """
            {"name": "consolidate-first", "match": {"userContains": "I live in Lisbon"}, "steps": [{"toolCalls": [{"name": "save_memory",
              "arguments": {"history_entry": "[2026-05-01 10:00] Maya introduced herself: Lisbon, vegetarian, daughter Ines (7).",
                "facts": [
                  {"text": "The user's name is Maya Lindqvist.", "subject": "user", "attribute": "name"},
                  {"text": "The user lives in Lisbon, Portugal.", "subject": "user", "attribute": "city"},
                  {"text": "The user is vegetarian and does not eat fish.", "subject": "user", "attribute": "diet"},
                  {"text": "The user's daughter Ines is seven years old.", "subject": "user", "attribute": "daughter"}],
                "relations": [{"subject": "Ines", "relation": "daughter of", "object": "Maya Lindqvist", "subject_type": "person"}]}}]}]}
            """;
    private static final String CONSOLIDATE_MOVE = """
            {"name": "consolidate-move", "match": {"userContains": "moved to Porto"}, "steps": [{"toolCalls": [{"name": "save_memory",
              "arguments": {"history_entry": "[2026-06-01 10:00] Maya moved from Lisbon to Porto.",
                "facts": [{"text": "The user lives in Porto, Portugal.", "subject": "user", "attribute": "city"}], "relations": []}}]}]}
            """;

    private RuntimeOptions options(SimServer sim, String config) throws Exception {
        Path file = ws.resolve("config.json");
        Files.writeString(file, config);
        return new RuntimeOptions(ws, file, null, null, null, null, null,
                Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-sim"));
    }

    /** The recalled-memory block of a user turn ("" when there is none). */
    private static String recalled(String turn) {
        int at = turn.indexOf("\n\n" + RecallBlock.HEADER + "\n");  // its own block, not a quote inside a past answer
        if (at < 0) return "";
        int end = turn.indexOf("\n\n[", at);
        return end < 0 ? turn.substring(at) : turn.substring(at, end);
    }

    private static String lastUserTurn(SimServer sim, String model) {
        List<SimRequest> chats = sim.requests().stream().filter(r -> model.equals(r.model())).toList();
        SimRequest last = chats.getLast();
        assertThat(last.system()).as("the system prompt stays free of recalled memory").doesNotContain("Recalled memory");
        return last.messages().getLast().text();
    }

    @Test
    void aFactFromSessionOneIsRecalledInSessionFiveOnlyWhenRelevant() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(CONSOLIDATE_FIRST))
                .scenario(Scenario.parse(CONSOLIDATE_MOVE)).requestLog(512, 64 * 1024).build())) {
            RuntimeOptions o = options(sim, "{\"agents\": {\"defaults\": {\"model\": \"echo\", \"memoryModel\": \"consolidator\"}}}");
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(o)) {
                WorkspaceChat s1 = tern.chat("s1");
                s1.send("Hi! I'm Maya Lindqvist, I live in Lisbon, I'm vegetarian and my daughter Ines is seven.", "cli", "s1", List.of());
                assertThat(tern.consolidator().consolidate(s1.session(), s1.session().size()).ok()).isTrue();
                tern.chat("s2").send("Thanks for the help with the spreadsheet yesterday.", "cli", "s2", List.of());
                WorkspaceChat s3 = tern.chat("s3");
                s3.send("Big news: I moved to Porto last month.", "cli", "s3", List.of());
                assertThat(tern.consolidator().consolidate(s3.session(), s3.session().size()).ok()).isTrue();
            }
            assertThat(Files.readString(ws.resolve("memory/MEMORY.md"))).contains("The user lives in Porto, Portugal.")
                    .doesNotContain("Lisbon, Portugal").contains("The user is vegetarian");
            assertThat(Files.readString(ws.resolve("memory/HISTORY.md"))).contains("Maya moved from Lisbon to Porto");

            // session 5: a new process, a new session
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(options(sim, Files.readString(ws.resolve("config.json"))))) {
                WorkspaceChat s5 = tern.chat("s5");
                s5.send("What present should I get my daughter?", "cli", "s5", List.of());
                assertThat(lastUserTurn(sim, "echo")).contains(RecallBlock.HEADER).contains("The user's daughter Ines is seven years old.");

                s5.send("Where could I go for a nice walk near where I live?", "cli", "s5", List.of());
                assertThat(lastUserTurn(sim, "echo")).contains("The user lives in Porto, Portugal.").doesNotContain("Lisbon, Portugal");

                s5.send("What is the capital of Australia?", "cli", "s5", List.of());
                assertThat(lastUserTurn(sim, "echo")).doesNotContain(RecallBlock.HEADER);

                s5.send("Suggest a dessert I can safely eat.", "cli", "s5", List.of());
                assertThat(lastUserTurn(sim, "echo")).contains("The user is vegetarian and does not eat fish.");

                // the contradiction kept the old fact as history
                var lt = tern.longTermMemory().longTerm();
                Fact porto = lt.facts().aboutSubjects(List.of("user"), 50).stream().filter(f -> f.text().contains("Porto")).findFirst().orElseThrow();
                assertThat(lt.facts().history(porto.id())).extracting(Fact::text)
                        .containsExactly("The user lives in Porto, Portugal.", "The user lives in Lisbon, Portugal.");

                // forget removes it from recall and from MEMORY.md
                Fact diet = lt.facts().aboutSubjects(List.of("user"), 50).stream().filter(f -> f.text().contains("vegetarian")).findFirst().orElseThrow();
                assertThat(lt.forget(List.of(diet.id()))).containsExactly(diet.id());
                lt.flushView();
                assertThat(Files.readString(ws.resolve("memory/MEMORY.md"))).doesNotContain("vegetarian");
                s5.send("Suggest a dessert I can safely eat.", "cli", "s5", List.of());
                assertThat(recalled(lastUserTurn(sim, "echo"))).doesNotContain("vegetarian");
            }
        }
    }

    private static final List<String> TASKS = List.of(
            "Fix the flaky payment webhook test", "Add pagination to the invoices endpoint", "Write release notes for version 2.3",
            "Upgrade the PostgreSQL driver to the latest version", "Add a dark mode toggle to the settings page",
            "Translate the onboarding emails into Spanish", "Profile the slow customer search query",
            "Remove the deprecated v1 reporting API", "Add rate limiting to the public login endpoint",
            "Document the deployment runbook for the on-call team", "Migrate the cron jobs to Kubernetes CronJobs",
            "Set up alerts for disk usage on the database hosts", "Refactor the order service into smaller modules",
            "Add unit tests for the currency conversion helper", "Investigate the memory leak in the image resizer",
            "Rotate the API keys of the staging environment", "Create a dashboard for weekly active users",
            "Fix the broken links in the developer documentation", "Add CSV export to the admin reports page",
            "Review the accessibility of the checkout form");

    @Test
    void afterTwentyRunsASimilarTaskCarriesTheMostSimilarPastTaskWithinItsBudget() throws Exception {
        String worker = "{\"name\": \"worker\", \"steps\": [{\"text\": \"Done: {{lorem:40}}\"}]}";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(worker)).requestLog(256, 64 * 1024).build())) {
            RuntimeOptions o = options(sim, "{\"agents\": {\"defaults\": {\"model\": \"sim:worker\"}}, \"memory\": {\"pastRunTokens\": 300}}");
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(o)) {
                // the embedding model loaded first (a chat loads it in the background from its second turn; how far it
                // got by turn 20 depends on the machine's load): every run is then recorded with its vector
                var embeddings = tern.longTermMemory().memory().embeddings();
                embeddings.warmUp();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(embeddings::ready);
                for (int i = 0; i < TASKS.size(); i++) tern.chat("run-" + i).send(TASKS.get(i), "cli", "run-" + i, List.of());
                assertThat(tern.longTermMemory().flushRuns(30_000)).as("finished runs stored by the writer").isTrue();
                var runs = tern.longTermMemory().memory().agents().runs();
                assertThat(runs.countByAgent()).containsEntry("main", 20L);
                assertThat(runs.recent("main", 20)).allSatisfy(r -> {
                    assertThat(r.success()).isTrue();
                    assertThat(r.summary()).startsWith("Done:");
                    assertThat(r.inputTokens()).isPositive();
                    assertThat(r.outputTokens()).isPositive();
                });

                tern.chat("run-new").send("The payment webhook test is flaky again, please fix it", "cli", "run-new", List.of());
                String turn = lastUserTurn(sim, "sim:worker");
                int at = turn.indexOf("[Similar past tasks of agent main");
                assertThat(at).as(turn).isPositive();
                String block = turn.substring(at);
                String first = block.lines().skip(1).findFirst().orElseThrow();
                assertThat(first).contains("Task: Fix the flaky payment webhook test").contains("succeeded");
                assertThat(new Tokenizers().forModel("sim:worker").count(block)).isLessThanOrEqualTo(300);
                assertThat(tern.longTermMemory().flushRuns(30_000)).isTrue();
                assertThat(runs.count()).isEqualTo(21);
            }
        }
    }
}
