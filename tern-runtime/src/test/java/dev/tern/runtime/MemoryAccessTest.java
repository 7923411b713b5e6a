package dev.tern.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.memory.MemoryRuntime;
import dev.tern.memory.recall.RecallItem;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory a workspace's config describes, opened without a model: embeddings from an OpenAI-compatible endpoint, or off. */
class MemoryAccessTest {

    @TempDir Path ws;

    private RuntimeOptions options(String config, Map<String, String> env) throws Exception {
        Files.writeString(ws.resolve("config.json"), config);
        return new RuntimeOptions(ws, ws.resolve("config.json"), null, null, null, null, null, env);
    }

    @Test
    void embeddingsCanComeFromAnOpenAiCompatibleEndpoint() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.defaults())) {
            RuntimeOptions o = options("{\"memory\": {\"embeddings\": \"openai\", \"embeddingModel\": \"text-embedding-3-small\","
                    + " \"embeddingDimensions\": 128}}", Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-sim"));
            try (MemoryRuntime m = MemoryAccess.open(o)) {
                m.longTerm().remember("The user's boat is called Kestrel.", "user");
                m.longTerm().remember("The user grows tomatoes on the balcony.", "user");
                assertThat(m.memory().embeddings().modelId()).contains("text-embedding-3-small");
                assertThat(m.memory().embeddings().dimension()).isEqualTo(128);
                List<RecallItem> hits = m.longTerm().search("what is my boat called", 2);
                assertThat(hits.getFirst().text()).isEqualTo("The user's boat is called Kestrel.");
                assertThat(hits.getFirst().vector()).isPositive();
            }
            assertThat(sim.stats().byEndpoint()).containsKey("POST /v1/embeddings");
        }
    }

    @Test
    void memoryCanBeTurnedOffAndABadSectionIsASetupError() throws Exception {
        assertThat(MemoryAccess.open(options("{\"memory\": {\"enabled\": false}}", Map.of()))).isNull();
        assertThatThrownBy(() -> MemoryAccess.open(options("{\"memory\": {\"embeddings\": \"magic\"}}", Map.of())))
                .isInstanceOf(SetupException.class).hasMessageContaining("memory.embeddings must be local, openai or off");
        try (MemoryRuntime m = MemoryAccess.open(options("{\"memory\": {\"embeddings\": \"off\"}}", Map.of()))) {
            m.longTerm().remember("The user likes figs.", "user");
            assertThat(m.longTerm().search("figs", 1)).extracting(RecallItem::text).containsExactly("The user likes figs.");
        }
    }
}
