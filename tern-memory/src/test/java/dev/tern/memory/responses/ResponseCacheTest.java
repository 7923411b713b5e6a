package dev.tern.memory.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.cost.PriceTable;
import dev.tern.llm.RequestTags;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.StreamListener;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.Usage;
import dev.tern.run.AgentEvent;
import dev.tern.run.RunContext;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache in a real gateway against the simulator: hits, misses, TTL, disk tier, integrity, coalescing. */
class ResponseCacheTest {

    @TempDir Path dir;
    SimGateway g;

    @AfterEach
    void stop() {
        if (g != null) g.close();
    }

    static ChatRequest ask(String text) {
        return ChatRequest.builder("gpt-4o-mini").messages(List.of(Message.system("You answer briefly."), Message.user(text)))
                .temperature(0.0).build();
    }

    ResponseCache cache(ResponseCachePolicy p) throws IOException {
        return ResponseCache.builder(p, g.metrics).directory(dir).prices(PriceTable.bundled()).build();
    }

    SimGateway gateway(SimConfig config) {
        g = new SimGateway(SimServer.start(config));
        return g;
    }

    static final ResponseCachePolicy ON = ResponseCachePolicy.DEFAULT.withEnabled(true).withVerify(VerifyMode.ALWAYS, 1);

    @Test
    void aSecondIdenticalRequestIsAnsweredWithoutTheProviderAndBillsNothing() throws Exception {
        gateway(SimConfig.defaults());
        ResponseCache c = cache(ON);
        g.with(c);

        ChatResponse first = g.call(ask("hello"));
        ChatResponse second = g.call(ask("hello"));
        ChatResponse other = g.call(ask("something else"));

        assertThat(g.providerCalls()).isEqualTo(2);
        assertThat(second.message()).isEqualTo(first.message());
        assertThat(first.usage().totalTokens()).isPositive();
        assertThat(second.usage()).isEqualTo(Usage.ZERO);
        assertThat(other.message().text()).isNotEqualTo(first.message().text());
        ResponseCacheStats s = c.snapshot();
        assertThat(s.hits()).isEqualTo(1);
        assertThat(s.misses()).isEqualTo(2);
        assertThat(s.savedTokens()).isEqualTo(first.usage().totalTokens());
        assertThat(s.savedUsd()).isPositive(); // gpt-4o-mini has a price
        assertThat(g.events).filteredOn(e -> e instanceof AgentEvent.ModelCacheHit).hasSize(1);
        AgentEvent.ModelCacheHit hit = (AgentEvent.ModelCacheHit) g.events.stream().filter(e -> e instanceof AgentEvent.ModelCacheHit).findFirst().orElseThrow();
        assertThat(hit.coalesced()).isFalse();
        assertThat(hit.savedTokens()).isEqualTo(first.usage().totalTokens());
        assertThat(g.metrics.count("cache.response.hit")).isEqualTo(1);
    }

    @Test
    void onlyRequestsThatOptInAreCached() throws Exception {
        gateway(SimConfig.defaults());
        g.with(cache(ResponseCachePolicy.DEFAULT)); // off by default
        ChatRequest optIn = ask("cached").toBuilder().metadata(Map.of(RequestTags.RESPONSE_CACHE, "true")).build();

        g.call(ask("plain"));
        g.call(ask("plain"));
        assertThat(dir.resolve("hmac.key")).doesNotExist(); // a workspace that never caches gets no key
        g.call(optIn);
        g.call(optIn);

        assertThat(g.providerCalls()).isEqualTo(3);
        assertThat(dir.resolve("hmac.key")).exists();
    }

    @Test
    void anAgentCanOptOutOfAnEnabledCache() throws Exception {
        gateway(SimConfig.defaults());
        g.with(cache(ON));
        ChatRequest optOut = ask("fresh").toBuilder().metadata(Map.of(RequestTags.RESPONSE_CACHE, "false")).build();
        g.call(optOut);
        g.call(optOut);
        assertThat(g.providerCalls()).isEqualTo(2);
    }

