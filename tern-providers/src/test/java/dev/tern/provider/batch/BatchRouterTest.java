package dev.tern.provider.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tern.batch.BatchPolling;
import dev.tern.cancel.Cancellation;
import dev.tern.cost.CostMeter;
import dev.tern.cost.PriceTable;
import dev.tern.llm.ModelGateway;
import dev.tern.llm.ModelInterceptor;
import dev.tern.llm.RequestTags;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.PromptCaching;
import dev.tern.model.StreamListener;
import dev.tern.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls tagged batch=true go through the batch API inside the gateway: grouped, mapped back, priced at the batch discount. */
class BatchRouterTest {

    SimServer sim;
    HttpTransport http = HttpTransport.create();
    Metrics metrics = new Metrics();
    CostMeter costs = new CostMeter(PriceTable.bundled());
    ModelGateway gateway;

    void start(SimConfig config) {
        sim = SimServer.start(config);
        Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k");
        gateway = new ModelGateway(OpenAiProvider.fromEnv(http, env), metrics).addInterceptor(costs)
                .addInterceptor(new BatchRouter(m -> BatchApis.openai(http, env), metrics,
                        new BatchRouter.Options(Duration.ofMillis(300), 100, new BatchPolling(Duration.ofMillis(40), Duration.ofMillis(200), 1.5))));
    }

    @AfterEach
    void stop() {
        http.close();
        if (sim != null) sim.close();
    }

    static ChatRequest ask(String text, boolean batch) {
        return ChatRequest.builder("gpt-4o-mini").messages(List.of(Message.user(text)))
                .metadata(batch ? Map.of(RequestTags.BATCH, "true") : Map.of()).build();
    }

    static RunContext run(String id, Cancellation c) {
        return new RunContext(id, "worker", null, null, Events.none(id), c, new ConcurrentHashMap<>());
    }

    ChatResponse call(ChatRequest r, RunContext run, boolean stream, StreamListener l) {
        return gateway.call(r, new ModelInterceptor.CallContext(run, 1, stream, l));
    }

    long endpoint(String key) { return sim.stats().byEndpoint().getOrDefault(key, 0L); }

    @Test
    void concurrentTaggedCallsBecomeOneBatchAtHalfPriceAndUntaggedOnesStayDirect() throws Exception {
        start(SimConfig.builder().batchProcessing(Duration.ofMillis(300)).build());
        List<Future<ChatResponse>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 5; i++) {
                String q = "question number " + i;
                answers.add(pool.submit(() -> call(ask(q, true), run("r" + q.hashCode(), Cancellation.create()), false, StreamListener.NONE)));
            }
            for (int i = 0; i < 5; i++) assertThat(answers.get(i).get().message().text()).contains("question number " + i);
        }
        assertThat(endpoint("POST /v1/batches")).isEqualTo(1);
        assertThat(endpoint("POST /v1/chat/completions")).isZero();
        assertThat(sim.stats().batchItems().getOrDefault("succeeded", 0L)).isEqualTo(5);

        var billed = costs.total();
        var usage = new dev.tern.model.Usage(billed.inputTokens(), billed.outputTokens(), billed.cacheReadTokens(), billed.cacheWriteTokens());
        double standard = PriceTable.bundled().cost("gpt-4o-mini", usage, PromptCaching.Ttl.FIVE_MINUTES, false).total();
        assertThat(billed.costUsd()).isPositive().isCloseTo(standard / 2, org.assertj.core.data.Offset.offset(1e-12));

        call(ask("right now", false), run("direct", Cancellation.create()), false, StreamListener.NONE);
        assertThat(endpoint("POST /v1/chat/completions")).isEqualTo(1);
        assertThat(endpoint("POST /v1/batches")).isEqualTo(1);
    }

    @Test
    void aStreamingCallerGetsTheBatchAnswerReplayed() {
        start(SimConfig.builder().batchProcessing(Duration.ofMillis(100)).build());
        StringBuilder streamed = new StringBuilder();
        ChatResponse r = call(ask("stream it", true), run("s", Cancellation.create()), true, new StreamListener() {
            @Override public void onText(String d) { streamed.append(d); }
        });
        assertThat(streamed.toString()).isEqualTo(r.message().text()).contains("stream it");
    }

    @Test
    void aFailedRequestFailsOnlyItsCaller() throws Exception {
        start(SimConfig.builder().batchProcessing(Duration.ofMillis(200)).batchFailures("-2$").build());
        List<Object> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ChatResponse>> calls = new ArrayList<>();
            for (String q : List.of("first", "second")) {
                calls.add(pool.submit(() -> call(ask(q, true), run(q, Cancellation.create()), false, StreamListener.NONE)));
            }
            for (Future<ChatResponse> f : calls) {
                try {
                    outcomes.add(f.get().message().text());
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
        }
        // the request with custom id tern-2 failed at the vendor; the other one was answered
        assertThat(outcomes).filteredOn(o -> o instanceof String).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof ModelException).singleElement()
                .satisfies(e -> assertThat(((ModelException) e).getMessage()).contains("Simulated failure"));
        assertThat(endpoint("POST /v1/batches")).isEqualTo(1);
    }

    @Test
    void whenEveryCallerLeavesTheBatchIsCancelledAtTheVendor() throws Exception {
        start(SimConfig.builder().batchProcessing(Duration.ofSeconds(30)).build());
        Cancellation c = Cancellation.create();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ChatResponse> waiting = pool.submit(() -> call(ask("long", true), run("w", c), false, StreamListener.NONE));
            await().atMost(Duration.ofSeconds(10)).until(() -> metrics.count("batch.submitted") == 1);
            c.cancel("the user gave up");
            assertThatThrownBy(waiting::get).hasCauseInstanceOf(ModelException.class);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.count("batch.cancelled") == 1);
        assertThat(endpoint("POST /v1/batches/{id}/cancel")).isEqualTo(1);
    }
}
