package dev.tern.provider;

import dev.tern.cost.FallbackModels;
import dev.tern.http.HttpTransport;
import dev.tern.llm.ModelGateway;
import dev.tern.llm.ModelInterceptor;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.StreamListener;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRouterTest {

    private static final HttpTransport TRANSPORT = HttpTransport.create();

    @AfterAll
    static void close() { TRANSPORT.close(); }

    private static ProviderRouter both() {
        return ProviderRouter.builder(TRANSPORT)
                .add(Vendor.OPENAI, ProviderConfig.of("openai", "http://127.0.0.1:9/v1", "o"))
                .add(Vendor.ANTHROPIC, ProviderConfig.of("anthropic", "http://127.0.0.1:9", "a"))
                .build();
    }

    @Test
    void explicitPrefixesPickTheProviderAndAreStripped() {
        ProviderRouter r = both();
        assertThat(r.route("openai:gpt-4o").provider()).isInstanceOf(OpenAiProvider.class);
        assertThat(r.route("openai:gpt-4o").model()).isEqualTo("gpt-4o");
        assertThat(r.route("anthropic:claude-sonnet-4-5").provider()).isInstanceOf(AnthropicProvider.class);
        assertThat(r.route("anthropic/claude-sonnet-4-5").model()).isEqualTo("claude-sonnet-4-5");
        assertThat(r.route("openai/my-finetune").provider()).isInstanceOf(OpenAiProvider.class);
        assertThat(r.route("openai/my-finetune").model()).isEqualTo("my-finetune");
        // a prefix naming the other vendor wins over the family of the rest of the name
        assertThat(r.route("openai:claude-via-proxy").provider()).isInstanceOf(OpenAiProvider.class);
    }

    @Test
    void preconnectOpensAConnectionToTheServerOfTheModelsProviderOnlyAndNoSecondOne() throws Exception {
        try (SimServer openai = SimServer.start(SimConfig.builder().build());
             SimServer anthropic = SimServer.start(SimConfig.builder().build())) {
            ProviderRouter r = ProviderRouter.builder(TRANSPORT)
                    .add(Vendor.OPENAI, ProviderConfig.of("openai", openai.baseUrl() + "/v1", "o"))
                    .add(Vendor.ANTHROPIC, ProviderConfig.of("anthropic", anthropic.baseUrl(), "a"))
                    .build();
            assertThat(r.preconnect("claude-sonnet-4-5").get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(r.preconnect("anthropic:claude-3-5-haiku-latest").get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // the client's connect completes when the kernel has the handshake; the server counts it when its accept
            // loop gets there, which can be later: wait for the count, then see that it stays at one
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).during(java.time.Duration.ofMillis(300))
                    .until(anthropic::connectionsAccepted, n -> n == 1);
            assertThat(openai.connectionsAccepted()).isZero();
            assertThat(anthropic.stats().requests()).as("a connection, no request").isZero();
        }
        // no provider for the model: nothing to connect to (the call says why); a server that is down: the future fails
        assertThat(ProviderRouter.builder(TRANSPORT).add(Vendor.ANTHROPIC, ProviderConfig.of("anthropic", "http://127.0.0.1:9", "a"))
                .build().preconnect("openai:gpt-4o").get(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        assertThat(both().preconnect("gpt-4o")).failsWithin(java.time.Duration.ofSeconds(30))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class).withCauseInstanceOf(java.io.IOException.class);
    }

    @Test
    void familiesPickTheProviderWhenBothAreConfigured() {
        ProviderRouter r = both();
        for (String m : List.of("gpt-4o-mini", "o1-preview", "o3-mini", "o4-mini", "chatgpt-4o-latest")) {
            assertThat(r.route(m).provider()).as(m).isInstanceOf(OpenAiProvider.class);
            assertThat(r.route(m).model()).isEqualTo(m);
        }
        assertThat(r.route("claude-3-5-haiku-latest").provider()).isInstanceOf(AnthropicProvider.class);
    }

    @Test
    void anUnknownFamilyGoesToTheOnlyProviderOrIsANotFoundNamingWhatIsConfigured() {
        ProviderRouter only = ProviderRouter.builder(TRANSPORT)
                .add(Vendor.OPENAI, ProviderConfig.of("openai", "http://127.0.0.1:9/v1", "")).build();
        assertThat(only.route("llama3.1:8b").provider()).isInstanceOf(OpenAiProvider.class);
        assertThat(only.route("llama3.1:8b").model()).isEqualTo("llama3.1:8b");
        assertThat(only.route("claude-x").provider()).as("a Claude name on an OpenAI-compatible gateway")
                .isInstanceOf(OpenAiProvider.class);
        assertThat(only.route("anthropic/claude-3.5-sonnet").model()).as("OpenRouter's own id, kept whole")
                .isEqualTo("anthropic/claude-3.5-sonnet");
        assertThatThrownBy(() -> both().route("llama3.1:8b")).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ModelException.Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("llama3.1:8b").contains("openai (http://127.0.0.1:9/v1)")
                    .contains("anthropic (http://127.0.0.1:9)").doesNotContain("\n");
        });
        assertThatThrownBy(() -> only.route("anthropic:claude-sonnet-4-5")).isInstanceOfSatisfying(ModelException.class, e -> {
            assertThat(e.kind()).isEqualTo(ModelException.Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("anthropic provider, which is not configured").contains("openai (");
        });
    }

    @Test
    void simModelsGoToTheConfiguredProviderUnchanged() {
        ProviderRouter anthropicOnly = ProviderRouter.builder(TRANSPORT)
                .add(Vendor.ANTHROPIC, ProviderConfig.of("anthropic", "http://127.0.0.1:9", "")).build();
        assertThat(anthropicOnly.route("sim:weather").provider()).isInstanceOf(AnthropicProvider.class);
        assertThat(anthropicOnly.route("sim:weather").model()).isEqualTo("sim:weather");
        assertThat(both().route("sim:weather").provider()).isInstanceOf(OpenAiProvider.class);
    }

    @Test
    void identicalConfigurationsShareOneProviderAndRoutesAreReused() {
        ProviderConfig c = ProviderConfig.of("openai", "http://127.0.0.1:9/v1", "k");
        ProviderRouter.Builder b = ProviderRouter.builder(TRANSPORT).add(Vendor.OPENAI, c);
        ProviderRouter r1 = b.build();
        ProviderRouter r2 = b.add(Vendor.OPENAI, ProviderConfig.of("openai", "http://127.0.0.1:9/v1", "k")).build();
        assertThat(r2.provider(Vendor.OPENAI)).isSameAs(r1.provider(Vendor.OPENAI));
        assertThat(r1.apply("openai:gpt-4o")).isSameAs(r1.apply("openai:gpt-4o"));
        assertThat(r1.apply("gpt-4o")).isSameAs(r1.provider(Vendor.OPENAI));
    }

    @Test
    void fromEnvironmentConfiguresWhatIsSet() {
        ProviderRouter r = ProviderRouter.fromEnvironment(TRANSPORT, Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "ANTHROPIC_API_KEY", "a"));
        assertThat(r.providers()).hasSize(2);
        assertThatThrownBy(() -> ProviderRouter.fromEnvironment(TRANSPORT, Map.of()))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION));
    }

    /** The case: an OpenAI primary that fails, an Anthropic fallback that answers, one simulator serving both. */
    @Test
    void anOpenAiPrimaryFallsBackToAnAnthropicModelEndToEnd() {
        try (SimServer sim = SimServer.start(SimConfig.builder().build())) {
            sim.addScenario(Scenario.parse("{\"name\":\"down\",\"steps\":[{\"text\":\"never\","
                    + "\"fault\":{\"type\":\"status\",\"status\":503}}]}"));
            sim.addScenario(Scenario.parse("{\"name\":\"up\",\"steps\":[{\"text\":\"answered by the fallback\"}]}"));
            ProviderRouter router = ProviderRouter.builder(TRANSPORT)
                    .add(Vendor.OPENAI, ProviderConfig.of("openai", sim.baseUrl() + "/v1", "sk-o").withRetry(RetryPolicy.NONE))
                    .add(Vendor.ANTHROPIC, ProviderConfig.of("anthropic", sim.baseUrl(), "sk-a"))
                    .build();
            List<String> switches = new ArrayList<>();
            ModelGateway gateway = new ModelGateway(router, new Metrics())
                    .addInterceptor(new FallbackModels(List.of("anthropic:sim:up"), FallbackModels.TRANSIENT,
                            (run, failed, error, next) -> switches.add(failed + " -> " + next + ": " + error.kind())));
            RunContext run = new RunContext("r1", "main", null, null, Events.none("r1"), Instant.MAX, new ConcurrentHashMap<>());
            for (boolean stream : new boolean[] {false, true}) {
                ChatRequest req = ChatRequest.builder("openai:sim:down").messages(List.of(Message.user("hello"))).build();
                ChatResponse r = gateway.call(req, new ModelInterceptor.CallContext(run, 1, stream, StreamListener.NONE));
                assertThat(r.message().text()).isEqualTo("answered by the fallback");
                assertThat(r.model()).isEqualTo("anthropic:sim:up");
            }
            assertThat(switches).containsExactly("openai:sim:down -> anthropic:sim:up: SERVER",
                    "openai:sim:down -> anthropic:sim:up: SERVER");
            assertThat(sim.stats().endpoint("POST /v1/chat/completions")).isEqualTo(2);
            assertThat(sim.stats().endpoint("POST /v1/messages")).isEqualTo(2);
        }
    }
}
