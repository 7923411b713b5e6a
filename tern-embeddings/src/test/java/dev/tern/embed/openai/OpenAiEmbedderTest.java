package dev.tern.embed.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.embed.EmbeddingException;
import dev.tern.embed.cache.CacheOptions;
import dev.tern.embed.cache.CachingEmbedder;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiEmbedderTest {

    /** One client for every test, as the runtime shares one. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LoopbackEmbeddingsServer server;
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackEmbeddingsServer(12);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private OpenAiEmbedder embedder(OpenAiEmbeddingConfig config) {
        // records each wait, then really waits (a tenth of it) so the retry is a real second request
        return new OpenAiEmbedder(HTTP, config, d -> {
            waits.add(d);
            Thread.sleep(d.toMillis() / 10);
        });
    }

    private OpenAiEmbeddingConfig config() {
        return OpenAiEmbeddingConfig.of(server.baseUrl(), "sk-test", "text-embedding-3-small");
    }

    @Test
    void batchesAreSplitPerRequestAndVectorsComeBackInInputOrder() {
        OpenAiEmbedder e = embedder(config().withDimensions(8).withBatching(2, 10_000));
        List<String> texts = List.of("one", "two", "three", "four", "five");
        List<float[]> v = e.embedAll(texts);
        assertThat(server.requests).hasSize(3);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(v.get(i)).containsExactly(LoopbackEmbeddingsServer.vectorOf(texts.get(i), 8));
        }
        LoopbackEmbeddingsServer.Seen first = server.requests.getFirst();
        assertThat(first.authorization()).isEqualTo("Bearer sk-test");
        assertThat(first.body().get("model").asString()).isEqualTo("text-embedding-3-small");
        assertThat(first.body().get("dimensions").asInt()).isEqualTo(8);
        assertThat(first.body().get("input").size()).isEqualTo(2);
        assertThat(e.modelId()).isEqualTo("text-embedding-3-small@8");
        assertThat(e.dimension()).isEqualTo(8);
        assertThat(e.counters()).containsEntry("httpRequests", 3L).containsEntry("embeddedTexts", 5L).containsEntry("promptTokens", 5L);
    }

    @Test
    void aRequestIsAlsoBoundedByCharacters() {
        OpenAiEmbedder e = embedder(config().withBatching(100, 10));
        e.embedAll(List.of("aaaaaa", "bbbbbb", "cc", "dddddddddddddddddd"));
        assertThat(server.requests).extracting(s -> s.body().get("input").size()).containsExactly(1, 2, 1);
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndRetried() {
        server.script.add(new LoopbackEmbeddingsServer.Reply(429, Map.of("Retry-After", "1"),
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"));
        OpenAiEmbedder e = embedder(config());
        float[] v = e.embed("rate limited text");
        assertThat(v).containsExactly(LoopbackEmbeddingsServer.vectorOf("rate limited text", 12));
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(server.requests).hasSize(2);
        assertThat(e.counters()).containsEntry("httpRetries", 1L);
    }

    @Test
    void retryAfterMsIsPreferredAndServerErrorsBackOffExponentially() {
        server.script.add(new LoopbackEmbeddingsServer.Reply(429, Map.of("retry-after-ms", "250", "Retry-After", "9"), "{}"));
        server.script.add(new LoopbackEmbeddingsServer.Reply(503, Map.of(), "overloaded"));
        server.script.add(new LoopbackEmbeddingsServer.Reply(500, Map.of(), "{\"error\":{\"message\":\"boom\"}}"));
        OpenAiEmbedder e = embedder(config().withRetries(4, Duration.ofMillis(400), Duration.ofSeconds(10)));
        e.embed("x");
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800)); // attempt 1: 800 ms, equal jitter
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1600));
    }

    @Test
    void aClientErrorFailsAtOnceWithTheServersMessage() {
        server.script.add(new LoopbackEmbeddingsServer.Reply(400, Map.of(),
                "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\"}}"));
        OpenAiEmbedder e = embedder(config());
        assertThatThrownBy(() -> e.embed("too long"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("maximum context length");
        assertThat(server.requests).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void retriesAreBoundedAndTheLastProblemIsReported() {
        for (int i = 0; i < 3; i++) {
            server.script.add(new LoopbackEmbeddingsServer.Reply(503, Map.of(), "{\"error\":{\"message\":\"upstream down\"}}"));
        }
        OpenAiEmbedder e = embedder(config().withRetries(2, Duration.ofMillis(10), Duration.ofMillis(50)));
        assertThatThrownBy(() -> e.embed("x"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining("HTTP 503: upstream down");
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsWithoutWaiting() {
        server.script.add(new LoopbackEmbeddingsServer.Reply(429, Map.of("Retry-After", "3600"), "{}"));
        OpenAiEmbedder e = embedder(config());
        assertThatThrownBy(() -> e.embed("x")).isInstanceOf(EmbeddingException.class).hasMessageContaining("retry after 3600000 ms");
        assertThat(waits).isEmpty();
    }

    @Test
    void aDeadServerIsRetriedThenReported() {
        server.close();
        OpenAiEmbedder e = embedder(config().withRetries(1, Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThatThrownBy(() -> e.embed("x")).isInstanceOf(EmbeddingException.class).hasMessageContaining("after 2 attempts");
        assertThat(waits).hasSize(1);
    }

    @Test
    void base64VectorsAreDecoded() {
        OpenAiEmbedder e = embedder(config().withBase64(true).withDimensions(6));
        assertThat(e.embed("b64")).containsExactly(LoopbackEmbeddingsServer.vectorOf("b64", 6));
        assertThat(server.requests.getFirst().body().get("encoding_format").asString()).isEqualTo("base64");
    }

    @Test
    void theDimensionIsLearntFromTheServerWhenNotConfigured() {
        OpenAiEmbedder e = embedder(OpenAiEmbeddingConfig.of(server.baseUrl(), null, "local-model"));
        assertThat(e.dimension()).isEqualTo(12);
        assertThat(server.requests).hasSize(1);
        assertThat(server.requests.getFirst().authorization()).isNull();
        e.embed("a");
        assertThat(e.dimension()).isEqualTo(12);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void malformedResponsesAreClearErrors() {
        server.script.add(new LoopbackEmbeddingsServer.Reply(200, Map.of(), "{\"data\":[]}"));
        server.script.add(new LoopbackEmbeddingsServer.Reply(200, Map.of(), "not json"));
        OpenAiEmbedder e = embedder(config());
        assertThatThrownBy(() -> e.embed("x")).isInstanceOf(EmbeddingException.class).hasMessageContaining("no vector for input 0");
        assertThatThrownBy(() -> e.embed("x")).isInstanceOf(EmbeddingException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void behindTheCacheRepeatedTextsAreNeverRequestedAgain() {
        CachingEmbedder cached = new CachingEmbedder(embedder(config().withDimensions(4)), CacheOptions.memoryOnly());
        List<String> texts = new ArrayList<>(List.of("fact one", "fact two", "fact one"));
        cached.embedAll(texts);
        cached.embedAll(List.of("fact two", "fact three"));
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(1).body().get("input").size()).isEqualTo(1);
        assertThat(cached.counters()).containsEntry("embeddedTexts", 3L).containsEntry("cacheMisses", 3L);
    }
}
