package dev.tern.provider.internal;

import dev.tern.http.SseParser;

import dev.tern.http.HttpTransport;
import dev.tern.http.TransportOptions;
import dev.tern.http.Transports;
import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import dev.tern.model.StreamListener;
import dev.tern.provider.LoopbackServer;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.http.RetryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared request loop against a real loopback HTTP server, on every transport. */
@ParameterizedClass(name = "transport {0}")
@ValueSource(strings = {Transports.SOCKET, Transports.JDK})
class ProviderHttpTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    @Parameter
    String transportName;

    private static final java.util.Map<String, HttpTransport> TRANSPORTS = new java.util.concurrent.ConcurrentHashMap<>();
    private HttpTransport TRANSPORT;

    @BeforeEach
    void openTransport() {
        TRANSPORT = TRANSPORTS.computeIfAbsent(transportName,
                n -> Transports.create(n, TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(2))));
    }

    @AfterAll
    static void closeTransports() { TRANSPORTS.values().forEach(HttpTransport::close); }

    private ProviderHttp http(LoopbackServer server, RetryPolicy retry, Duration idle) {
        ProviderConfig cfg = ProviderConfig.of("test", server.baseUrl(), "sk-test-key")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), idle).withRetry(retry);
        return new ProviderHttp(TRANSPORT, cfg, java.util.Map.of("authorization", "Bearer sk-test-key"));
    }

    /** Reads data events as text deltas; "[DONE]" ends. */
    private static String call(ProviderHttp http, StreamListener listener) {
        JsonBody body = JsonBody.write(16, g -> { g.writeStartObject(); g.writeEndObject(); });
        return http.post("/x", body, true, listener, null, (response, l) -> {
            StringBuilder sb = new StringBuilder();
            boolean[] done = {false};
            SseParser p = new SseParser(response.body());
            p.run(e -> {
                if (e.data().equals("[DONE]")) { done[0] = true; return false; }
                if (e.data().startsWith("{")) dev.tern.json.Json.parse(e.data()); // garbage -> JacksonException
                l.onText(e.data());
                sb.append(e.data());
                return true;
            });
            if (!done[0]) throw http.errors().error(Kind.CONNECTION, "stream ended early", null);
            return sb.toString();
        });
    }

    private static void ok(LoopbackServer.Exchange ex, String... parts) throws Exception {
        ex.startStream(200);
        for (String p : parts) ex.event(p);
        ex.event("[DONE]");
        ex.end();
    }

    @Test
    void retryAfterIsWaitedOutWithExactlyTwoRequests() {
        List<Duration> retries = Collections.synchronizedList(new ArrayList<>());
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            if (req.number() == 1) ex.json(429, "{\"error\":{\"message\":\"slow down\"}}", "retry-after", "1");
            else ok(ex, "hi");
        })) {
            long t0 = System.nanoTime();
            String out = call(http(server, FAST, Duration.ofSeconds(5)), new StreamListener() {
                @Override public void onRetry(int attempt, Duration delay, String reason) { retries.add(delay); }
            });
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(out).isEqualTo("hi");
            assertThat(server.requestCount()).isEqualTo(2);
            assertThat(retries).containsExactly(Duration.ofSeconds(1));
            List<LoopbackServer.Request> reqs = server.requests();
            assertThat((reqs.get(1).arrivedNanos() - reqs.get(0).arrivedNanos()) / 1_000_000).isGreaterThanOrEqualTo(950);
            assertThat(elapsedMs).isLessThan(5000);
            assertThat(reqs.get(0).headers()).containsEntry("authorization", "Bearer sk-test-key");
        }
    }

    @Test
    void serverErrorsAndResetsAreRetried() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            switch (req.number()) {
                case 1 -> ex.json(500, "{}");
                case 2 -> ex.json(503, "{}");
                case 3 -> ex.reset();
                default -> ok(ex, "fine");
            }
        })) {
            assertThat(call(http(server, FAST, Duration.ofSeconds(5)), null)).isEqualTo("fine");
            assertThat(server.requestCount()).isEqualTo(4);
        }
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastError() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> ex.json(502, "{\"error\":{\"message\":\"bad gateway\"}}"))) {
            assertThatThrownBy(() -> call(http(server, FAST.withMaxRetries(2), Duration.ofSeconds(5)), null))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.SERVER);
                        assertThat(e.status()).isEqualTo(502);
                        assertThat(e.getMessage()).isEqualTo("test: HTTP 502 server error: bad gateway");
                    });
            assertThat(server.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void authenticationFailureIsNotRetried() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) ->
                ex.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-key\"}}"))) {
            assertThatThrownBy(() -> call(http(server, FAST, Duration.ofSeconds(5)), null))
                    .isInstanceOfSatisfying(ModelException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                        assertThat(e.getMessage()).doesNotContain("sk-test-key");
                    });
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void stallAfterOutputIsATimeoutWithinTheIdleLimitAndNotRetried() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            ex.event("one");
            Thread.sleep(20_000);
        })) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> call(http(server, FAST, Duration.ofMillis(400)), new StreamListener() {
                @Override public void onText(String delta) { seen.add(delta); }
            })).isInstanceOfSatisfying(ModelException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("stream stalled").contains("not retried");
            });
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(4000);
            assertThat(seen).containsExactly("one");
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void stallBeforeAnyOutputIsRetried() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            if (req.number() == 1) Thread.sleep(20_000);
            ex.event("late but fine");
            ex.event("[DONE]");
            ex.end();
        })) {
            assertThat(call(http(server, FAST, Duration.ofMillis(300)), null)).isEqualTo("late but fine");
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void garbageIsAProtocolErrorAndNotRetried() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            ex.send("data: {\"broken\": tru\n\n");
            ex.end();
        })) {
            assertThatThrownBy(() -> call(http(server, FAST, Duration.ofSeconds(5)), null))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void noResponseHeadersIsATimeout() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> Thread.sleep(20_000))) {
            ProviderConfig cfg = ProviderConfig.of("test", server.baseUrl(), "")
                    .withTimeouts(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(5))
                    .withRetry(RetryPolicy.NONE);
            ProviderHttp http = new ProviderHttp(TRANSPORT, cfg, java.util.Map.of());
            assertThatThrownBy(() -> call(http, null))
                    .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void refusedConnectionIsAConnectionError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) { port = s.getLocalPort(); }
        ProviderConfig cfg = ProviderConfig.of("test", "http://127.0.0.1:" + port, "").withRetry(RetryPolicy.NONE);
        assertThatThrownBy(() -> call(new ProviderHttp(TRANSPORT, cfg, java.util.Map.of()), null))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
                    assertThat(e.getMessage()).startsWith("test: ");
                });
    }

    @Test
    void concurrencyLimitHoldsAcrossManyCallers() throws Exception {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            Thread.sleep(150);
            ok(ex, "x");
        }); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ProviderHttp http = new ProviderHttp(TRANSPORT, ProviderConfig.of("test", server.baseUrl(), "")
                    .withMaxConcurrency(2).withRetry(FAST), java.util.Map.of());
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) all.add(pool.submit(() -> call(http, null)));
            for (Future<String> f : all) assertThat(f.get()).isEqualTo("x");
            // counted where the limit is enforced (the server's own count lags: it sees a request as in flight
            // until after its last byte, which the client may already have read and followed with the next one)
            assertThat(http.limiter().peakInFlight()).isEqualTo(2);
            assertThat(http.limiter().inFlight()).isZero();
        }
    }

    @Test
    void a429MakesEveryCallerWaitNotOnlyTheOneThatGotIt() throws Exception {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            if (req.number() == 1) ex.json(429, "{}", "retry-after", "1");
            else ok(ex, "x");
        })) {
            ProviderHttp http = http(server, FAST, Duration.ofSeconds(5));
            CompletableFuture<String> second = new CompletableFuture<>();
            String first = call(http, new StreamListener() {
                @Override public void onRetry(int attempt, Duration delay, String reason) {
                    // a second caller arrives while the first one is backing off
                    Thread.ofVirtual().start(() -> second.complete(call(http, null)));
                }
            });
            assertThat(first).isEqualTo("x");
            assertThat(second.get()).isEqualTo("x");
            List<LoopbackServer.Request> reqs = server.requests();
            assertThat(reqs).hasSize(3);
            long firstNanos = reqs.get(0).arrivedNanos();
            for (LoopbackServer.Request r : reqs.subList(1, 3)) {
                assertThat((r.arrivedNanos() - firstNanos) / 1_000_000).isGreaterThanOrEqualTo(950);
            }
        }
    }

    @Test
    void exhaustedRateLimitHeadersDelayTheNextRequest() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200, "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "700ms");
            ex.event("x");
            ex.event("[DONE]");
            ex.end();
        })) {
            ProviderHttp http = http(server, FAST, Duration.ofSeconds(5));
            call(http, null);
            call(http, null);
            List<LoopbackServer.Request> reqs = server.requests();
            assertThat((reqs.get(1).arrivedNanos() - reqs.get(0).arrivedNanos()) / 1_000_000).isGreaterThanOrEqualTo(650);
        }
    }

    @Test
    void aSteadyStreamMayOutliveTheFirstByteTimeout() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            ex.startStream(200);
            for (int i = 0; i < 8; i++) {
                ex.event("t" + i);
                Thread.sleep(100);
            }
            ex.event("[DONE]");
            ex.end();
        })) {
            ProviderConfig cfg = ProviderConfig.of("test", server.baseUrl(), "")
                    .withTimeouts(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(600))
                    .withRetry(RetryPolicy.NONE);
            assertThat(call(new ProviderHttp(TRANSPORT, cfg, java.util.Map.of()), null)).isEqualTo("t0t1t2t3t4t5t6t7");
        }
    }

    @Test
    void serverCanVetoOrAskForARetry() {
        try (LoopbackServer server = LoopbackServer.start((req, ex) -> {
            if (req.number() == 1) ex.json(503, "{}", "x-should-retry", "false");
            else if (req.number() == 2) ex.json(409, "{\"error\":{\"message\":\"conflict\"}}", "x-should-retry", "true");
            else ok(ex, "ok");
        })) {
            ProviderHttp http = http(server, FAST, Duration.ofSeconds(5));
            assertThatThrownBy(() -> call(http, null)).isInstanceOfSatisfying(ModelException.class,
                    e -> assertThat(e.status()).isEqualTo(503));
            assertThat(server.requestCount()).isEqualTo(1);
            assertThat(call(http, null)).isEqualTo("ok");
            assertThat(server.requestCount()).isEqualTo(3);
        }
    }
}
