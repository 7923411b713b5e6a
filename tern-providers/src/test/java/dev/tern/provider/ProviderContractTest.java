package dev.tern.provider;

import dev.tern.json.Json;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import dev.tern.model.ModelProvider;
import dev.tern.model.StopReason;
import dev.tern.model.StreamListener;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.http.HttpTransport;
import dev.tern.cancel.Cancellation;
import dev.tern.http.TransportOptions;
import dev.tern.http.Transports;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import dev.tern.sim.Scenario;
import dev.tern.sim.SelfSignedCertificate;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every provider must do on every transport, proven against the simulator speaking its wire
 * format: answers, streaming, tool calls, usage, and the fault behaviour (waits out 429s, retries
 * transient failures, never retries after output reached the user, times out stalls, reports
 * garbage), the run's cancellation and deadline in every phase of a call, and the model list. {@code h2c} runs
 * against the simulator speaking HTTP/2 by prior knowledge, {@code jetty} against the simulator on TLS (h2 by ALPN,
 * as providers are reached: on plain http that transport is the socket one).
 */
@ParameterizedClass(name = "transport {0}")
@ValueSource(strings = {Transports.SOCKET, Transports.JDK, Transports.H2C, Transports.JETTY})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderContractTest {

    @Parameter
    protected String transportName;

    protected static final RetryPolicy FAST_RETRY =
            new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));
    protected static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}";
    private static final List<ToolSpec> TOOLS = List.of(new ToolSpec("read_file", "Read a file", SCHEMA),
            new ToolSpec("list_dir", "List a folder", SCHEMA));

    private static final String TLS_PASSWORD = "contract-pw";

    protected HttpTransport transport;
    protected SimServer sim;
    /** The simulator's self-signed certificate when it speaks TLS (for {@code jetty}), else null. */
    private Path keyStore;

    /** The provider under test, talking to {@code sim} with {@code config}. */
    protected abstract HttpModelProvider create(HttpTransport transport, ProviderConfig config);

    /** The provider's config for the simulator (base URL as that provider expects it). */
    protected abstract ProviderConfig config(SimServer server);

    @BeforeParameterizedClassInvocation
    void startSimulator() throws IOException {
        TransportOptions options = TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(2));
        if (transportName.equals(Transports.JETTY)) {
            Path dir = Files.createTempDirectory("tern-contract-tls");
            keyStore = SelfSignedCertificate.create(dir, TLS_PASSWORD);
            options = options.withTls(SelfSignedCertificate.trusting(keyStore, TLS_PASSWORD));
        }
        transport = Transports.create(transportName, options);
        sim = SimServer.start(simConfig().build());
    }

    @AfterParameterizedClassInvocation
    void stopSimulator() throws IOException {
        sim.close();
        transport.close();
        if (keyStore != null) {
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(keyStore.getParent());
        }
    }

    /**
     * The simulator's config for this transport: h2c needs a simulator that speaks HTTP/2 (Jetty's server, h2c),
     * jetty one on TLS.
     */
    protected SimConfig.Builder simConfig() {
        SimConfig.Builder b = SimConfig.builder().http2(transportName.equals(Transports.H2C));
        return keyStore == null ? b : b.tls(keyStore, TLS_PASSWORD);
    }

    private HttpModelProvider provider() {
        return create(transport, config(sim).withRetry(FAST_RETRY)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5)));
    }

    private String scenario(String name, String stepsJson) {
        sim.addScenario(Scenario.parse("{\"name\":\"" + name + "\",\"steps\":" + stepsJson + "}"));
        return "sim:" + name;
    }

    private static ChatRequest ask(String model, String text) {
        return ChatRequest.builder(model).messages(List.of(Message.system("You are a test."), Message.user(text)))
                .tools(TOOLS).maxOutputTokens(512).build();
    }

    private long requestsFor(String model) {
        return sim.stats().scenario(model.substring("sim:".length()));
    }

    /** Records every callback in order. */
    protected static final class Recorder implements StreamListener {
        public final List<String> events = Collections.synchronizedList(new ArrayList<>());
        public final StringBuilder text = new StringBuilder();
        public final List<Duration> retries = Collections.synchronizedList(new ArrayList<>());

        @Override public void onFirstByte() { events.add("first"); }
        @Override public void onText(String d) { events.add("text"); text.append(d); }
        @Override public void onToolCallStart(int i, String id, String name) { events.add("start:" + i + ":" + name); }
        @Override public void onToolCallArguments(int i, String d) { events.add("args:" + i); }
        @Override public void onRetry(int attempt, Duration delay, String reason) { retries.add(delay); }
    }

    @Test
    void plainTextAnswer() {
        String model = scenario("plain", "[{\"text\":\"Hello from the simulator.\"}]");
        ChatResponse r = provider().chat(ask(model, "hi"));
        assertThat(r.message().text()).isEqualTo("Hello from the simulator.");
        assertThat(r.message().toolCalls()).isEmpty();
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void streamingTextArrivesInDeltas() {
        String model = scenario("streamtext", "[{\"text\":\"one two three four five six seven eight nine ten\"}]");
        Recorder rec = new Recorder();
        ChatResponse r = provider().stream(ask(model, "count"), rec);
        assertThat(r.message().text()).isEqualTo("one two three four five six seven eight nine ten");
        assertThat(rec.text.toString()).isEqualTo(r.message().text());
        assertThat(rec.events.stream().filter(e -> e.equals("text")).count()).isGreaterThan(1);
        assertThat(rec.events.getFirst()).isEqualTo("first");
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void singleToolCallStreamed() {
        String model = scenario("onetool", "[{\"toolCalls\":[{\"name\":\"read_file\",\"arguments\":{\"path\":\"notes/a.txt\"}}]}]");
        Recorder rec = new Recorder();
        ChatResponse r = provider().stream(ask(model, "read it"), rec);
        assertThat(r.message().toolCalls()).hasSize(1);
        ToolCall call = r.message().toolCalls().getFirst();
        assertThat(call.name()).isEqualTo("read_file");
        assertThat(call.id()).isNotBlank();
        assertThat(Json.parse(call.argumentsJson())).isEqualTo(Json.parse("{\"path\":\"notes/a.txt\"}"));
        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(rec.events).contains("start:0:read_file");
    }

    @Test
    void parallelToolCallsKeepOrderIdsAndArguments() {
        String model = scenario("parallel", "[{\"toolCalls\":["
                + "{\"name\":\"read_file\",\"arguments\":{\"path\":\"a.txt\"}},"
                + "{\"name\":\"list_dir\",\"arguments\":{\"path\":\"src/main/java/dev/tern/provider\"}},"
                + "{\"name\":\"read_file\",\"arguments\":{\"path\":\"c.txt\"}}]}]");
        for (boolean stream : new boolean[] {true, false}) {
            Recorder rec = new Recorder();
            ChatResponse r = stream ? provider().stream(ask(model, "go"), rec) : provider().chat(ask(model, "go"));
            List<ToolCall> calls = r.message().toolCalls();
            assertThat(calls).extracting(ToolCall::name).containsExactly("read_file", "list_dir", "read_file");
            assertThat(calls).extracting(ToolCall::id).doesNotHaveDuplicates().allMatch(id -> !id.isBlank());
            assertThat(Json.parse(calls.get(1).argumentsJson()).path("path").asString())
                    .isEqualTo("src/main/java/dev/tern/provider");
            assertThat(Json.parse(calls.get(2).argumentsJson()).path("path").asString()).isEqualTo("c.txt");
            if (stream) assertThat(rec.events).containsSubsequence("start:0:read_file", "start:1:list_dir", "start:2:read_file");
        }
    }

    @Test
    void fullToolRoundTrip() {
        String model = scenario("roundtrip", "[{\"toolCalls\":[{\"name\":\"read_file\",\"arguments\":{\"path\":\"a.txt\"}},"
                + "{\"name\":\"list_dir\",\"arguments\":{\"path\":\".\"}}]},"
                + "{\"text\":\"The file says {{toolResult:read_file}}.\"}]");
        ModelProvider p = provider();
        ChatRequest first = ask(model, "what is in a.txt?");
        ChatResponse r1 = p.stream(first, StreamListener.NONE);
        List<ToolCall> calls = r1.message().toolCalls();
        assertThat(calls).hasSize(2);
        List<Message> history = new ArrayList<>(first.messages());
        history.add(r1.message());
        history.add(new ToolResultMessage(calls.get(0).id(), "read_file", "alpha beta", false));
        history.add(new ToolResultMessage(calls.get(1).id(), "list_dir", "a.txt", false));
        ChatResponse r2 = p.stream(first.withMessages(history), StreamListener.NONE);
        assertThat(r2.message().text()).isEqualTo("The file says alpha beta.");
        assertThat(r2.message().toolCalls()).isEmpty();
        assertThat(r2.stopReason()).isEqualTo(StopReason.END_TURN);
        // the same history sent without streaming gives the same answer
        assertThat(p.chat(first.withMessages(history)).message().text()).isEqualTo("The file says alpha beta.");
    }

    @Test
    void usageIsReported() {
        String model = scenario("usage", "[{\"text\":\"a short answer with several tokens in it\"}]");
        for (boolean stream : new boolean[] {true, false}) {
            ChatResponse r = stream ? provider().stream(ask(model, "tokens please"), StreamListener.NONE)
                    : provider().chat(ask(model, "tokens please"));
            assertThat(r.usage().totalInputTokens()).isPositive();
            assertThat(r.usage().outputTokens()).isPositive();
        }
    }

    @Test
    void rateLimitWithRetryAfterIsWaitedOutNotHammered() {
        String model = scenario("ratelimited", "[{\"text\":\"finally\",\"fault\":{\"type\":\"status\",\"status\":429,"
                + "\"retryAfter\":\"1\",\"times\":1}}]");
        Recorder rec = new Recorder();
        long t0 = System.nanoTime();
        ChatResponse r = provider().stream(ask(model, "hi"), rec);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.message().text()).isEqualTo("finally");
        assertThat(requestsFor(model)).isEqualTo(2);
        assertThat(rec.retries).containsExactly(Duration.ofSeconds(1));
        assertThat(ms).isBetween(950L, 6000L);
    }

    @Test
    void blockingCallsReportTheirRetriesToo() {
        String model = scenario("blockingretry", "[{\"text\":\"patience\",\"fault\":{\"type\":\"status\",\"status\":503,"
                + "\"retryAfter\":\"0.2\",\"times\":1}}]");
        Recorder rec = new Recorder();
        ChatResponse r = provider().chat(ask(model, "x"), rec);
        assertThat(r.message().text()).isEqualTo("patience");
        assertThat(rec.retries).containsExactly(Duration.ofMillis(200));
        assertThat(rec.events).isEmpty(); // no text callbacks for a blocking call
    }

    @Test
    void serverErrorsAreRetried() {
        String m500 = scenario("err500", "[{\"text\":\"ok500\",\"fault\":{\"type\":\"status\",\"status\":500,\"times\":2}}]");
        String m503 = scenario("err503", "[{\"text\":\"ok503\",\"fault\":{\"type\":\"status\",\"status\":503,\"times\":1}}]");
        assertThat(provider().chat(ask(m500, "x")).message().text()).isEqualTo("ok500");
        assertThat(requestsFor(m500)).isEqualTo(3);
        assertThat(provider().stream(ask(m503, "x"), StreamListener.NONE).message().text()).isEqualTo("ok503");
        assertThat(requestsFor(m503)).isEqualTo(2);
        String m529 = scenario("err529", "[{\"text\":\"ok529\",\"fault\":{\"type\":\"status\",\"status\":529,\"times\":1}}]");
        assertThat(provider().stream(ask(m529, "x"), StreamListener.NONE).message().text()).isEqualTo("ok529");
        assertThat(requestsFor(m529)).isEqualTo(2);
    }

    @Test
    void connectionResetIsRetried() {
        String model = scenario("reset", "[{\"text\":\"after reset\",\"fault\":{\"type\":\"reset\",\"times\":1}}]");
        assertThat(provider().stream(ask(model, "x"), StreamListener.NONE).message().text()).isEqualTo("after reset");
        assertThat(requestsFor(model)).isEqualTo(2);
    }

    @Test
    void stallMidStreamTimesOutWithinTheIdleTimeout() {
        String model = scenario("stall", "[{\"text\":\"one two three four five six seven eight nine ten\","
                + "\"fault\":{\"type\":\"stall\",\"afterTokens\":3,\"ms\":15000}}]");
        ModelProvider p = create(transport, config(sim).withRetry(FAST_RETRY)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(700)));
        Recorder rec = new Recorder();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.stream(ask(model, "x"), rec))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(rec.text.toString()).isNotEmpty();
        assertThat(requestsFor(model)).isEqualTo(1);
    }

    @Test
    void stallInsideAWholeBodyIsATimeoutRetriedLikeOne() {
        String model = scenario("stallwhole", "[{\"text\":\"one two three four five six seven eight nine ten\","
                + "\"fault\":{\"type\":\"stall\",\"afterTokens\":3,\"ms\":15000}}]");
        ModelProvider p = create(transport, config(sim).withRetry(FAST_RETRY.withMaxRetries(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.chat(ask(model, "x")))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(e.getMessage()).contains("stalled");
                });
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(6000);
        assertThat(requestsFor(model)).isEqualTo(2); // nothing reached the user, so one retry was allowed
    }

    @Test
    void garbageBodyIsAProtocolError() {
        String model = scenario("garbage", "[{\"text\":\"never\",\"fault\":{\"type\":\"garbage\"}}]");
        for (boolean stream : new boolean[] {true, false}) {
            assertThatThrownBy(() -> {
                if (stream) provider().stream(ask(model, "x"), StreamListener.NONE);
                else provider().chat(ask(model, "x"));
            }).isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
        }
        assertThat(requestsFor(model)).isEqualTo(2);
    }

    @Test
    void unauthorizedIsReportedWithoutRetry() {
        String model = scenario("unauth", "[{\"text\":\"never\",\"fault\":{\"type\":\"status\",\"status\":401}}]");
        assertThatThrownBy(() -> provider().stream(ask(model, "x"), StreamListener.NONE))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).startsWith(provider().name() + ": HTTP 401");
                });
        assertThat(requestsFor(model)).isEqualTo(1);
    }

    @Test
    void streamedTextAlreadyDeliveredIsNeverSilentlyRetried() {
        // tokens trickle (30 ms apart) so the ones before the reset really reach the client first
        sim.addScenario(Scenario.parse("{\"name\":\"cutoff\",\"latency\":{\"ttftMs\":0,\"tokenMs\":30},"
                + "\"steps\":[{\"text\":\"one two three four five six seven eight nine ten\","
                + "\"fault\":{\"type\":\"reset\",\"afterTokens\":3,\"times\":1}}]}"));
        String model = "sim:cutoff";
        Recorder rec = new Recorder();
        assertThatThrownBy(() -> provider().stream(ask(model, "x"), rec))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
                    assertThat(e.getMessage()).contains("not retried");
                });
        assertThat(rec.text.toString()).isNotEmpty();
        assertThat(rec.retries).isEmpty();
        assertThat(requestsFor(model)).isEqualTo(1);
    }

    @Test
    void errorEventMidStreamIsReportedNotRetried() {
        sim.addScenario(Scenario.parse("{\"name\":\"midstream\",\"latency\":{\"ttftMs\":0,\"tokenMs\":20},"
                + "\"steps\":[{\"text\":\"one two three four five six seven eight nine ten\","
                + "\"fault\":{\"type\":\"status\",\"status\":529,\"afterTokens\":3,\"times\":1}}]}"));
        Recorder rec = new Recorder();
        assertThatThrownBy(() -> provider().stream(ask("sim:midstream", "x"), rec))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isIn(Kind.OVERLOADED, Kind.SERVER);
                    assertThat(e.getMessage()).startsWith(provider().name() + ": error in stream").contains("not retried");
                });
        assertThat(rec.text.toString()).isNotEmpty();
        assertThat(requestsFor("sim:midstream")).isEqualTo(1);
    }

    @Test
    void concurrencyLimitIsRespected() throws Exception {
        try (SimServer own = SimServer.start(simConfig().build());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            own.addScenario(Scenario.parse("{\"name\":\"slow\",\"latency\":{\"ttftMs\":120,\"tokenMs\":0},"
                    + "\"steps\":[{\"text\":\"done\"}]}"));
            HttpModelProvider p = create(transport, config(own).withRetry(FAST_RETRY).withMaxConcurrency(3));
            List<Future<ChatResponse>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                boolean stream = i % 2 == 0;
                all.add(pool.submit(() -> stream ? p.stream(ask("sim:slow", "x"), StreamListener.NONE)
                        : p.chat(ask("sim:slow", "x"))));
            }
            for (Future<ChatResponse> f : all) assertThat(f.get().message().text()).isEqualTo("done");
            // counted where it is enforced: the simulator's own gauge drops only after its last byte, which the
            // client may already have read and followed with its next request
            assertThat(p.peakInFlight()).isEqualTo(3); // used, never exceeded
            assertThat(p.inFlight()).isZero();
            assertThat(own.stats().scenario("slow")).isEqualTo(12);
        }
    }

    // ---- cancellation and deadlines (the run's token) in every phase of a call

    private HttpModelProvider patientProvider() {
        // long transport timeouts, so what ends the calls below is the run's token
        return create(transport, config(sim).withRetry(FAST_RETRY)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(120), Duration.ofSeconds(120)));
    }

    private static long millisSince(long t0) { return (System.nanoTime() - t0) / 1_000_000; }

    @Test
    void aDeadlineEndsAWaitForHeadersPromptly() {
        String model = scenario("slowheaders", "[{\"text\":\"late\",\"fault\":{\"type\":\"slow_headers\",\"ms\":100000}}]");
        HttpModelProvider p = patientProvider();
        Cancellation deadline = Cancellation.withDeadline(Instant.now().plusSeconds(2));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.chat(ask(model, "x"), StreamListener.NONE, deadline))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        assertThat(millisSince(t0)).isBetween(1900L, 3000L);
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> p.inFlight() == 0);
    }

    @Test
    void aDeadlineEndsAStalledStreamPromptly() {
        String model = scenario("stalldeadline", "[{\"text\":\"one two three four five six seven eight nine ten\","
                + "\"fault\":{\"type\":\"stall\",\"afterTokens\":3,\"ms\":100000}}]");
        HttpModelProvider p = patientProvider();
        Recorder rec = new Recorder();
        Cancellation deadline = Cancellation.withDeadline(Instant.now().plusSeconds(2));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.stream(ask(model, "x"), rec, deadline))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        assertThat(millisSince(t0)).isBetween(1900L, 3000L);
        assertThat(rec.text.toString()).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> p.inFlight() == 0);
    }

    @Test
    void aCancelDuringARetryAfterWaitEndsAtOnce() {
        String model = scenario("longretry", "[{\"text\":\"never\",\"fault\":{\"type\":\"status\",\"status\":429,"
                + "\"retryAfter\":\"30\",\"times\":1}}]");
        HttpModelProvider p = patientProvider();
        Cancellation cancel = Cancellation.create();
        long[] cancelledAt = {0};
        StreamListener listener = new StreamListener() {
            @Override public void onRetry(int attempt, Duration delay, String reason) {
                Thread.ofVirtual().start(() -> {
                    cancelledAt[0] = System.nanoTime();
                    cancel.cancel("user pressed Ctrl-C");
                });
            }
        };
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.stream(ask(model, "x"), listener, cancel))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
                    assertThat(e.getMessage()).contains("Ctrl-C");
                });
        assertThat(millisSince(t0)).isLessThan(3000);
        assertThat((System.nanoTime() - cancelledAt[0]) / 1_000_000).isLessThan(1000);
        assertThat(p.inFlight()).isZero();
        assertThat(requestsFor(model)).isEqualTo(1);
    }

    @Test
    void anInterruptedCallEndsCancelledAtOnce() throws Exception {
        String model = scenario("interrupted", "[{\"text\":\"late\",\"fault\":{\"type\":\"slow_headers\",\"ms\":100000}}]");
        HttpModelProvider p = patientProvider();
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                p.stream(ask(model, "x"), StreamListener.NONE);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> requestsFor(model) == 1);
        long t0 = System.nanoTime();
        caller.interrupt(); // what a chat's Ctrl-C does
        Throwable t = outcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(millisSince(t0)).isLessThan(2000);
        assertThat(t).isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(requestsFor(model)).as("not retried").isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> p.inFlight() == 0);
    }

    @Test
    void anAlreadyCancelledTokenSendsNothing() {
        String model = scenario("precancelled", "[{\"text\":\"never\"}]");
        Cancellation cancel = Cancellation.create();
        cancel.cancel("gone");
        assertThatThrownBy(() -> provider().chat(ask(model, "x"), StreamListener.NONE, cancel))
                .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(requestsFor(model)).isZero();
    }

    // ---- error details

    @Test
    void aServerErrorCarriesTheServersDetail() {
        String model = scenario("err500always", "[{\"text\":\"never\",\"fault\":{\"type\":\"status\",\"status\":500}}]");
        ModelProvider p = create(transport, config(sim).withRetry(RetryPolicy.NONE));
        assertThatThrownBy(() -> p.chat(ask(model, "x")))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.SERVER);
                    assertThat(e.getMessage()).matches(p.name() + ": HTTP 500 server error: .*[a-z]{4,}.*");
                });
    }

    @Test
    void garbageIsQuotedInTheProtocolError() {
        String model = scenario("garbagequote", "[{\"text\":\"never\",\"fault\":{\"type\":\"garbage\"}}]");
        ModelProvider p = create(transport, config(sim).withRetry(RetryPolicy.NONE));
        for (boolean stream : new boolean[] {true, false}) {
            assertThatThrownBy(() -> {
                if (stream) p.stream(ask(model, "x"), StreamListener.NONE);
                else p.chat(ask(model, "x"));
            }).isInstanceOfSatisfying(ModelException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
                assertThat(e.getMessage()).contains("not JSON: '").doesNotContain("\n");
            });
        }
    }

    // ---- model list

    @Test
    void theModelListNamesTheSimulatorsScenariosAndIsCached() {
        scenario("listed", "[{\"text\":\"x\"}]");
        HttpModelProvider p = provider();
        List<ModelInfo> models = p.models();
        assertThat(models).extracting(ModelInfo::id).contains("sim:listed");
        long listRequests = sim.stats().requests();
        assertThat(p.models()).isSameAs(models);
        assertThat(sim.stats().requests()).isEqualTo(listRequests);
    }
}