    @Test
    void requestsCarryingResultsOfToolsWithSideEffectsAreNotCachedUnlessConfigured() throws Exception {
        gateway(SimConfig.defaults());
        List<Message> convo = List.of(Message.user("write and read"),
                new AssistantMessage("", List.of(new ToolCall("c1", "write_file", "{}"), new ToolCall("c2", "read_file", "{}"))),
                new ToolResultMessage("c1", "write_file", "written", false), new ToolResultMessage("c2", "read_file", "data", false));
        ChatRequest r = ChatRequest.builder("gpt-4o-mini").messages(convo).build();
        ResponseCache c = ResponseCache.builder(ON, g.metrics).directory(dir).readOnlyTools("read_file"::equals).build();
        g.with(c);

        g.call(r);
        g.call(r);
        assertThat(g.providerCalls()).isEqualTo(2);
        assertThat(c.snapshot().skipped()).isEqualTo(2);

        ChatRequest readOnly = ChatRequest.builder("gpt-4o-mini").messages(List.of(Message.user("read"),
                new AssistantMessage("", List.of(new ToolCall("c2", "read_file", "{}"))),
                new ToolResultMessage("c2", "read_file", "data", false))).build();
        g.call(readOnly);
        g.call(readOnly);
        assertThat(g.providerCalls()).isEqualTo(3);
    }

    @Test
    void sideEffectsCanBeCachedWhenConfigured() throws Exception {
        gateway(SimConfig.defaults());
        g.with(ResponseCache.builder(ON.withCacheSideEffects(true), g.metrics).build());
        ChatRequest r = ChatRequest.builder("gpt-4o-mini").messages(List.of(Message.user("w"),
                new AssistantMessage("", List.of(new ToolCall("c1", "write_file", "{}"))),
                new ToolResultMessage("c1", "write_file", "written", false))).build();
        g.call(r);
        g.call(r);
        assertThat(g.providerCalls()).isEqualTo(1);
    }

    @Test
    void entriesExpireAfterTheirTtl() throws Exception {
        gateway(SimConfig.defaults());
        AtomicLong now = new AtomicLong(1_000_000);
        ResponseCache c = ResponseCache.builder(ON.withTtl(java.time.Duration.ofMinutes(5)), g.metrics).directory(dir)
                .clock(now::get).build();
        g.with(c);

        g.call(ask("ttl"));
        now.addAndGet(299_000);
        g.call(ask("ttl"));
        assertThat(g.providerCalls()).isEqualTo(1);
        now.addAndGet(2_000);
        g.call(ask("ttl"));

        assertThat(g.providerCalls()).isEqualTo(2);
        assertThat(c.snapshot().expired()).isEqualTo(1);
    }

