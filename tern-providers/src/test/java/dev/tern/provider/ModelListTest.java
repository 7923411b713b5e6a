package dev.tern.provider;

import dev.tern.http.HttpTransport;
import dev.tern.model.ModelException;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Model lists with context windows, in every shape servers send them. */
class ModelListTest {

    private static final HttpTransport TRANSPORT = HttpTransport.create();

    @AfterAll
    static void close() { TRANSPORT.close(); }

    @Test
    void bothProvidersReadTheSimulatorsContextWindows() {
        try (SimServer sim = SimServer.start(SimConfig.builder()
                .scenario(Scenario.parse("{\"name\":\"small\",\"steps\":[{\"text\":\"x\"}]}"))
                .contextWindow("small", 8192).build())) {
            HttpModelProvider openai = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", sim.baseUrl() + "/v1", ""));
            HttpModelProvider anthropic = new AnthropicProvider(TRANSPORT, ProviderConfig.of("anthropic", sim.baseUrl(), ""));
            for (HttpModelProvider p : List.of(openai, anthropic)) {
                assertThat(p.contextWindow("sim:small")).as(p.name()).contains(8192);
                assertThat(p.models()).extracting(ModelInfo::id).contains("sim:small");
            }
        }
    }

    @Test
    void vllmOpenRouterAndAnthropicShapesAndPages() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            if (req.path().equals("/v1/models") && req.headers().containsKey("anthropic-version")) {
                ex.json(200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-a\",\"max_input_tokens\":200000,\"max_tokens\":64000}],"
                        + "\"has_more\":true,\"first_id\":\"claude-a\",\"last_id\":\"claude-a\"}");
            } else if (req.path().startsWith("/v1/models?limit=1000&after_id=claude-a")) {
                ex.json(200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-b\"}],\"has_more\":false,\"last_id\":\"claude-b\"}");
            } else if (req.path().equals("/v1/models")) {
                ex.json(200, "{\"object\":\"list\",\"data\":["
                        + "{\"id\":\"Qwen/Qwen3-8B\",\"object\":\"model\",\"max_model_len\":32768},"
                        + "{\"id\":\"openai/gpt-4o\",\"context_length\":128000,\"top_provider\":{\"max_completion_tokens\":16384}},"
                        + "{\"id\":\"plain\"}]}");
            } else {
                ex.json(404, "{\"error\":{\"message\":\"no route\"}}");
            }
        })) {
            HttpModelProvider openai = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", server.baseUrl() + "/v1", ""));
            assertThat(openai.models()).containsExactly(new ModelInfo("Qwen/Qwen3-8B", 32768, null),
                    new ModelInfo("openai/gpt-4o", 128000, 16384), new ModelInfo("plain", null, null));
            assertThat(openai.contextWindow("plain")).isEmpty();
            HttpModelProvider anthropic = new AnthropicProvider(TRANSPORT, ProviderConfig.of("anthropic", server.baseUrl(), ""));
            assertThat(anthropic.models()).containsExactly(new ModelInfo("claude-a", 200000, 64000),
                    new ModelInfo("claude-b", null, null));
            int requests = server.requestCount();
            anthropic.models();
            openai.models();
            assertThat(server.requestCount()).as("cached per provider").isEqualTo(requests);
        }
    }

    @Test
    void aServerWithoutAListIsANotFound() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> ex.json(404, "{\"error\":{\"message\":\"Not Found\"}}"))) {
            HttpModelProvider p = new OpenAiProvider(TRANSPORT, ProviderConfig.of("openai", server.baseUrl(), "")
                    .withRetry(RetryPolicy.NONE));
            assertThatThrownBy(p::models).isInstanceOfSatisfying(ModelException.class, e -> {
                assertThat(e.kind()).isEqualTo(ModelException.Kind.NOT_FOUND);
                assertThat(e.getMessage()).contains("Not Found");
            });
        }
    }
}
