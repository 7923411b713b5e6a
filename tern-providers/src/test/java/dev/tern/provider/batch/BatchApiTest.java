package dev.tern.provider.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.batch.BatchApi;
import dev.tern.batch.BatchPolling;
import dev.tern.batch.BatchRequest;
import dev.tern.batch.BatchResult;
import dev.tern.batch.BatchStatus;
import dev.tern.cancel.Cancellation;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.http.HttpTransport;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both vendors' batch APIs against the simulator: submit, poll, results by custom id, partial failure, expiry, cancel. */
class BatchApiTest {

    static final BatchPolling FAST = new BatchPolling(Duration.ofMillis(40), Duration.ofMillis(200), 1.5);

    SimServer sim;
    HttpTransport http = HttpTransport.create();

    @AfterEach
    void stop() {
        http.close();
        if (sim != null) sim.close();
    }

    BatchApi api(String vendor, SimConfig config) {
        sim = SimServer.start(config);
        Map<String, String> env = vendor.equals("anthropic")
                ? Map.of("ANTHROPIC_BASE_URL", sim.baseUrl(), "ANTHROPIC_API_KEY", "k")
                : Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k");
        return vendor.equals("anthropic") ? BatchApis.anthropic(http, env) : BatchApis.openai(http, env);
    }

    static String model(String vendor) { return vendor.equals("anthropic") ? "claude-sonnet-4" : "gpt-4o-mini"; }

    static BatchRequest req(String vendor, String id, String text) {
        return new BatchRequest(id, ChatRequest.builder(model(vendor)).messages(List.of(Message.user(text))).maxOutputTokens(200).build());
    }

    static Map<String, BatchResult> byId(List<BatchResult> results) {
        Map<String, BatchResult> m = new TreeMap<>();
        results.forEach(r -> m.put(r.customId(), r));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void submitPollAndMapResultsBackByCustomIdWithAPartialFailure(String vendor) {
        BatchApi api = api(vendor, SimConfig.builder().batchProcessing(Duration.ofMillis(400)).batchFailures("-fail$").build());
        BatchStatus created = api.submit(List.of(req(vendor, "first", "alpha question"), req(vendor, "second", "beta question"),
                req(vendor, "third-fail", "gamma question")), Cancellation.create());

        assertThat(created.id()).startsWith(vendor.equals("anthropic") ? "msgbatch_" : "batch_");
        assertThat(created.provider()).isEqualTo(vendor);
        assertThat(created.ended()).isFalse();
        assertThat(created.counts().total()).isEqualTo(3);
        int[] polls = {0};
        BatchStatus ended = FAST.awaitEnd(api, created.id(), Cancellation.create(), s -> polls[0]++);
        assertThat(polls[0]).isGreaterThan(1);
        assertThat(ended.state()).isEqualTo(BatchStatus.State.COMPLETED);
        assertThat(ended.counts().succeeded()).isEqualTo(2);
        assertThat(ended.counts().errored()).isEqualTo(1);
        assertThat(ended.endedAt()).isNotNull();

        Map<String, BatchResult> results = byId(api.results(created.id(), Cancellation.create()));
        assertThat(results).containsOnlyKeys("first", "second", "third-fail");
        assertThat(results.get("first").response().message().text()).contains("alpha question");
        assertThat(results.get("second").response().message().text()).contains("beta question");
        assertThat(results.get("first").response().usage().totalTokens()).isPositive();
        assertThat(results.get("third-fail").outcome()).isEqualTo(BatchResult.Outcome.ERRORED);
        assertThat(results.get("third-fail").error()).contains("Simulated failure");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void requestsNotAnsweredBeforeTheExpiryExpire(String vendor) {
        BatchApi api = api(vendor, SimConfig.builder().batchProcessing(Duration.ofSeconds(20)).batchExpiry(Duration.ofMillis(300)).build());
        BatchStatus created = api.submit(List.of(req(vendor, "a", "one"), req(vendor, "b", "two")), Cancellation.create());
        BatchStatus ended = FAST.awaitEnd(api, created.id(), Cancellation.create(), null);
        assertThat(ended.state()).isEqualTo(BatchStatus.State.EXPIRED);
        assertThat(ended.counts().expired()).isEqualTo(2);
        assertThat(api.results(created.id(), null)).extracting(BatchResult::outcome)
                .containsOnly(BatchResult.Outcome.EXPIRED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void aCancelledBatchEndsCancelled(String vendor) {
        BatchApi api = api(vendor, SimConfig.builder().batchProcessing(Duration.ofSeconds(20)).build());
        BatchStatus created = api.submit(List.of(req(vendor, "a", "one")), Cancellation.create());
        BatchStatus cancelling = api.cancel(created.id(), null);
        assertThat(cancelling.state()).isIn(BatchStatus.State.CANCELLING, BatchStatus.State.CANCELLED);
        BatchStatus ended = FAST.awaitEnd(api, created.id(), null, null);
        assertThat(ended.state()).isEqualTo(BatchStatus.State.CANCELLED);
        assertThat(api.results(created.id(), null)).extracting(BatchResult::outcome).containsOnly(BatchResult.Outcome.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic"})
    void resultsOfARunningBatchAreRefusedAndUnknownIdsAreNotFound(String vendor) {
        BatchApi api = api(vendor, SimConfig.builder().batchProcessing(Duration.ofSeconds(20)).build());
        BatchStatus created = api.submit(List.of(req(vendor, "a", "one")), null);
        assertThatThrownBy(() -> api.results(created.id(), null)).isInstanceOf(ModelException.class)
                .hasMessageContaining(created.id());
        assertThatThrownBy(() -> api.status("batch_nope", null)).isInstanceOfSatisfying(ModelException.class,
                e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.NOT_FOUND));
    }

    @Test
    void pollingStopsAtOnceWhenTheRunsTokenFires() {
        BatchApi api = api("openai", SimConfig.builder().batchProcessing(Duration.ofSeconds(20)).build());
        BatchStatus created = api.submit(List.of(req("openai", "a", "one")), null);
        Cancellation deadline = Cancellation.withDeadline(java.time.Instant.now().plusMillis(300));
        BatchPolling slow = new BatchPolling(Duration.ofSeconds(30), Duration.ofSeconds(30), 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.awaitEnd(api, created.id(), deadline, null)).isInstanceOfSatisfying(ModelException.class,
                e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        Cancellation cancelled = Cancellation.create();
        cancelled.cancel("user pressed Ctrl-C");
        assertThatThrownBy(() -> slow.awaitEnd(api, created.id(), cancelled, null)).isInstanceOfSatisfying(ModelException.class,
                e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.CANCELLED));
    }

    @Test
    void anOpenAiBatchNeedsOneModelAndUniqueIds() {
        BatchApi api = api("openai", SimConfig.defaults());
        assertThatThrownBy(() -> api.submit(List.of(req("openai", "a", "x"), req("anthropic", "b", "y")), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one model");
        assertThatThrownBy(() -> api.submit(List.of(req("openai", "a", "x"), req("openai", "a", "y")), null))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> new BatchRequest("bad id!", ChatRequest.builder("m").messages(List.of(Message.user("x"))).build()))
                .hasMessageContaining("letters, digits");
    }

    @Test
    void backoffGrowsToItsCeiling() {
        BatchPolling p = new BatchPolling(Duration.ofSeconds(1), Duration.ofSeconds(60), 2);
        assertThat(p.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delay(30)).isEqualTo(Duration.ofSeconds(60));
    }
}
