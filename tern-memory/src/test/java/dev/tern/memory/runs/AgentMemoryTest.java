package dev.tern.memory.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.WorkspaceMemory;
import dev.tern.memory.testutil.BagOfWordsEmbedder;
import dev.tern.memory.testutil.TestMemory;
import dev.tern.memory.vector.Embeddings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Similar-task recall: ranking, threshold, token bound, summaries cut in tokens. */
class AgentMemoryTest {

    @TempDir Path ws;
    final Clock clock = Clock.fixed(Instant.parse("2026-08-01T09:00:00Z"), ZoneOffset.UTC);

    private static RunDraft run(String agent, String task, String summary, boolean ok, Instant at) {
        return new RunDraft(agent, task, summary, ok, ok ? "COMPLETED" : "MAX_ITERATIONS", 900, 120, 0.002, Duration.ofMillis(1500),
                "m", null, at, null);
    }

    @Test
    void theMostSimilarPastTasksComeFirstWithinTheTokenBudgetAndUnrelatedOnesStayOut() throws Exception {
        Embeddings e = Embeddings.of(new BagOfWordsEmbedder("bow", 128));
        e.embed("warm");   // warm: records embed their tasks
        try (WorkspaceMemory m = TestMemory.open(ws, e, clock)) {
            AgentMemory a = m.agents();
            String long_ = "word ".repeat(2000);
            a.record(run("coder", "Fix the flaky payment webhook test", a.summarise("Patched the retry in webhook_test.go. " + long_), true,
                    clock.instant().minusSeconds(600)));
            a.record(run("coder", "Fix the payment webhook signature check", "Compared signatures in constant time.", false, clock.instant().minusSeconds(300)));
            a.record(run("coder", "Translate the onboarding emails into Spanish", "Done.", true, clock.instant()));
            a.record(run("writer", "Fix the flaky payment webhook test", "not mine", true, clock.instant()));
            assertThat(a.runs().get(List.of(1L)).getFirst().summary()).endsWith("…");

            List<AgentMemory.Similar> found = a.similar("coder", "the payment webhook test is flaky again", 5, true);
            assertThat(found.getFirst().run().task()).isEqualTo("Fix the flaky payment webhook test");
            assertThat(found).extracting(s -> s.run().agent()).containsOnly("coder");

            String block = a.contextBlock("coder", "the payment webhook test is flaky again", true);
            assertThat(block).startsWith("[Similar past tasks of agent coder");
            assertThat(block.lines().skip(1).findFirst().orElseThrow()).contains("Task: Fix the flaky payment webhook test")
                    .contains("succeeded in 1.5 s");
            assertThat(TestMemory.tokens().count(block)).isLessThanOrEqualTo(a.options().tokenBudget());
            assertThat(a.contextBlock("coder", "What is the capital of Australia?", true)).isEmpty();
            assertThat(a.sameTaskBlockOrEmpty("coder", "Fix the payment webhook signature check")).contains("did not succeed (max_iterations)");
        }
    }

    @Test
    void aRunOfAFileDefinedAgentGetsItsPastTasksAndIsRecorded() throws Exception {
        dev.tern.memory.MemoryConfig config = dev.tern.memory.MemoryConfig.parse(
                dev.tern.json.Json.parse("{\"embeddings\": \"off\"}"), "test");
        try (dev.tern.memory.MemoryRuntime memory = new dev.tern.memory.MemoryRuntime(ws, config, Embeddings::none, TestMemory.tokens(),
                clock)) {
            dev.tern.agent.RunRequest fresh = memory.forAgent("coder", dev.tern.agent.RunRequest.of("Fix the payment webhook"));
            assertThat(fresh.runtimeBlock()).isNull();           // nothing stored yet, nothing opened
            assertThat(fresh.listeners()).hasSize(1);            // but the run will be recorded
            memory.memory().agents().record(run("coder", "Fix the flaky payment webhook test", "Patched the retry.", true, clock.instant()));
            dev.tern.agent.RunRequest r = memory.forAgent("coder", dev.tern.agent.RunRequest.of("The payment webhook test is flaky")
                    .withRuntimeBlock("[Runtime Context]\nCurrent Time: now"));
            assertThat(r.runtimeBlock()).startsWith("[Runtime Context]\nCurrent Time: now\n\n[Similar past tasks of agent coder")
                    .contains("Task: Fix the flaky payment webhook test");
        }
    }
}