    @Test
    void theDiskTierSurvivesARestartAndIsSignedWithAPrivateWorkspaceKey() throws Exception {
        gateway(SimConfig.defaults());
        ChatResponse first;
        {
            ResponseCache before = cache(ON);
            first = before.intercept(ask("persist"), null, r -> g.call(r));
        }
        ResponseCache after = cache(ON); // a new process: empty memory, same folder and key
        ChatResponse again = after.intercept(ask("persist"), null, r -> g.call(r));

        assertThat(g.providerCalls()).isEqualTo(1);
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(after.snapshot().diskHits()).isEqualTo(1);
        Path key = dir.resolve("hmac.key");
        assertThat(Files.readAllBytes(key)).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty(); // written atomically, nothing left behind
        }
    }

    @Test
    void aTamperedDiskEntryIsDroppedCountedAndNeverServed() throws Exception {
        gateway(SimConfig.defaults());
        cache(ON).intercept(ask("tamper"), null, r -> g.call(r));
        Path entry = entryFile();
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 5] ^= 0x01; // one bit of the answer text
        Files.write(entry, bytes);

        ResponseCache fresh = cache(ON);
        fresh.intercept(ask("tamper"), null, r -> g.call(r));

        assertThat(g.providerCalls()).isEqualTo(2);
        assertThat(fresh.snapshot().verifyFailures()).isEqualTo(1);
        assertThat(fresh.snapshot().hits()).isZero();
        // the provider's fresh answer replaced the bad entry
        ResponseCache third = cache(ON);
        third.intercept(ask("tamper"), null, r -> g.call(r));
        assertThat(g.providerCalls()).isEqualTo(2);
        assertThat(third.snapshot().verifyFailures()).isZero();
    }

    @Test
    void anEntryCopiedUnderAnotherKeyOrWithABrokenHeaderIsRejected() throws Exception {
        gateway(SimConfig.defaults());
        ResponseCache c = cache(ON);
        c.intercept(ask("one"), null, r -> g.call(r));
        Path one = entryFile();
        String otherKey = RequestKey.of(ask("two"));
        Path two = dir.resolve(otherKey.substring(0, 2)).resolve(otherKey + ".rc");
        Files.createDirectories(two.getParent());
        Files.copy(one, two); // a validly signed answer, to another question

        ResponseCache fresh = cache(ON);
        fresh.intercept(ask("two"), null, r -> g.call(r));
        assertThat(g.providerCalls()).isEqualTo(2);
        assertThat(fresh.snapshot().verifyFailures()).isEqualTo(1);

        byte[] bytes = Files.readAllBytes(one);
        bytes[0] = 'X';
        Files.write(one, bytes);
        ResponseCache third = cache(ON);
        third.intercept(ask("one"), null, r -> g.call(r));
        assertThat(g.providerCalls()).isEqualTo(3);
        assertThat(third.snapshot().verifyFailures()).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentIdenticalRequestsMakeOneProviderCall() throws Exception {
        gateway(SimConfig.builder().latency(400, 0).build());
        ResponseCache c = ResponseCache.builder(ON, g.metrics).build();
        g.with(c);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ChatResponse>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                RunContext run = g.run("run-" + i);
                answers.add(pool.submit(() -> {
                    go.await();
                    return g.call(ask("same question"), run, false, StreamListener.NONE);
                }));
            }
            go.countDown();
            String text = answers.get(0).get().message().text();
            for (Future<ChatResponse> f : answers) assertThat(f.get().message().text()).isEqualTo(text);
        }
        assertThat(g.providerCalls()).isEqualTo(1);
        ResponseCacheStats s = c.snapshot();
        assertThat(s.misses()).isEqualTo(1);
        assertThat(s.coalesced() + s.hits()).isEqualTo(49);
        assertThat(s.coalesced()).isPositive();
    }

    @Test
    void aFollowerStopsWaitingWhenItsOwnRunIsCancelled() throws Exception {
        gateway(SimConfig.builder().latency(2_000, 0).build());
        ResponseCache c = ResponseCache.builder(ON, g.metrics).build();
        g.with(c);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ChatResponse> leader = pool.submit(() -> g.call(ask("slow"), g.run("leader"), false, StreamListener.NONE));
            org.awaitility.Awaitility.await().until(() -> c.snapshot().inFlight() == 1);
            RunContext follower = g.run("follower");
            Future<ChatResponse> waiting = pool.submit(() -> g.call(ask("slow"), follower, false, StreamListener.NONE));
            org.awaitility.Awaitility.await().until(() -> g.metrics.count("model.calls") == 0 && !waiting.isDone());
            follower.cancellation().cancel("user pressed Ctrl-C");
            assertThatThrownBy(waiting::get).hasCauseInstanceOf(ModelException.class)
                    .cause().satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ModelException.Kind.CANCELLED));
            assertThat(leader.get().message().text()).isNotEmpty(); // the leader was not disturbed
        }
        assertThat(g.providerCalls()).isEqualTo(1);
    }

    @Test
    void whenTheLeadersRunIsCancelledAFollowerAsksTheProviderItself() throws Exception {
        gateway(SimConfig.builder().latency(1_500, 0).build());
        ResponseCache c = ResponseCache.builder(ON, g.metrics).build();
        g.with(c);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            RunContext leaderRun = g.run("leader");
            Future<ChatResponse> leader = pool.submit(() -> g.call(ask("contested"), leaderRun, false, StreamListener.NONE));
            org.awaitility.Awaitility.await().until(() -> c.snapshot().inFlight() == 1);
            Future<ChatResponse> follower = pool.submit(() -> g.call(ask("contested"), g.run("follower"), false, StreamListener.NONE));
            org.awaitility.Awaitility.await().until(() -> g.providerCalls() == 1);
            leaderRun.cancellation().cancel("the leader's user left");
            assertThatThrownBy(leader::get).hasCauseInstanceOf(ModelException.class);
            assertThat(follower.get().message().text()).contains("contested");
        }
        assertThat(g.providerCalls()).isEqualTo(2);
    }

    @Test
    void aFailureOfTheRequestItselfReachesEveryFollowerWithoutRetries() throws Exception {
        gateway(SimConfig.builder().scenario(dev.tern.sim.Scenario.parse(
                "{\"name\": \"bad\", \"steps\": [{\"text\": \"x\", \"latency\": {\"ttftMs\": 500}, \"fault\": {\"type\": \"status\", \"status\": 400}}]}")).build());
        g.with(ResponseCache.builder(ON, g.metrics).build());
        ChatRequest bad = ChatRequest.builder("sim:bad").messages(List.of(Message.user("x"))).build();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ChatResponse>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                RunContext run = g.run("r" + i);
                calls.add(pool.submit(() -> {
                    go.await();
                    return g.call(bad, run, false, StreamListener.NONE);
                }));
            }
            go.countDown();
            for (Future<ChatResponse> f : calls) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(ModelException.class).cause()
                        .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ModelException.Kind.BAD_REQUEST));
            }
        }
        assertThat(g.providerCalls()).isLessThanOrEqualTo(2); // one, or two if a caller came after the first had failed
    }

    @Test
    void aStreamingCallerGetsTheCachedAnswerReplayedAsDeltas() throws Exception {
        gateway(SimConfig.defaults());
        g.with(cache(ON));
        ChatResponse first = g.call(ask("stream me a fairly long answer please, long enough to need several deltas"));
        StringBuilder streamed = new StringBuilder();
        int[] deltas = {0};
        g.call(ask("stream me a fairly long answer please, long enough to need several deltas"), g.run("s"), true,
                new StreamListener() {
                    @Override public void onText(String d) {
                        streamed.append(d);
                        deltas[0]++;
                    }
                });
        assertThat(streamed.toString()).isEqualTo(first.message().text());
        assertThat(deltas[0]).isGreaterThan(1);
        assertThat(g.events).filteredOn(e -> e instanceof AgentEvent.TextDelta).isNotEmpty();
    }

    @Test
    void noCacheServesNothingButRefreshesTheEntry() throws Exception {
        gateway(SimConfig.defaults());
        cache(ON).intercept(ask("refresh"), null, r -> g.call(r));
        ResponseCache bypass = cache(ON.withBypass(true));
        bypass.intercept(ask("refresh"), null, r -> g.call(r));
        assertThat(g.providerCalls()).isEqualTo(2);
        assertThat(bypass.snapshot().hits()).isZero();
        cache(ON).intercept(ask("refresh"), null, r -> g.call(r));
        assertThat(g.providerCalls()).isEqualTo(2);
    }

    @Test
    void memoryHitsAreVerifiedByMode() throws Exception {
        gateway(SimConfig.defaults());
        for (VerifyMode mode : VerifyMode.values()) {
            ResponseCache c = ResponseCache.builder(ON.withVerify(mode, 4), g.metrics).build();
            c.intercept(ask("verify " + mode), null, r -> g.call(r));
            for (int i = 0; i < 8; i++) c.intercept(ask("verify " + mode), null, r -> g.call(r));
            assertThat(c.snapshot().hits()).isEqualTo(8);
            assertThat(c.snapshot().verifyFailures()).isZero();
        }
        assertThat(VerifyMode.parse("Sampling")).isEqualTo(VerifyMode.SAMPLING);
        assertThatThrownBy(() -> VerifyMode.parse("sometimes")).hasMessageContaining("always, sampling or never");
    }

    private Path entryFile() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".rc")).findFirst().orElseThrow();
        }
    }
}
