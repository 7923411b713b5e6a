package dev.tern.provider;

import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelProvider;
import dev.tern.model.PromptCaching;
import dev.tern.model.StreamListener;
import dev.tern.model.ToolSpec;
import dev.tern.model.Usage;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC target "prompt cache": a 20-turn session on the Anthropic wire format reads ≥ 90 % of its
 * input tokens from the prompt cache from turn 2 on. The simulator's cache is honest: a prefix
 * counts only if an earlier request sent exactly the same bytes with a breakpoint there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromptCacheSessionTest {

    private HttpTransport transport;
    private SimServer sim;

    @BeforeAll
    void start() {
        transport = HttpTransport.create();
        sim = SimServer.start(SimConfig.builder().build());
        sim.addScenario(Scenario.parse("{\"name\":\"chat\",\"steps\":[{\"text\":\"Noted: {{user}}\"}]}"));
    }

    @AfterAll
    void stop() {
        sim.close();
        transport.close();
    }

    private List<Usage> session(ModelProvider provider, PromptCaching caching) {
        String system = "You are Tern, a careful assistant. ".repeat(300); // ~10 KB, well above the 1024-token minimum
        List<ToolSpec> tools = List.of(new ToolSpec("read_file", "Read a file from the workspace",
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}"));
        List<Message> history = new ArrayList<>(List.of(Message.system(system)));
        List<Usage> usages = new ArrayList<>();
        for (int turn = 1; turn <= 20; turn++) {
            history.add(Message.user("Turn " + turn + ": please remember the number " + (turn * 7919) + "."));
            ChatRequest req = ChatRequest.builder("sim:chat").messages(history).tools(tools).maxOutputTokens(256)
                    .caching(caching).cacheKey("session-1").build();
            ChatResponse r = provider.stream(req, StreamListener.NONE);
            usages.add(r.usage());
            history.add(r.message());
        }
        return usages;
    }

    private static double worstReadShareFromTurn2(List<Usage> usages) {
        return usages.subList(1, usages.size()).stream()
                .mapToDouble(u -> (double) u.cacheReadTokens() / u.totalInputTokens()).min().orElse(0);
    }

    @Test
    void anthropicSessionReadsAtLeast90PercentFromCacheFromTurnTwo() {
        Function<PromptCaching, List<Usage>> run = c -> session(new AnthropicProvider(transport,
                ProviderConfig.of("anthropic", sim.baseUrl(), "k")), c);
        List<Usage> cached = run.apply(PromptCaching.DEFAULT);
        assertThat(cached.getFirst().cacheWriteTokens()).isPositive();
        double worst = worstReadShareFromTurn2(cached);
        System.out.printf("anthropic 20-turn session: worst cache-read share from turn 2 = %.3f%n", worst);
        assertThat(worst).isGreaterThanOrEqualTo(0.90);

        sim.resetState();
        List<Usage> uncached = run.apply(PromptCaching.NONE);
        assertThat(uncached).allMatch(u -> u.cacheReadTokens() == 0);
    }

    @Test
    void openAiSessionWithCacheKeyGetsCachedTokensReported() {
        List<Usage> usages = session(new OpenAiProvider(transport,
                ProviderConfig.of("openai", sim.baseUrl() + "/v1", "k")), PromptCaching.NONE);
        double worst = worstReadShareFromTurn2(usages);
        System.out.printf("openai 20-turn session: worst cached share from turn 2 = %.3f%n", worst);
        assertThat(worst).isGreaterThanOrEqualTo(0.80);
        assertThat(usages.get(5).inputTokens() + usages.get(5).cacheReadTokens()).isEqualTo(usages.get(5).totalInputTokens());
    }
}
