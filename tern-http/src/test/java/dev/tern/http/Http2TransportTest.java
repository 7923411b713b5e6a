package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP/2 transports against Jetty's HTTP/2 server on loopback: h2c with prior knowledge
 * ({@link Transports#H2C}, Jetty's client) and h2 chosen by ALPN over TLS ({@link Transports#JETTY}); a thousand concurrent calls share one connection; the headers and idle
 * timeouts and an abort end a blocked stream at once, and the connection keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2TransportTest {

    private static final TransportRequest.Timeouts PATIENT =
            new TransportRequest.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));

    private H2Server server;
    private SSLContext trusting;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("tern-h2");
        SelfSignedStore certs = SelfSignedStore.create(dir);
        trusting = certs.trustingContext();
        server = new H2Server(certs.serverContext());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        Files.deleteIfExists(dir.resolve("server.p12"));
        Files.deleteIfExists(dir);
    }

    private static String text(TransportResponse r) throws IOException {
        try (r) {
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI h2c(String path) { return URI.create("http://127.0.0.1:" + server.plainPort() + path); }

    @Test
    void h2cWithPriorKnowledgeGetsAndPosts() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.get(h2c("/hello?q=1"), List.of("x-test", "yes"), PATIENT), new Abort());
            assertThat(r.protocol()).isEqualTo("HTTP/2");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().first("X-Answer")).isEqualTo("42");
            assertThat(text(r)).isEqualTo("hello 1");
            byte[] big = "é".repeat(40_000).getBytes(StandardCharsets.UTF_8);
            TransportResponse p = t.send(TransportRequest.post(h2c("/echo"), List.of("content-type", "text/plain"),
                    TransportRequest.Body.of(big), PATIENT), new Abort());
            assertThat(text(p)).isEqualTo("echo " + "é".repeat(40_000));
            // a body written by its writer, not handed over as bytes
            TransportResponse w = t.send(TransportRequest.post(h2c("/echo"), List.of("content-type", "text/plain"), new TransportRequest.Body() {
                @Override public long length() { return 5; }

                @Override public void writeTo(java.io.OutputStream out) throws IOException { out.write("moved".getBytes(StandardCharsets.UTF_8)); }
            }, PATIENT), new Abort());
            assertThat(text(w)).isEqualTo("echo moved");
        }
    }

    @Test
    void aThousandConcurrentCallsShareOneConnection() throws Exception {
        server.clientPorts.clear();
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            t.send(TransportRequest.get(h2c("/hello?q=0"), List.of(), PATIENT), new Abort()).close(); // the connection
            List<Thread> threads = new ArrayList<>();
            List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 1_000; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        answers.add(text(t.send(TransportRequest.get(h2c("/wait?ms=200&q=" + n), List.of(), PATIENT), new Abort())));
                    } catch (IOException e) {
                        answers.add(e.toString());
                    }
                }));
            }
            for (Thread th : threads) th.join();
            assertThat(answers).hasSize(1_000).allMatch(a -> a.startsWith("waited "));
        }
        assertThat(server.clientPorts).hasSize(1);
    }

    @Test
    void tlsNegotiatesH2ByAlpn() throws Exception {
        try (HttpTransport t = Transports.create(Transports.JETTY, TransportOptions.DEFAULT.withTls(trusting))) {
            TransportResponse r = t.send(TransportRequest.get(URI.create("https://localhost:" + server.securePort() + "/hello?q=tls"),
                    List.of(), PATIENT), new Abort());
            assertThat(r.protocol()).isEqualTo("HTTP/2");
            assertThat(text(r)).isEqualTo("hello tls");
        }
    }

    @Test
    void withoutHttp2TlsSpeaksHttp11() throws Exception {
        TransportOptions http11 = new TransportOptions(TransportOptions.DEFAULT_CONNECT, 64, 16_384, Duration.ofSeconds(30), false, trusting);
        try (HttpTransport t = Transports.create(Transports.JETTY, http11)) {
            TransportResponse r = t.send(TransportRequest.get(URI.create("https://localhost:" + server.securePort() + "/hello?q=h1"),
                    List.of(), PATIENT), new Abort());
            assertThat(r.protocol()).isEqualTo("HTTP/1.1");
            assertThat(text(r)).isEqualTo("hello h1");
        }
    }

    @Test
    void concurrentCallsOverTlsWithoutHttp2AreServedThroughABoundedConnectQueue() throws Exception {
        TransportOptions http11 = new TransportOptions(TransportOptions.DEFAULT_CONNECT, 8, 16_384, Duration.ofSeconds(30), false, trusting);
        server.clientPorts.clear();
        try (HttpTransport t = Transports.create(Transports.JETTY, http11)) {
            List<String> answers = burst(t, "https://localhost:" + server.securePort(), 200);
            assertThat(answers).hasSize(200).allMatch(a -> a.startsWith("waited "));
            // one request per HTTP/1.1 connection at a time, never more than 8 handshakes at once
            assertThat(((JettyTransport) t).connectingHighWater()).isBetween(1, 8);
            assertThat(server.clientPorts).hasSizeGreaterThan(8);
        }
    }

    /** {@code n} POSTs answered after 200 ms, released at once (each on a virtual thread), their answers or errors. */
    private static List<String> burst(HttpTransport t, String base, int n) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    answers.add(text(t.send(TransportRequest.post(URI.create(base + "/wait?ms=200&q=" + k), List.of("content-type", "application/json"),
                            TransportRequest.Body.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8)), PATIENT), new Abort())));
                } catch (IOException | InterruptedException e) {
                    answers.add(e.toString());
                }
            }));
        }
        go.countDown();
        for (Thread th : threads) th.join();
        return answers;
    }

    @Test
    void jettyStartsOnlyForACallThatNeedsIt() throws Exception {
        try (HttpTransport t = Transports.create(Transports.JETTY, TransportOptions.DEFAULT.withTls(trusting))) {
            assertThat(text(t.send(TransportRequest.get(h2c("/hello?q=plain"), List.of(), PATIENT), new Abort()))).isEqualTo("hello plain");
            assertThat(((JettyTransport) t).jettyStarted()).isFalse();   // plain http went through the socket transport
            assertThat(text(t.send(TransportRequest.get(URI.create("https://localhost:" + server.securePort() + "/hello?q=tls"),
                    List.of(), PATIENT), new Abort()))).isEqualTo("hello tls");
            assertThat(((JettyTransport) t).jettyStarted()).isTrue();
            t.close();
            assertThatThrownBy(() -> t.send(TransportRequest.get(URI.create("https://localhost:" + server.securePort() + "/hello"),
                    List.of(), PATIENT), new Abort())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void plainHttpWithoutPriorKnowledgeIsHttp11() throws Exception {
        try (HttpTransport t = Transports.create(Transports.JETTY, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.get(h2c("/hello?q=h1"), List.of(), PATIENT), new Abort());
            assertThat(r.protocol()).isEqualTo("HTTP/1.1");
            assertThat(text(r)).isEqualTo("hello h1");
        }
    }

    @Test
    void aSlowAnswerIsAHeadersTimeout() {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> t.send(TransportRequest.get(h2c("/slow-headers"), List.of(),
                    new TransportRequest.Timeouts(null, Duration.ofMillis(300), null)), new Abort()))
                    .isInstanceOf(TransportTimeoutException.Headers.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        }
    }

    @Test
    void aSilentStreamIsAnIdleTimeout() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.get(h2c("/stall"), List.of(),
                    new TransportRequest.Timeouts(null, Duration.ofSeconds(5), Duration.ofMillis(300))), new Abort());
            byte[] first = new byte[11];
            assertThat(r.body().readNBytes(first, 0, 11)).isEqualTo(11);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> r.body().read()).isInstanceOf(TransportTimeoutException.Idle.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
            r.close();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            // the stream was reset, the connection serves the next call
            assertThat(text(t.send(TransportRequest.get(h2c("/hello?q=next"), List.of(), PATIENT), new Abort()))).isEqualTo("hello next");
        }
    }

    @Test
    void aCallSilentLongerThanTheKeepAliveIsNotCutByIt() throws Exception {
        // the keep-alive bounds idle connections only: an answer 1.2 s away survives a 200 ms keep-alive on h2 and HTTP/1.1
        TransportOptions shortKeepAlive = TransportOptions.DEFAULT.withTls(trusting).withKeepAlive(Duration.ofMillis(200));
        for (TransportOptions o : List.of(new TransportOptions(TransportOptions.DEFAULT_CONNECT, 64, 16_384,
                Duration.ofMillis(200), false, trusting), shortKeepAlive)) {
            try (HttpTransport t = Transports.create(Transports.JETTY, o)) {
                TransportResponse r = t.send(TransportRequest.get(URI.create("https://localhost:" + server.securePort()
                        + "/wait?ms=1200&q=patient"), List.of(), PATIENT), new Abort());
                assertThat(r.protocol()).isEqualTo(o.http2() ? "HTTP/2" : "HTTP/1.1");
                assertThat(text(r)).isEqualTo("waited patient");
                // idle, the connection is still closed after the keep-alive: a later call comes on a new one
                server.clientPorts.clear();
                t.send(TransportRequest.get(URI.create("https://localhost:" + server.securePort() + "/hello"), List.of(), PATIENT), new Abort()).close();
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(600)).until(() -> {
                    t.send(TransportRequest.get(URI.create("https://localhost:" + server.securePort() + "/hello"), List.of(), PATIENT), new Abort()).close();
                    return server.clientPorts.size() > 1;
                });
            }
        }
    }

    @Test
    void anUnauthorizedAnswerReachesTheCallerAsItIs() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.post(h2c("/401"), List.of("content-type", "application/json"),
                    TransportRequest.Body.of("{}".getBytes(StandardCharsets.UTF_8)), PATIENT), new Abort());
            assertThat(r.status()).isEqualTo(401);
            assertThat(text(r)).isEqualTo("{\"error\":\"no key\"}");
        }
    }

    @Test
    void aResetStreamIsAnErrorNotAnEnd() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.get(h2c("/reset"), List.of(), PATIENT), new Abort());
            assertThat(r.status()).isEqualTo(200);
            assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(IOException.class);
            r.close();
            assertThat(text(t.send(TransportRequest.get(h2c("/hello?q=after"), List.of(), PATIENT), new Abort()))).isEqualTo("hello after");
        }
    }

    @Test
    void anAbortEndsTheWaitForHeadersAtOnce() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            Abort abort = new Abort();
            int before = server.inHandler.get();
            Thread.ofVirtual().start(() -> {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.inHandler.get() > before);
                abort.abort("test");
            });
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> t.send(TransportRequest.get(h2c("/slow-headers"), List.of(), PATIENT), abort))
                    .isInstanceOf(AbortedException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            // the connection still serves other streams
            assertThat(text(t.send(TransportRequest.get(h2c("/hello?q=after"), List.of(), PATIENT), new Abort())))
                    .isEqualTo("hello after");
        }
    }

    @Test
    void anAbortEndsABodyReadAtOnce() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            Abort abort = new Abort();
            TransportResponse r = t.send(TransportRequest.get(h2c("/stall"), List.of(), PATIENT), abort);
            assertThat(r.body().readNBytes(11)).hasSize(11);
            int before = server.inHandler.get();
            Thread.ofVirtual().start(() -> {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.inHandler.get() >= before);
                abort.abort("test");
            });
            assertThatThrownBy(() -> r.body().read()).isInstanceOf(AbortedException.class);
            r.close();
        }
    }

    @Test
    void aRefusedConnectionIsAnIoError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            assertThatThrownBy(() -> t.send(TransportRequest.get(URI.create("http://127.0.0.1:" + port + "/"), List.of(), PATIENT),
                    new Abort())).isInstanceOf(IOException.class).isNotInstanceOf(AbortedException.class);
        }
    }
}
