package dev.tern.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.http.HttpTransport;
import dev.tern.model.ChatRequest;
import dev.tern.model.UserMessage;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimRequest;
import dev.tern.sim.SimServer;
import dev.tern.store.MemoryRateLimitStore;
import dev.tern.store.RateLimitStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two provider instances (as on two gateway nodes) share one rate-limit store: when the provider tells
 * one of them to wait (429 with Retry-After), the other waits too instead of rediscovering the limit.
 */
class SharedRateLimitsTest {

    @Test
    void aRetryAfterSeenByOneNodeHoldsBackTheOther() throws Exception {
        String limited = """
                {"name": "limited", "steps": [{"text": "ok", "fault": {"type": "status", "status": 429, "retryAfter": "2", "times": 1}}]}""";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(limited)).build());
             HttpTransport http = HttpTransport.create()) {
            RateLimitStore shared = new MemoryRateLimitStore();
            ProviderConfig cfg = ProviderConfig.of("openai", sim.baseUrl() + "/v1", "k").withRateLimits(shared);
            OpenAiProvider nodeA = new OpenAiProvider(http, cfg);
            OpenAiProvider nodeB = new OpenAiProvider(http, cfg);
            ChatRequest req = ChatRequest.builder("sim:limited").messages(List.of(new UserMessage("hi"))).build();

            CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> nodeA.chat(req).message().text(),
                    r -> Thread.ofVirtual().start(r));
            // node A has read the 429 and published its Retry-After to the shared store
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shared.get(cfg.account()).blockedUntil() != null);
            long limitedAt = sim.requests().getLast().timeMs();
            assertThat(nodeB.chat(req).message().text()).isEqualTo("ok");
            assertThat(a.get()).isEqualTo("ok");

            // node B sent nothing before node A's Retry-After had passed
            List<SimRequest> after = sim.requests().stream().filter(r -> r.timeMs() > limitedAt).toList();
            assertThat(after).hasSize(2).allSatisfy(r -> assertThat(r.timeMs() - limitedAt).isGreaterThanOrEqualTo(1_900));
            assertThat(sim.stats().byStatus().getOrDefault(429, 0L)).isEqualTo(1);
            assertThat(shared.get(cfg.account()).blockedUntil()).isNotNull();
        }
    }
}
