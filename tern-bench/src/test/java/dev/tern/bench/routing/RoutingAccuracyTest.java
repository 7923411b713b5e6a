package dev.tern.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.embed.onnx.OnnxEmbedder;
import dev.tern.orchestration.agents.AgentRegistry;
import dev.tern.orchestration.routing.Embeddings;
import dev.tern.orchestration.routing.Router;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routing test set of {@code tern bench routing}, with the real local model: at least 90 % right. */
class RoutingAccuracyTest {

    @TempDir Path ws;

    @Test
    void hybridRoutingPlacesKeywordAndParaphrasedTasks() throws Exception {
        assertThat(RoutingFixture.AGENTS).hasSizeGreaterThanOrEqualTo(8);
        assertThat(RoutingFixture.TASKS).hasSizeGreaterThanOrEqualTo(30);
        assertThat(RoutingFixture.TASKS.stream().filter(RoutingFixture.Task::semantic)).hasSizeGreaterThanOrEqualTo(15);
        RoutingFixture.writeAgents(ws);
        try (OnnxEmbedder model = new OnnxEmbedder()) {
            Router router = Embeddings.router(ws, new AgentRegistry(ws)::catalog, () -> model);
            RoutingBench.Accuracy a = RoutingBench.accuracy(router);
            assertThat(a.rate()).as(String.join("\n", a.misses())).isGreaterThanOrEqualTo(0.9);
            assertThat(a.keywordCorrect()).isEqualTo(a.keywordTotal());
        }
    }

    @Test
    void paraphrasedTasksShareNoKeywordWithTheirAgent() {
        for (RoutingFixture.Task t : RoutingFixture.TASKS) {
            if (!t.semantic()) continue;
            var terms = dev.tern.orchestration.routing.Terms.of(t.text());
            RoutingFixture.AgentSpec agent = RoutingFixture.AGENTS.stream().filter(a -> a.name().equals(t.expected())).findFirst().orElseThrow();
            for (String k : agent.keywords()) {
                assertThat(terms).as(t.text() + " contains keyword " + k).doesNotContain(dev.tern.orchestration.routing.Terms.term(k));
            }
        }
    }
}
